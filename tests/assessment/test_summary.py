"""The decision summary: one object per proposal with every section, in order, in the reader's
language; blind scoring stays blind, raters stay pseudonymous, and dissent is never left blank."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields
from datetime import date

import pytest

from assessment import decision, discussion_views, organisation, people, proposals, scoring_sheet
from assessment.kernel import scoring
from assessment.kernel.errors import NotAllowed
from assessment.kernel.i18n import Translator
from assessment.kernel.model import CitizenEvidence, EvidenceKind, Proposal
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import DiscussionNote, NoteKind, UnitOfWork
from assessment.kernel.rubric import Perspective
from assessment.kernel.scoring import DISAGREEMENT_SPREAD
from assessment.summary import export_summary
from assessment.summary_model import DecisionSummary, Fact, OptionSummary
from demo.content import PEOPLE
from demo.data import DemoSummary, load_demo
from tests.fakes import FakeUnitOfWork
from tests.support import SMALL_RUBRIC, Clock, World, build_world, proposal_input, proposal_owner

DA = Translator("da")
EN = Translator("en")


def summary_of(
    uow: UnitOfWork,
    proposal_id: int,
    translator: Translator,
    *,
    pseudonymise: bool = True,
    dimension_weights: Mapping[str, float] | None = None,
) -> DecisionSummary:
    """The summary as the proposal's owner exports it."""
    return export_summary(
        uow,
        proposal_id,
        translator,
        actor=proposal_owner(uow, proposal_id),
        pseudonymise=pseudonymise,
        dimension_weights=dimension_weights,
    ).summary


def fact(facts: Sequence[Fact], label: str) -> str:
    """The value a document shows beside ``label`` (each label once per section)."""
    [value] = [f.value for f in facts if f.label == label]
    return value


def labels(facts: Sequence[Fact]) -> list[str]:
    return [f.label for f in facts]


def chosen_option(summary: DecisionSummary) -> OptionSummary | None:
    """The option the documents mark as chosen."""
    return next((option for option in summary.options.options if option.is_chosen), None)


def section_headings(summary: DecisionSummary) -> list[tuple[str, str]]:
    """(field name, heading) of every section, in reading order."""
    return [(name, getattr(summary, name).heading) for name in summary.SECTIONS]


def walk_texts(value: object) -> Iterator[str]:
    """Every string inside a summary (for checks that no name or e-mail address leaks)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from walk_texts(item)
    elif hasattr(value, "__dataclass_fields__"):
        for field in fields(value):  # type: ignore[arg-type]
            yield from walk_texts(getattr(value, field.name))


def office_mentions(summary: DecisionSummary, name: str) -> int:
    """How often ``name`` stands in what the summary says about people in an office: who decided,
    who took part in the meeting, who carries it out and follows it up, the MED committee's officers.
    Minutes name them; anywhere else a rater's name must not appear."""
    facts = (*summary.decision.facts, *summary.follow_up.facts, *summary.governance.facts)
    return sum(fact.value.casefold().count(name.casefold()) for fact in facts)


@pytest.fixture(scope="module")
def demo() -> tuple[FakeUnitOfWork, DemoSummary]:
    uow = FakeUnitOfWork()
    return uow, load_demo(uow)


@pytest.fixture(scope="module")
def decided(demo: tuple[FakeUnitOfWork, DemoSummary]) -> DecisionSummary:
    uow, loaded = demo
    return summary_of(uow, loaded.proposal_ids["C"], DA)


@pytest.fixture(scope="module")
def in_discussion(demo: tuple[FakeUnitOfWork, DemoSummary]) -> DecisionSummary:
    uow, loaded = demo
    return summary_of(uow, loaded.proposal_ids["B"], EN)


# A small revealed proposal, built through the use cases ------------------------------------------


def revealed_proposal(
    uow: UnitOfWork,
    clock: Clock,
    *,
    title: str = "Faste teams i hjemmeplejen",
    option_titles: Sequence[str] = ("Faste teams på fire", "Faste makkerpar"),
    reasons: Sequence[str] = ("Borgerne møder færre nye ansigter.",),
    show_rater_names: bool = False,
    rubric: str | None = None,
) -> tuple[World, Proposal]:
    """Three raters score every cell; on the first alternative's citizen effect they split (−2, 2, 2),
    giving the ``reasons`` in turn. The proposal is then revealed. ``rubric`` is another rubric
    file to score on than the world's."""
    world = build_world(uow, clock)
    data = proposal_input(
        world,
        title=title,
        options=[proposals.OptionInput(t) for t in option_titles],
        show_rater_names=show_rater_names,
    )
    if rubric is not None:
        data.rubric = organisation.register_rubric(
            uow, content=rubric.encode(), source_name="andet.toml", actor=SYSTEM, clock=clock
        ).ref
    proposal = proposals.register_proposal(
        uow, data, actor=people.actor_for(uow, world.leader_id), clock=clock
    )
    proposal_id = proposal.id or 0
    proposals.open_scoring(uow, proposal_id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    sheet = scoring_sheet.scoring_sheet(uow, proposal_id, actor=people.actor_for(uow, world.raters[0]))
    options = sorted(proposal.options, key=lambda o: o.position)
    for number, rater in enumerate(world.raters):
        entries = []
        for option in options:
            for criterion in sheet.rubric.criteria:
                for facet in scoring.facets_for(sheet.rubric, criterion.key, sheet.professions):
                    if criterion.key == "inddragelse_planlagt":
                        level, reason = 1, ""
                    elif option.is_baseline:
                        level, reason = 0, ""
                    elif option.position == 1 and criterion.key == "borger":
                        level, reason = (-2, 2, 2)[number], reasons[number % len(reasons)]
                    else:
                        level, reason = 1, ""
                    entries.append(
                        scoring_sheet.ScoreInput(
                            proposal_id, option.id or 0, criterion.key, level, reason, facet
                        )
                    )
        scoring_sheet.record_scores(
            uow, proposal_id, entries, actor=people.actor_for(uow, rater), clock=clock
        )
    return world, proposals.reveal(
        uow, proposal_id, actor=people.actor_for(uow, world.leader_id), clock=clock
    )


def decide(
    uow: UnitOfWork, world: World, proposal: Proposal, clock: Clock, *, position: int = 1, **texts: str
) -> None:
    option = next(o for o in proposal.options if o.position == position)
    decision.record_decision(
        uow,
        proposal.id or 0,
        decision.DecisionInput(
            chosen_option_id=option.id or 0,
            justification=texts.get("justification", "Bedst for borgerne."),
            med_statement=texts.get("med_statement", "MED anbefaler forslaget."),
            dissent=texts.get("dissent", ""),
            conditions=texts.get("conditions", ""),
            follow_up_date=date(2027, 6, 1),
            indicators=texts.get("indicators", "Færre forskellige ansigter pr. borger."),
        ),
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )


# Sections ----------------------------------------------------------------------------------------


def test_sections_come_in_reading_order(decided):
    names = [name for name, _heading in section_headings(decided)]
    assert names == list(DecisionSummary.SECTIONS)
    field_order = [f.name for f in fields(DecisionSummary)]
    assert [field_order.index(name) for name in names] == sorted(field_order.index(name) for name in names)
    headings = [heading for _name, heading in section_headings(decided)]
    assert all(headings) and len(set(headings)) == len(headings)


def test_a_followed_up_summary_tells_each_outcome_indicator_once(demo):
    # The documents show the indicators as a table and a chart each, the workbook as a sheet: the
    # facts hold what the decision wrote, not a sentence per indicator besides.
    uow, loaded = demo
    summary = summary_of(uow, loaded.proposal_ids["D"], DA)
    follow_up = summary.follow_up
    assert labels(follow_up.facts) == [
        DA("Follow-up date"),
        DA("Responsible for the follow-up"),
        DA("Indicators"),
        DA("Conclusion of the follow-up"),
    ]
    assert len(follow_up.indicators) == 3


def test_the_decided_summary_tells_the_decision_and_its_follow_up(decided):
    assert decided.title == "Lærere og pædagoger i faste årgangsteams"
    chosen_title = fact(decided.decision.facts, DA("Chosen option"))
    assert decided.decision.decided and chosen_title == "Faste årgangsteams med fælles forberedelse"
    chosen = chosen_option(decided)
    assert chosen is not None and chosen.title == chosen_title
    assert decided.decision.justification.startswith("Faste årgangsteams fik den bedste vurdering")
    assert decided.decision.med_statement and decided.decision.conditions
    follow_up = decided.follow_up.facts
    assert labels(follow_up) == [DA("Follow-up date"), DA("Responsible for the follow-up"), DA("Indicators")]
    assert fact(follow_up, DA("Follow-up date")) == DA.date(date(2027, 6, 10)) == "10.06.2027"  # Danish dates
    assert fact(follow_up, DA("Responsible for the follow-up")) == "Susanne Dahl"
    assert "Andelen af elever" in fact(follow_up, DA("Indicators"))
    assert fact(decided.status.facts, DA("Decided")) == DA.date(date(2026, 10, 5))
    # Who decided is named, as minutes name the decision maker; and the meeting that decided.
    assert fact(decided.decision.facts, DA("Decided")) == DA(
        "{date} by {name}", date="05.10.2026", name="Susanne Dahl"
    )
    assert fact(decided.decision.facts, DA("The meeting")).startswith("05.10.2026 · Punkt 3")
    assert fact(decided.decision.facts, DA("Responsible for carrying it out")) == "Susanne Dahl"
    assert decided.decision.employee_remarks.startswith("Medarbejdersiden bakker op")
    assert decided.reference == " · ".join(
        ("Fjordby Skole", DA("Case no. {number}", number="17.01.00-G01-118-26"), "Besluttet")
    )


def test_the_decision_comes_first_then_the_med_process_and_the_consequences(decided):
    order = list(DecisionSummary.SECTIONS)
    assert order[:3] == ["decision", "dissent", "follow_up"]
    assert order.index("med_process") < order.index("plan") < order.index("options") < order.index("appendix")
    groups = {group.heading: group.facts for group in decided.plan.groups}
    economy = groups[DA("Economy")]
    assert fact(economy, DA("Cost or saving")).startswith("Koordinatortid")
    environment = groups[DA("Work environment")]
    assert (
        fact(environment, DA("Date the APV was agreed with the work-environment representative"))
        == "30.09.2026"
    )
    timetable = groups[DA("Timetable and communication")]
    assert fact(timetable, DA("Communication")).startswith("Medarbejderne får beslutningen")
    med = decided.med_process
    assert [step.step for step in med.steps] == [DA("Information"), DA("Discussion"), DA("Statement")]
    assert [step.held_on for step in med.steps] == ["10.09.2026", "24.09.2026", "01.10.2026"]  # by date
    assert med.where == DA("Treated in {committee}.", committee="Lokal-MED Fjordby Skole")
    assert {step.committee for step in med.steps} == {""} and med.missing == ""  # said once, all three there
    assert [item.body for item in med.consultations] == ["Skolebestyrelsen ved Fjordby Skole"]


def test_an_empty_plan_says_not_described_rather_than_nothing():
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(uow, clock)
    decide(uow, world, proposal, clock)
    summary = summary_of(uow, proposal.id or 0, EN)
    values = [f.value for group in summary.plan.groups for f in group.facts]
    assert values and set(values) == {EN("Not described")}
    assert fact(summary.decision.facts, EN("Responsible for carrying it out")) == EN("Not named")
    assert summary.med_process.steps == () and summary.med_process.missing


def test_the_summary_names_the_unit_the_level_above_and_the_decision_makers(decided):
    assert decided.unit.unit.unit == "Fjordby Skole"
    assert decided.unit.unit.statement.startswith("At hjælpe alle børn")
    assert decided.unit.above is not None and decided.unit.above.unit == "Børn og Unge"
    governance = decided.governance.facts
    assert fact(governance, DA("Decision maker (management level)")) == "Skoleledelsen, Fjordby Skole"
    # The committee chosen on the proposal, at its level, with the people the minutes name.
    assert fact(governance, DA("MED committee")) == "Lokal-MED Fjordby Skole (lokaludvalg, Fjordby Skole)"
    assert fact(governance, DA("Chair of the MED committee")) == "Susanne Dahl"
    assert fact(governance, DA("Health and safety representative")) == "Camilla Thomsen"
    assert fact(governance, DA("Union representative")) == "Thomas Bach"
    assert "skolebestyrelsen" in fact(decided.consultation.facts, DA("Consulted"))
    assert decided.context.context.startswith("Børn og Unge-udvalget")
    change = decided.change.facts
    assert fact(change, DA("Type of change")) and fact(change, DA("Origin"))


def test_every_option_has_a_profile_in_words_and_an_index_in_whole_percentages(decided):
    section = decided.options
    options = section.options
    assert len(options) == 4 and options[0].is_baseline
    assert [o.rank for o in options if o.is_chosen] == [1]
    # The profile's rows: each dimension on its own scale, citizen involvement as its ladder.
    assert DA("Citizen involvement") in section.dimensions
    involvement = section.dimensions.index(DA("Citizen involvement"))
    for option in options:
        assert len(option.profile) == len(section.dimensions)
        assert all(p.text and "%" not in p.text for p in option.profile)
        ladder = option.profile[involvement]
        assert ladder.median is None  # never summed
        assert DA("Planned") in ladder.text and DA("Appropriate") in ladder.text
        assert option.index is not None and option.index_text.endswith("%")
        assert "," not in option.index_text  # whole percentages only
    # The index comes last, labelled as a summary, highest first.
    assert section.index_heading == DA("Overall index: a summary, not a decision")
    ranked = [options[i] for i in section.index_ranking]
    assert [o.rank for o in ranked] == sorted(o.rank for o in options if o.rank is not None)
    assert section.robustness


def test_strengths_and_concerns_quote_the_raters_reasons_under_pseudonyms(decided):
    chosen = chosen_option(decided)
    assert chosen is not None
    quotes = [q for point in chosen.strengths for q in point.quotes]
    assert quotes and all(q.by.startswith(DA("Participant {letter}", letter="")) for q in quotes)
    assert any("trivselsmålingen efterlyser" in q.text for q in quotes)
    assert any("Tiden kommer ingen steder fra" in q.text for p in chosen.concerns for q in p.quotes)


def test_hot_spots_carry_the_reasons_and_the_dilemmas_linked_to_them(decided, in_discussion):
    spots = decided.disagreements.hot_spots
    assert spots and decided.disagreements.rule
    # The panel is split on trust in "Faste årgangsteams": both ends are heard, in their own words.
    trust = next(s for s in spots if "tillid" in s.criterion and s.option.startswith("Faste årgangsteams"))
    assert any(q.text.startswith("Ingen har talt med os") and q.level.startswith("−1") for q in trust.quotes)
    assert any(
        q.text.startswith("Når lærere og pædagoger") and q.level.startswith("+1") for q in trust.quotes
    )
    # A dilemma goes with the hot spot of its own option and criterion, and with no other.
    spots = in_discussion.disagreements.hot_spots
    team = next(s for s in spots if s.option.startswith("Rehabiliteringsteam"))
    assert team.dilemmas == (
        EN(
            "Dilemma: {pole_a} ↔ {pole_b} ({status})",
            pole_a="Faste ansigter for borgeren",
            pole_b="Et fleksibelt team til de nye borgere",
            status=EN("handled"),
        ),
    )
    assert not any("Faste ansigter" in line for s in spots if s is not team for line in s.dilemmas)


def test_the_dilemma_log_keeps_text_poles_status_and_note(decided):
    items = decided.dilemmas.items
    assert len(items) == 2
    assert items[0].pole_a == "Konkret kerneopgave for årgangen" and items[0].note.startswith(
        "Aftalt i Lokal-MED"
    )
    assert all(item.status for item in items)


def test_recorded_dissent_is_shown_as_written(decided):
    assert decided.dissent.recorded
    assert decided.dissent.text.startswith("Lærernes tillidsrepræsentant kan ikke støtte")


def test_consequences_compare_the_chosen_option_with_keeping_things_as_they_are(decided):
    consequences = decided.consequences
    assert "Faste årgangsteams med fælles forberedelse" in consequences.intro
    assert len(consequences.items) == 4 and all(item.area and item.text for item in consequences.items)
    professions, work = consequences.items[2].text, consequences.items[3].text
    # In the words of the effect scale, against keeping things as they are ("no difference" on every
    # question it is not asked), never as a percentage of mixed scales.
    for text in (professions, work):
        assert text.startswith("Bedre end at fortsætte som i dag (Ingen forskel): Lidt bedre")
        assert "%" not in text
    assert "arbejdsmængde" in work and "−1,5" in work  # the teachers' workload worry is named


def test_citizen_involvement_compares_planned_and_appropriate(decided):
    involvement = decided.involvement
    assert fact(involvement.facts, DA("Option")) == fact(decided.decision.facts, DA("Chosen option"))
    assert fact(involvement.facts, DA("Planned involvement"))
    assert fact(involvement.facts, DA("Appropriate involvement"))
    assert involvement.assessment
    assert fact(involvement.facts, DA("Feedback to citizens"))  # said to be unrecorded rather than left out


def test_the_appendix_lists_the_rubric_panel_and_every_score(demo, decided):
    uow, loaded = demo
    proposal = proposals.get_proposal(uow, loaded.proposal_ids["C"], actor=SYSTEM)
    with uow.read() as repo:
        stored = repo.all_scores(proposal.id or 0)
    appendix = decided.appendix
    assert (fact(appendix.rubric, DA("Id")), fact(appendix.rubric, DA("Version"))) == (
        proposal.rubric.rubric_id,
        proposal.rubric.version,
    )
    assert fact(appendix.rubric, DA("Content hash (SHA-256)")) == proposal.rubric.content_hash
    assert len(appendix.scores) == len(stored)
    assert {row.round for row in appendix.scores} <= {1, 2}
    assert [entry.pseudonym for entry in appendix.panel] == [
        DA("Participant {letter}", letter=x) for x in "ABC"
    ]
    assert all(entry.name is None for entry in appendix.panel)
    # Every profession on this panel has fewer than three raters, so none is named (anonymity).
    assert all(entry.profession == "" for entry in appendix.panel)
    assert appendix.cells


def test_a_summary_before_the_decision_says_what_is_still_to_come(in_discussion):
    s = in_discussion
    assert not s.decision.decided and s.decision.pending and not s.decision.facts
    assert s.dissent.text and not s.dissent.recorded
    assert labels(s.follow_up.facts) == [EN("Follow-up")] and fact(s.follow_up.facts, EN("Follow-up"))
    assert fact(s.status.facts, EN("Decided")) == EN("Not decided yet")
    assert "highest-ranked" in s.consequences.intro
    assert chosen_option(s) is None


# The rules that protect people -------------------------------------------------------------------


def test_the_summary_is_refused_before_the_reveal(demo):
    uow, loaded = demo
    with pytest.raises(NotAllowed):
        summary_of(uow, loaded.proposal_ids["A"], DA)


@pytest.mark.parametrize("label", ["B", "C"])
@pytest.mark.parametrize("pseudonymise", [True, False])
def test_no_name_or_e_mail_appears_unless_the_proposal_shows_names(demo, label, pseudonymise):
    uow, loaded = demo
    summary = summary_of(uow, loaded.proposal_ids[label], DA, pseudonymise=pseudonymise)
    text = "\n".join(walk_texts(summary)).casefold()
    for person in PEOPLE:
        # Raters stay pseudonymous: a name stands only where the summary names someone in an office.
        assert text.count(person.name.casefold()) == office_mentions(summary, person.name), person.name
        assert person.email.casefold() not in text
        assert person.email.split("@")[0].casefold() not in text


def test_dissent_is_never_silently_empty():
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(uow, clock)
    decide(uow, world, proposal, clock, dissent="")
    summary = summary_of(uow, proposal.id or 0, EN)
    assert not summary.dissent.recorded
    assert summary.dissent.text == "No dissent was recorded."


def test_names_appear_only_when_asked_for_and_allowed():
    uow, clock = FakeUnitOfWork(), Clock()
    _world, proposal = revealed_proposal(uow, clock, show_rater_names=True)
    names = ["Anne Hansen", "Bo Nielsen", "Cecilie Berg"]

    default = "\n".join(walk_texts(summary_of(uow, proposal.id or 0, EN)))
    assert not any(name in default for name in names)

    named = summary_of(uow, proposal.id or 0, EN, pseudonymise=False)
    text = "\n".join(walk_texts(named))
    assert all(name in text for name in names)
    assert "@kommune.dk" not in text  # e-mail addresses never
    assert "Lone Leder" not in text  # nor who registered or decided
    assert sorted(entry.name for entry in named.appendix.panel) == names  # in letter order


def test_names_stay_hidden_when_the_proposal_does_not_show_them():
    uow, clock = FakeUnitOfWork(), Clock()
    _world, proposal = revealed_proposal(uow, clock, show_rater_names=False)
    summary = summary_of(uow, proposal.id or 0, EN, pseudonymise=False)
    assert summary.pseudonymised
    assert "Anne Hansen" not in "\n".join(walk_texts(summary))


# Smaller cases -------------------------------------------------------------------------------------


def test_choosing_to_keep_things_as_they_are_changes_nothing():
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(uow, clock)
    decide(uow, world, proposal, clock, position=0)
    summary = summary_of(uow, proposal.id or 0, EN)
    assert fact(summary.decision.facts, EN("Chosen option")) == "Keep as is"
    assert "nothing changes" in summary.consequences.intro and not summary.consequences.items


def test_discussion_notes_are_shown_with_what_they_comment_on():
    uow, clock = FakeUnitOfWork(), Clock()
    _world, proposal = revealed_proposal(uow, clock)
    option = next(o for o in proposal.options if o.position == 1)
    with uow.write() as repo:
        repo.add_note(
            DiscussionNote(
                proposal_id=proposal.id or 0,
                kind=NoteKind.PERSPECTIVE_GAP,
                text="Drøftet i MED: vi følger op på borgernes oplevelse.",
                author_id=None,
                created_at=clock(),
                option_id=option.id,
                criterion_key="borger",
            )
        )
    summary = summary_of(uow, proposal.id or 0, EN)
    spot = next(s for s in summary.disagreements.hot_spots if s.option == "Faste teams på fire")
    assert any("vi følger op på borgernes oplevelse" in note for note in spot.notes)


def test_explored_weights_are_said_and_change_the_index():
    uow, clock = FakeUnitOfWork(), Clock()
    _world, proposal = revealed_proposal(uow, clock)
    plain = summary_of(uow, proposal.id or 0, EN)
    weighted = summary_of(uow, proposal.id or 0, EN, dimension_weights={"kerneopgaven": 2.0})
    assert "explored weights" in weighted.options.weights and "explored" not in plain.options.weights


def test_the_disagreement_rule_is_stated_in_the_words_the_discussion_uses(decided):
    # One sentence, built from the rule's constants: the summary cannot drift from the screens.
    assert decided.disagreements.rule == discussion_views.disagreement_rule_text(DA.gettext)
    assert f"{DISAGREEMENT_SPREAD} " in decided.disagreements.rule


# Rubrics are data: the summary asks a rubric for roles ---------------------------------------------------


def _consequences(summary: DecisionSummary) -> dict[str, str]:
    return {item.area: item.text for item in summary.consequences.items}


def test_a_rubric_without_the_roles_says_it_does_not_ask_about_them():
    # The small rubric declares no role, and its keys are none of the older rubrics' keys for the
    # citizen, society, professions and work environment (rubrics/older/roles.toml).
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(uow, clock)
    decide(uow, world, proposal, clock)
    summary = summary_of(uow, proposal.id or 0, EN)
    not_asked = "The rubric does not ask about this."
    assert _consequences(summary) == {
        "Citizens": not_asked,
        "Society": not_asked,
        "The professions": not_asked,
        "The work environment": not_asked,
    }
    involvement = summary.involvement.facts
    assert fact(involvement, "Planned involvement").startswith("Shared focus (median 1")  # older key
    assert fact(involvement, "Appropriate involvement") == "Not asked in this rubric."


def test_a_criterion_is_found_by_its_role_whatever_its_key():
    uow, clock = FakeUnitOfWork(), Clock()
    with_role = SMALL_RUBRIC.replace('id = "lille"', 'id = "lille_med_roller"').replace(
        'key = "borger"\n', 'key = "borger"\nrole = "citizen_effect"\n'
    )
    world, proposal = revealed_proposal(uow, clock, rubric=with_role)
    decide(uow, world, proposal, clock)
    consequences = _consequences(summary_of(uow, proposal.id or 0, EN))
    assert consequences["Citizens"].startswith("Expected: ")
    assert consequences["Society"] == "The rubric does not ask about this."


# The citizens' voice: what the experienced perspective rests on -------------------------------------


EXPERIENCED = organisation.PERSPECTIVE_LABELS[Perspective.EXPERIENCED]


def _with_evidence(uow: UnitOfWork, *evidence: CitizenEvidence) -> None:
    """Record citizen evidence as the leader did before the reveal (stored as it was kept)."""
    with uow.write() as repo:
        for item in evidence:
            repo.add_evidence(item)


def _evidence(proposal: Proposal, clock: Clock, kind: EvidenceKind, **fields: object) -> CitizenEvidence:
    return CitizenEvidence(
        proposal_id=proposal.id or 0,
        kind=kind,
        collected_on=fields.get("collected_on"),  # type: ignore[arg-type]
        note=str(fields.get("note", "")),
        recorded_by=None,
        recorded_at=clock(),
    )


def _split_the_experienced_perspective(
    uow: UnitOfWork, world: World, proposal: Proposal, clock: Clock
) -> None:
    """In the second round the raters split on the first alternative as the citizens experience it
    (−2, −2, +2): a hot spot, and three steps from the formal perspective's +1."""
    option = next(o for o in proposal.options if o.position == 1)
    for rater, level in zip(world.raters, (-2, -2, 2), strict=True):
        scoring_sheet.record_scores(
            uow,
            proposal.id or 0,
            [
                scoring_sheet.ScoreInput(
                    proposal.id or 0, option.id or 0, "perspektiver", level, "", "experienced"
                )
            ],
            actor=people.actor_for(uow, rater),
            clock=clock,
        )


@pytest.mark.parametrize("kinds", [(), (EvidenceKind.NONE,)], ids=["nothing recorded", "only nothing"])
def test_an_experienced_perspective_resting_on_nothing_is_flagged_wherever_it_is_reported(kinds):
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(uow, clock)  # the small rubric asks per perspective
    _with_evidence(uow, *(_evidence(proposal, clock, kind) for kind in kinds))
    _split_the_experienced_perspective(uow, world, proposal, clock)
    summary = summary_of(uow, proposal.id or 0, EN)
    voice = summary.citizen_voice
    assert voice.warning.startswith("No citizen evidence was recorded: the experienced perspective rests")
    assert labels(voice.evidence) == [EN("Nothing: the citizens have not been asked")] * len(kinds)
    disagreements = summary.disagreements
    assert disagreements.flags[0].text == voice.warning  # heads the other points for the discussion
    guessed = EN("Scored by staff on the citizens' behalf: no citizen evidence was recorded.")
    [experienced] = [s for s in disagreements.hot_spots if s.facet == EN(EXPERIENCED)]
    assert experienced.warning == guessed
    assert all(not s.warning for s in disagreements.hot_spots if s is not experienced)
    [gap] = [f for f in disagreements.flags[1:] if "perspectives" in f.text]
    assert gap.text.endswith(guessed)


def test_citizen_evidence_is_listed_with_its_date_and_note_and_lifts_the_flag():
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(uow, clock)
    _with_evidence(
        uow,
        _evidence(proposal, clock, EvidenceKind.SURVEY, collected_on=date(2026, 10, 1), note="212 svar"),
        _evidence(proposal, clock, EvidenceKind.NONE),  # beside real evidence, "nothing" is no flag
    )
    _split_the_experienced_perspective(uow, world, proposal, clock)
    summary = summary_of(uow, proposal.id or 0, EN)
    voice = summary.citizen_voice
    assert voice.evidence[0] == Fact(EN("Survey"), f"{EN.date(date(2026, 10, 1))}: 212 svar")
    assert not voice.warning
    assert not any(s.warning for s in summary.disagreements.hot_spots)
    assert not any("citizens' behalf" in f.text for f in summary.disagreements.flags)


def test_the_demo_lists_its_citizen_evidence_in_danish(decided):
    voice = decided.citizen_voice
    assert voice.heading == "Borgernes stemme"
    assert labels(voice.evidence) == [DA("Survey"), DA("User board or bestyrelse")]
    assert all(f.value for f in voice.evidence) and not voice.warning
