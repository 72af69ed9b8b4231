"""The discussion and decision screens: what they show, computed here, and their use cases.

After the reveal the MED committee discusses the panel's scores, usually on a projector. The
booklet's point is that the value lies in the dialogue and in the necessary conflicts, so the
discussion screen leads with where the panel disagrees (hot spots), then shows the spread of
every criterion, the reasons side by side, the professions' views (only for groups of three
or more), the gaps between the three perspectives on the core task and between value to the
citizen and value to society (each asking for a written comment), and the dilemma log.

Everything a screen shows is computed here into plain, frozen dataclasses with texts already
in the reader's language (``translate`` is a gettext function, ``language`` picks the rubric's
texts); pages only lay them out. Numbers and dates stay numbers and dates, for the page to
format the Danish way.

Raters are pseudonymised – "Participant C, pædagog", letters in a random order kept with the
proposal (:mod:`assessment.kernel.pseudonyms`) – unless the proposal was set up with ``show_rater_names``.

Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

from assessment.citizen_evidence import evidence_in
from assessment.dilemmas import STARTING_POINTS, suggested_criterion
from assessment.discussion_views import (
    DILEMMA_STATUS_LABELS,
    DONT_KNOW_LABEL,
    CellView,
    DilemmaView,
    DiscussionView,
    DivergenceView,
    GapView,
    LevelCount,
    NoteView,
    ProfessionRow,
    ProfessionTable,
    Reason,
    ReasonRow,
    ViewContext,
    citizen_voice,
    hot_spots,
    median_of,
    option_views,
    pseudonyms,
    rule_view,
)
from assessment.kernel import lifecycle, records, scoring
from assessment.kernel.clock import utc_now
from assessment.kernel.errors import N_, FormInvalid, InvalidInput, Message, Translate, WrongState
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Dilemma, Person, Profession, Proposal, Round, Score, Status
from assessment.kernel.permissions import Action, Actor, checked_proposal, use_case
from assessment.kernel.pseudonyms import MINIMUM_GROUP
from assessment.kernel.records import record_audit
from assessment.kernel.repository import DiscussionNote, NoteKind, Repository, UnitOfWork
from assessment.kernel.rubric import Rubric
from assessment.kernel.scoring import (
    CellKey,
    Tally,
    cell_stats,
    criterion_value,
    disagreement_edges,
    effective_scores,
    perspective_gaps,
    profession_breakdown,
    value_criteria,
    value_divergence,
)

# The default rubric's criteria for value to the citizen and to society (DESIGN.md section 2).
NOTE_LIMIT = 4_000


# Comments and dilemmas can be written from the reveal until the proposal is closed.
NOTES_ALLOWED: frozenset[Status] = frozenset({Status.DISCUSSION, Status.DECIDED, Status.FOLLOW_UP})


def _cell_view(context: ViewContext, key: CellKey, tally: Tally) -> CellView:
    option_id, criterion_key, facet = key
    criterion = context.rubric.criterion(criterion_key)
    scale = context.rubric.scale_of(criterion)
    stats = cell_stats(tally, scale)
    bottom, top = disagreement_edges(scale)
    minimum, maximum = stats.minimum, stats.maximum
    return CellView(
        option_id=option_id,
        option_title=context.option(option_id).title,
        criterion_key=criterion_key,
        criterion_label=criterion.question(context.language),
        dimension_label=context.rubric.dimension(criterion.dimension).title(context.language),
        facet=facet,
        facet_label=context.facet_label(criterion_key, facet),
        scale_title=scale.title(context.language),
        levels=tuple(
            LevelCount(value, scale.label(value, context.language), tally.counts.get(value, 0))
            for value in scale.values
        ),
        count=stats.count,
        dont_know=stats.dont_know,
        median=stats.median,
        minimum=minimum,
        maximum=maximum,
        spread=(maximum - minimum) if minimum is not None and maximum is not None else 0,
        at_bottom=sum(tally.counts.get(level, 0) for level in bottom),
        at_top=sum(tally.counts.get(level, 0) for level in top),
        disagreement=stats.disagreement,
    )


def _cell_views(context: ViewContext, tallies: Mapping[CellKey, Tally]) -> tuple[CellView, ...]:
    known = {criterion.key for criterion in context.rubric.criteria}
    keys = set(context.every_cell()) | {key for key in tallies if key[1] in known}
    return tuple(
        _cell_view(context, key, tallies.get(key, Tally({}))) for key in sorted(keys, key=context.cell_order)
    )


def _reason_rows(
    context: ViewContext,
    scores: Iterable[Score],
    raters: Mapping[int, str],
    cells: Mapping[CellKey, CellView],
) -> tuple[ReasonRow, ...]:
    grouped: dict[tuple[str, str], dict[int, list[Score]]] = defaultdict(lambda: defaultdict(list))
    known = {criterion.key for criterion in context.rubric.criteria}
    for score in effective_scores(scores).values():
        if score.reason.strip() and score.criterion_key in known:
            grouped[(score.criterion_key, score.facet)][score.option_id].append(score)
    rows: list[ReasonRow] = []
    order = sorted(grouped, key=lambda ck: context.cell_order((0, ck[0], ck[1]))[1:])
    for criterion_key, facet in order:
        by_option = []
        for option in context.options:
            given = sorted(
                grouped[(criterion_key, facet)].get(option.id, []), key=lambda s: _rater_position(raters, s)
            )
            cell = cells.get((option.id, criterion_key, facet))
            by_option.append(
                (
                    option,
                    tuple(
                        Reason(
                            rater=raters.get(score.rater_id, "?"),
                            level=score.level,
                            level_label=_level_text(cell, score.level, context.translate),
                            text=score.reason.strip(),
                            revised=score.round is Round.REVISED,
                        )
                        for score in given
                    ),
                )
            )
        rows.append(
            ReasonRow(
                criterion_key=criterion_key,
                criterion_label=context.criterion_label(criterion_key),
                facet=facet,
                facet_label=context.facet_label(criterion_key, facet),
                by_option=tuple(by_option),
            )
        )
    return tuple(rows)


def _rater_position(raters: Mapping[int, str], score: Score) -> int:
    """Reasons are listed in the panel's letter order (the order of ``raters``)."""
    order = list(raters)
    return order.index(score.rater_id) if score.rater_id in order else len(order)


def _level_text(cell: CellView | None, level: int | None, translate: Translate) -> str:
    if level is None:
        return translate(DONT_KNOW_LABEL)
    label = cell.level_label(level) if cell else ""
    return f"{level} {label}".strip()


def _profession_tables(
    context: ViewContext,
    profession_tallies: Mapping[tuple[int, str, str, str], Tally],
    group_sizes: Mapping[str, int],
    cells: Mapping[CellKey, CellView],
) -> tuple[tuple[ProfessionTable, ...], tuple[tuple[str, int], ...]]:
    known = {criterion.key for criterion in context.rubric.criteria}
    usable = {key: tally for key, tally in profession_tallies.items() if key[1] in known}
    shown = profession_breakdown(context.rubric, usable, group_sizes, minimum_group=MINIMUM_GROUP)
    tables: list[ProfessionTable] = []
    for profession_key in sorted(group_sizes, key=lambda key: context.profession_names.get(key, key)):
        if group_sizes[profession_key] < MINIMUM_GROUP:
            continue
        medians: dict[tuple[str, str], dict[int, float | None]] = defaultdict(dict)
        for (option_id, criterion_key, facet, profession), stats in shown.items():
            if profession == profession_key:
                medians[(criterion_key, facet)][option_id] = stats.median
        rows = [
            ProfessionRow(
                criterion_key=criterion_key,
                criterion_label=context.criterion_label(criterion_key),
                facet_label=context.facet_label(criterion_key, facet),
                medians={
                    option.id: medians[(criterion_key, facet)].get(option.id) for option in context.options
                },
                panel={
                    option.id: cells[(option.id, criterion_key, facet)].median
                    if (option.id, criterion_key, facet) in cells
                    else None
                    for option in context.options
                },
            )
            for criterion_key, facet in sorted(
                medians, key=lambda ck: context.cell_order((0, ck[0], ck[1]))[1:]
            )
        ]
        tables.append(
            ProfessionTable(
                name=context.profession_names.get(profession_key, profession_key),
                raters=group_sizes[profession_key],
                rows=tuple(rows),
            )
        )
    small = tuple(
        (context.profession_names.get(key, key), size)
        for key, size in sorted(
            group_sizes.items(), key=lambda item: context.profession_names.get(item[0], item[0])
        )
        if size < MINIMUM_GROUP
    )
    if 0 < sum(size for _name, size in small) < MINIMUM_GROUP:
        # Whoever knows the panel would read the few left out off the other groups and the
        # panel's medians: no group is shown, and the left-out ones are not named.
        return (), ()
    return tuple(tables), small


def _notes_by_target(
    notes: Iterable[DiscussionNote],
) -> dict[tuple[NoteKind, int | None, str | None], list[NoteView]]:
    grouped: dict[tuple[NoteKind, int | None, str | None], list[NoteView]] = defaultdict(list)
    for note in notes:
        grouped[(note.kind, note.option_id, note.criterion_key)].append(NoteView(note.text, note.created_at))
    return grouped


def _gap_views(
    context: ViewContext,
    tallies: Mapping[CellKey, Tally],
    notes: Mapping[tuple[NoteKind, int | None, str | None], list[NoteView]],
) -> tuple[GapView, ...]:
    views = []
    for gap in perspective_gaps(context.rubric, tallies):
        low = median_of(tallies.get((gap.option_id, gap.criterion_key, gap.low_facet)))
        high = median_of(tallies.get((gap.option_id, gap.criterion_key, gap.high_facet)))
        assert low is not None and high is not None  # a gap is only found between two medians
        views.append(
            GapView(
                option_id=gap.option_id,
                option_title=context.option(gap.option_id).title,
                criterion_key=gap.criterion_key,
                criterion_label=context.criterion_label(gap.criterion_key),
                low_label=context.facet_label(gap.criterion_key, gap.low_facet),
                low_median=low,
                high_label=context.facet_label(gap.criterion_key, gap.high_facet),
                high_median=high,
                gap=gap.gap,
                notes=tuple(notes.get((NoteKind.PERSPECTIVE_GAP, gap.option_id, gap.criterion_key), ())),
            )
        )
    views.sort(key=lambda view: (-view.gap, context.cell_order((view.option_id, view.criterion_key, ""))))
    return tuple(views)


def _divergence_views(
    context: ViewContext,
    tallies: Mapping[CellKey, Tally],
    notes: Mapping[tuple[NoteKind, int | None, str | None], list[NoteView]],
) -> tuple[DivergenceView, ...]:
    rubric = context.rubric
    both = value_criteria(rubric)
    if both is None:
        return ()
    citizen, society = both
    views = []
    for option_id, difference in value_divergence(rubric, tallies, citizen.key, society.key).items():
        citizen_value = criterion_value(
            citizen, rubric.scale_of(citizen), _facets(tallies, option_id, citizen.key)
        )
        society_value = criterion_value(
            society, rubric.scale_of(society), _facets(tallies, option_id, society.key)
        )
        assert citizen_value is not None and society_value is not None
        views.append(
            DivergenceView(
                option_id=option_id,
                option_title=context.option(option_id).title,
                citizen=citizen_value,
                society=society_value,
                difference=difference,
                notes=tuple(notes.get((NoteKind.VALUE_DIVERGENCE, option_id, None), ())),
            )
        )
    views.sort(key=lambda view: context.option(view.option_id).position)
    return tuple(views)


def _facets(tallies: Mapping[CellKey, Tally], option_id: int, criterion_key: str) -> dict[str, Tally]:
    return {
        key[2]: tally for key, tally in tallies.items() if key[0] == option_id and key[1] == criterion_key
    }


def _earlier_notes(
    context: ViewContext,
    notes: Iterable[DiscussionNote],
    gaps: Sequence[GapView],
    divergences: Sequence[DivergenceView],
) -> tuple[tuple[str, NoteView], ...]:
    """Comments whose gap has closed since (after round-2 scores), so they are not lost from view."""
    open_gaps: set[tuple[NoteKind, int | None, str | None]] = {
        (NoteKind.PERSPECTIVE_GAP, gap.option_id, gap.criterion_key) for gap in gaps
    }
    open_gaps |= {(NoteKind.VALUE_DIVERGENCE, view.option_id, None) for view in divergences}
    earlier = []
    for note in notes:
        if (note.kind, note.option_id, note.criterion_key) in open_gaps:
            continue
        about = [context.option(note.option_id).title] if note.option_id is not None else []
        if note.criterion_key:
            about.append(context.criterion_label(note.criterion_key))
        earlier.append((" · ".join(about), NoteView(note.text, note.created_at)))
    return tuple(earlier)


def _dilemma_views(context: ViewContext, dilemmas: Iterable[Dilemma]) -> tuple[DilemmaView, ...]:
    return tuple(
        DilemmaView(
            id=dilemma.id or 0,
            text=dilemma.text,
            pole_a=dilemma.pole_a,
            pole_b=dilemma.pole_b,
            option_title=context.option(dilemma.option_id).title if dilemma.option_id is not None else "",
            criterion_label=context.criterion_label(dilemma.criterion_key) if dilemma.criterion_key else "",
            status=dilemma.status,
            status_label=context.translate(DILEMMA_STATUS_LABELS[dilemma.status]),
            note=dilemma.note,
            created_at=dilemma.created_at,
        )
        for dilemma in sorted(dilemmas, key=lambda d: d.id or 0)
    )


def _context(
    repo: Repository, proposal: Proposal, rubric: Rubric, language: str, translate: Translate
) -> ViewContext:
    professions = repo.list_professions()
    affected = [p for p in professions if p.id in set(proposal.affected_profession_ids)]
    return ViewContext(
        rubric=rubric,
        options=option_views(proposal, translate),
        profession_names={profession.key: profession.name for profession in professions},
        facet_order={c.key: scoring.facets_for(rubric, c.key, affected) for c in rubric.criteria},
        language=language,
        translate=translate,
    )


def _panel_names(
    repo: Repository, proposal: Proposal, scores: Iterable[Score], translate: Translate
) -> dict[int, str]:
    """Person id → pseudonym (or name), in letter order, for the panel and anyone who scored."""
    professions = {profession.id: profession for profession in repo.list_professions()}
    rater_ids = {member.person_id for member in proposal.panel} | {score.rater_id for score in scores}
    people: dict[int, Person | None] = {person_id: repo.get_person(person_id) for person_id in rater_ids}
    profession_of: dict[int, Profession | None] = {}
    for person_id in rater_ids:
        member = proposal.panel_member(person_id)
        person = people[person_id]
        profession_id = member.profession_id if member else person.profession_id if person else None
        profession_of[person_id] = professions.get(profession_id) if profession_id is not None else None
    names = None
    if proposal.show_rater_names:
        names = {person_id: person.name for person_id, person in people.items() if person is not None}
    named = pseudonyms(rater_ids, profession_of, key=proposal.pseudonym_key, names=names, translate=translate)
    return {person_id: named[person_id] for person_id in sorted(named)}


def _panel_professions(repo: Repository, proposal: Proposal) -> dict[int, str]:
    """Panel member → the key of the profession they score for (members without one are left out)."""
    keys = {profession.id: profession.key for profession in repo.list_professions()}
    return {
        member.person_id: keys[member.profession_id]
        for member in proposal.panel
        if member.profession_id is not None and member.profession_id in keys
    }


def _tallies_of(
    scores: Iterable[Score], panel_professions: Mapping[int, str]
) -> tuple[dict[CellKey, Tally], dict[tuple[int, str, str, str], Tally]]:
    """The revealed histograms, as ``repo.tallies`` and ``repo.profession_tallies`` give them for
    round 2: each rater's score that counts (:func:`scoring.effective_scores`), per cell and per
    cell and the profession the rater scores for on the panel."""
    levels: dict[CellKey, list[int | None]] = defaultdict(list)
    by_profession: dict[tuple[int, str, str, str], list[int | None]] = defaultdict(list)
    for score in effective_scores(scores).values():
        cell = (score.option_id, score.criterion_key, score.facet)
        levels[cell].append(score.level)
        profession = panel_professions.get(score.rater_id)
        if profession is not None:
            by_profession[(*cell, profession)].append(score.level)
    return (
        {cell: Tally.of(found) for cell, found in levels.items()},
        {cell: Tally.of(found) for cell, found in by_profession.items()},
    )


@use_case
def discussion_view(
    uow: UnitOfWork, proposal_id: int, translator: Translator, *, actor: Actor
) -> DiscussionView:
    """The revealed proposal as the MED committee discusses it; refused before the reveal."""
    language, translate = translator.language, translator.gettext
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        lifecycle.require_revealed(proposal.status)
        rubric = records.rubric_of(repo, proposal.rubric)
        context = _context(repo, proposal, rubric, language, translate)
        scores = repo.all_scores(proposal_id)
        raters = _panel_names(repo, proposal, scores, translate)
        group_sizes = repo.panel_profession_sizes(proposal_id)
        panel_professions = _panel_professions(repo, proposal)
        notes = repo.notes_of(proposal_id)
        dilemmas = repo.dilemmas_of(proposal_id)
        evidence = evidence_in(repo, proposal, actor).items
        fixed = _fixed_cells(repo, proposal, rubric)

    # The reasons need every score anyway, so the histograms are counted from them here rather
    # than read again twice (the database's tallies are for screens that need no scores).
    tallies, profession_tallies = _tallies_of(scores, panel_professions)

    # "Keep as is" is fixed at no difference where it is not asked: a score stored on such a cell
    # is nobody's view of it, so it can never make a hot spot, a gap or a profession's median.
    known = {criterion.key for criterion in rubric.criteria}
    tallies = {key: tally for key, tally in tallies.items() if key[1] in known and key not in fixed}
    profession_tallies = {key: tally for key, tally in profession_tallies.items() if key[:3] not in fixed}
    cells = _cell_views(context, tallies)
    by_key = {(cell.option_id, cell.criterion_key, cell.facet): cell for cell in cells}
    professions, small_groups = _profession_tables(context, profession_tallies, group_sizes, by_key)
    grouped_notes = _notes_by_target(notes)
    gaps = _gap_views(context, tallies, grouped_notes)
    divergences = _divergence_views(context, tallies, grouped_notes)
    value_pair = value_criteria(rubric)
    return DiscussionView(
        proposal_id=proposal_id,
        title=proposal.title,
        status=proposal.status,
        can_write=proposal.status in NOTES_ALLOWED,
        can_change_dilemmas=proposal.status is not Status.CLOSED,
        show_names=proposal.show_rater_names,
        options=context.options,
        criteria=tuple((criterion.key, criterion.question(language)) for criterion in rubric.criteria),
        raters=tuple(raters.values()),
        rule=rule_view((rubric.scale_of(criterion) for criterion in rubric.criteria), language, translate),
        hot_spots=hot_spots(cells),
        cells=cells,
        reasons=_reason_rows(context, scores, raters, by_key),
        professions=professions,
        small_groups=small_groups,
        gaps=gaps,
        value_divergence_available=value_pair is not None,
        citizen_label=context.criterion_label(value_pair[0].key) if value_pair else "",
        society_label=context.criterion_label(value_pair[1].key) if value_pair else "",
        divergences=divergences,
        earlier_notes=_earlier_notes(context, notes, gaps, divergences),
        dilemmas=_dilemma_views(context, dilemmas),
        suggested_criteria={point.key: suggested_criterion(point, rubric) for point in STARTING_POINTS},
        citizen_voice=citizen_voice(rubric, evidence, translate),
    )


def _fixed_cells(repo: Repository, proposal: Proposal, rubric: Rubric) -> set[CellKey]:
    """The cells of "keep as is" whose value the rubric fixes at no difference (never asked)."""
    baseline = next((option for option in proposal.options if option.is_baseline), None)
    if baseline is None or baseline.id is None:
        return set()
    return set(
        scoring.fixed_baseline_tallies(rubric, baseline.id, records.affected_professions(repo, proposal))
    )


def _clean_note(text: str) -> str:
    text = text.strip()
    message: Message | None = None
    if not text:
        message = Message(N_("This field must be filled in."))
    elif "\x00" in text:
        message = Message(N_("The text contains a NUL character, which cannot be stored."))
    elif len(text) > NOTE_LIMIT:
        message = Message(
            N_("The text is {length} characters long; at most {limit} are allowed."),
            {"length": len(text), "limit": NOTE_LIMIT},
        )
    if message is not None:
        raise FormInvalid({"text": message})
    return text


@use_case
def record_note(
    uow: UnitOfWork,
    proposal_id: int,
    *,
    kind: NoteKind,
    text: str,
    option_id: int | None = None,
    criterion_key: str | None = None,
    actor: Actor,
    clock: Callable[[], datetime] = utc_now,
) -> DiscussionNote:
    """Write the committee's comment on a flagged gap; notes are kept, never edited."""
    text = _clean_note(text)
    try:
        kind = NoteKind(kind)
    except ValueError:
        raise InvalidInput(N_("Unknown kind of comment: {kind}."), kind=kind) from None
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.DISCUSS, proposal_id)
        if proposal.status not in NOTES_ALLOWED:
            raise WrongState(
                N_(
                    "Comments are written after the reveal and before the proposal is closed; "
                    "its status is “{status}”."
                ),
                status=lifecycle.status_label(proposal.status),
            )
        if option_id is not None and proposal.option(option_id) is None:
            raise FormInvalid({"option_id": Message(N_("The option does not belong to this proposal."))})
        if criterion_key:
            try:
                records.rubric_of(repo, proposal.rubric).criterion(criterion_key)
            except KeyError:
                raise FormInvalid(
                    {"criterion_key": Message(N_("The rubric has no such criterion."))}
                ) from None
        note = repo.add_note(
            DiscussionNote(
                proposal_id=proposal_id,
                kind=kind,
                text=text,
                author_id=actor.person_id,
                created_at=clock(),
                option_id=option_id,
                criterion_key=criterion_key or None,
            )
        )
        record_audit(
            repo,
            actor.person_id,
            "discussion_note.record",
            "proposal",
            proposal_id,
            clock,
            after={
                "note": note.id,
                "kind": kind.value,
                "option_id": option_id,
                "criterion": criterion_key,
            },
        )
    return note
