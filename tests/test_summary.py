"""The decision summary: one object per proposal with every section, in order, in the reader's
language; blind scoring stays blind, raters stay pseudonymous, and dissent is never left blank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date

import pytest

from assessment import decision, discussion, people, proposals, scoring_sheet
from assessment.kernel import scoring
from assessment.kernel.errors import NotAllowed
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Proposal
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import DiscussionNote, NoteKind, UnitOfWork
from assessment.kernel.scoring import DISAGREEMENT_SPREAD
from assessment.summary import DecisionSummary, build_summary, walk_texts
from demo.content import PEOPLE
from demo.data import DemoSummary, load_demo
from tests.fakes import FakeUnitOfWork
from tests.support import Clock, World, build_world, proposal_input, proposal_owner

DA = Translator("da")
EN = Translator("en")


@pytest.fixture(scope="module")
def demo() -> tuple[FakeUnitOfWork, DemoSummary]:
    uow = FakeUnitOfWork()
    return uow, load_demo(uow)


@pytest.fixture(scope="module")
def decided(demo: tuple[FakeUnitOfWork, DemoSummary]) -> DecisionSummary:
    uow, loaded = demo
    return build_summary(
        uow, loaded.proposal_ids["C"], DA, actor=proposal_owner(uow, loaded.proposal_ids["C"])
    )


@pytest.fixture(scope="module")
def in_discussion(demo: tuple[FakeUnitOfWork, DemoSummary]) -> DecisionSummary:
    uow, loaded = demo
    return build_summary(
        uow, loaded.proposal_ids["B"], EN, actor=proposal_owner(uow, loaded.proposal_ids["B"])
    )


# A small revealed proposal, built through the use cases ------------------------------------------


def revealed_proposal(
    uow: UnitOfWork,
    clock: Clock,
    *,
    title: str = "Faste teams i hjemmeplejen",
    option_titles: Sequence[str] = ("Faste teams på fire", "Faste makkerpar"),
    reasons: Sequence[str] = ("Borgerne møder færre nye ansigter.",),
    show_rater_names: bool = False,
) -> tuple[World, Proposal]:
    """Three raters score every cell; on the first alternative's citizen effect they split (−2, 2, 2),
    giving the ``reasons`` in turn. The proposal is then revealed."""
    world = build_world(uow, clock)
    data = proposal_input(
        world,
        title=title,
        options=[proposals.OptionInput(t) for t in option_titles],
        show_rater_names=show_rater_names,
    )
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
    names = [name for name, _heading in decided.sections]
    assert names == list(DecisionSummary.SECTIONS)
    field_order = [f.name for f in fields(DecisionSummary)]
    assert [field_order.index(name) for name in names] == sorted(field_order.index(name) for name in names)
    headings = [heading for _name, heading in decided.sections]
    assert all(headings) and len(set(headings)) == len(headings)


def test_the_decided_summary_tells_the_decision_and_its_follow_up(decided):
    assert decided.title == "Lærere og pædagoger i faste årgangsteams"
    assert (
        decided.decision.decided
        and decided.decision.chosen_option == "Faste årgangsteams med fælles forberedelse"
    )
    assert decided.chosen is not None and decided.chosen.title == decided.decision.chosen_option
    assert decided.decision.justification.startswith("Faste årgangsteams fik den bedste vurdering")
    assert decided.decision.med_statement and decided.decision.conditions
    assert decided.follow_up.date == date(2027, 6, 10)
    assert decided.follow_up.date_text == "10.06.2027"  # Danish dates
    assert "Andelen af elever" in decided.follow_up.indicators
    assert decided.status.decided == date(2026, 10, 5)


def test_the_summary_names_the_unit_the_level_above_and_the_decision_makers(decided):
    assert decided.unit.unit.unit == "Fjordby Skole"
    assert decided.unit.unit.statement.startswith("At hjælpe alle børn")
    assert decided.unit.above is not None and decided.unit.above.unit == "Børn og Unge"
    assert decided.governance.management_level == "Skoleledelsen, Fjordby Skole"
    assert decided.governance.med_committee == "Lokal-MED Fjordby Skole"
    assert "skolebestyrelsen" in decided.consultation.consulted
    assert decided.context.context.startswith("Børn og Unge-udvalget")
    assert decided.change.change_type and decided.change.origin


def test_every_option_has_a_profile_an_index_and_a_rank(decided):
    options = decided.options.options
    assert len(options) == 4 and options[0].is_baseline
    assert [o.rank for o in options if o.is_chosen] == [1]
    for option in options:
        assert len(option.profile) == len(decided.options.dimensions)
        assert all(p.text for p in option.profile)
        assert option.index is not None and "%" in option.index_text
    assert decided.options.robustness


def test_strengths_and_concerns_quote_the_raters_reasons_under_pseudonyms(decided):
    chosen = decided.chosen
    assert chosen is not None
    quotes = [q for point in chosen.strengths for q in point.quotes]
    assert quotes and all(q.by.startswith(DA("Participant {letter}", letter="")) for q in quotes)
    assert any("trivselsmålingen efterlyser" in q.text for q in quotes)
    assert any("Tiden kommer ingen steder fra" in q.text for p in chosen.concerns for q in p.quotes)


def test_hot_spots_carry_the_reasons_and_the_dilemmas_linked_to_them(decided):
    spots = decided.disagreements.hot_spots
    assert spots and decided.disagreements.rule
    teachers = next(s for s in spots if s.facet == "Lærer" and s.option.startswith("Faste årgangsteams"))
    assert {q.text[:20] for q in teachers.quotes} >= {"To timers fælles for", "Lærerne får hjælp ti"}
    assert any("Fagfaglig specialisering" in line for line in teachers.dilemmas)


def test_the_dilemma_log_keeps_text_poles_status_and_note(decided):
    items = decided.dilemmas.items
    assert len(items) == 2
    assert items[0].pole_a == "Konkret kerneopgave for årgangen" and items[0].note.startswith(
        "Aftalt i Lokal-MED"
    )
    assert all(item.status for item in items)


def test_recorded_dissent_is_shown_as_written(decided):
    assert decided.dissent.recorded
    assert decided.dissent.text.startswith("Lærerrepræsentanterne i Lokal-MED kan ikke støtte")


def test_consequences_compare_the_chosen_option_with_keeping_things_as_they_are(decided):
    consequences = decided.consequences
    assert "Faste årgangsteams med fælles forberedelse" in consequences.intro
    assert len(consequences.items) == 4 and all(item.area and item.text for item in consequences.items)
    work = consequences.items[3].text
    assert "arbejdsmængden" in work and "−2" in work  # the teachers' workload worry is named


def test_citizen_involvement_compares_planned_and_appropriate(decided):
    involvement = decided.involvement
    assert involvement.option == decided.decision.chosen_option
    assert involvement.planned and involvement.appropriate and involvement.assessment
    assert involvement.feedback  # said to be unrecorded rather than left out


def test_the_appendix_lists_the_rubric_panel_and_every_score(demo, decided):
    uow, loaded = demo
    proposal = proposals.get_proposal(uow, loaded.proposal_ids["C"], actor=SYSTEM)
    with uow.read() as repo:
        stored = repo.all_scores(proposal.id or 0)
    appendix = decided.appendix
    assert (appendix.rubric_id, appendix.rubric_version) == (
        proposal.rubric.rubric_id,
        proposal.rubric.version,
    )
    assert appendix.content_hash == proposal.rubric.content_hash
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
    assert not s.decision.decided and s.decision.pending
    assert s.dissent.text and not s.dissent.recorded
    assert s.follow_up.date is None and s.follow_up.date_text
    assert "highest-ranked" in s.consequences.intro
    assert s.chosen is None


# The rules that protect people -------------------------------------------------------------------


def test_the_summary_is_refused_before_the_reveal(demo):
    uow, loaded = demo
    with pytest.raises(NotAllowed):
        build_summary(uow, loaded.proposal_ids["A"], DA, actor=proposal_owner(uow, loaded.proposal_ids["A"]))


@pytest.mark.parametrize("label", ["B", "C"])
@pytest.mark.parametrize("pseudonymise", [True, False])
def test_no_name_or_e_mail_appears_unless_the_proposal_shows_names(demo, label, pseudonymise):
    uow, loaded = demo
    summary = build_summary(
        uow,
        loaded.proposal_ids[label],
        DA,
        actor=proposal_owner(uow, loaded.proposal_ids[label]),
        pseudonymise=pseudonymise,
    )
    text = "\n".join(walk_texts(summary)).casefold()
    for person in PEOPLE:
        assert person.name.casefold() not in text
        assert person.email.casefold() not in text
        assert person.email.split("@")[0].casefold() not in text


def test_dissent_is_never_silently_empty():
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(uow, clock)
    decide(uow, world, proposal, clock, dissent="")
    summary = build_summary(uow, proposal.id or 0, EN, actor=proposal_owner(uow, proposal.id or 0))
    assert not summary.dissent.recorded
    assert summary.dissent.text == "No dissent was recorded."


def test_names_appear_only_when_asked_for_and_allowed():
    uow, clock = FakeUnitOfWork(), Clock()
    _world, proposal = revealed_proposal(uow, clock, show_rater_names=True)
    names = ["Anne Hansen", "Bo Nielsen", "Cecilie Berg"]

    default = "\n".join(
        walk_texts(build_summary(uow, proposal.id or 0, EN, actor=proposal_owner(uow, proposal.id or 0)))
    )
    assert not any(name in default for name in names)

    named = build_summary(
        uow, proposal.id or 0, EN, actor=proposal_owner(uow, proposal.id or 0), pseudonymise=False
    )
    text = "\n".join(walk_texts(named))
    assert all(name in text for name in names)
    assert "@kommune.dk" not in text  # e-mail addresses never
    assert "Lone Leder" not in text  # nor who registered or decided
    assert sorted(entry.name for entry in named.appendix.panel) == names  # in letter order


def test_names_stay_hidden_when_the_proposal_does_not_show_them():
    uow, clock = FakeUnitOfWork(), Clock()
    _world, proposal = revealed_proposal(uow, clock, show_rater_names=False)
    summary = build_summary(
        uow, proposal.id or 0, EN, actor=proposal_owner(uow, proposal.id or 0), pseudonymise=False
    )
    assert summary.pseudonymised
    assert "Anne Hansen" not in "\n".join(walk_texts(summary))


# Smaller cases -------------------------------------------------------------------------------------


def test_choosing_to_keep_things_as_they_are_changes_nothing():
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(uow, clock)
    decide(uow, world, proposal, clock, position=0)
    summary = build_summary(uow, proposal.id or 0, EN, actor=proposal_owner(uow, proposal.id or 0))
    assert summary.decision.chosen_option == "Keep as is"
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
    summary = build_summary(uow, proposal.id or 0, EN, actor=proposal_owner(uow, proposal.id or 0))
    spot = next(s for s in summary.disagreements.hot_spots if s.option == "Faste teams på fire")
    assert any("vi følger op på borgernes oplevelse" in note for note in spot.notes)


def test_explored_weights_are_said_and_change_the_index():
    uow, clock = FakeUnitOfWork(), Clock()
    _world, proposal = revealed_proposal(uow, clock)
    plain = build_summary(uow, proposal.id or 0, EN, actor=proposal_owner(uow, proposal.id or 0))
    weighted = build_summary(
        uow,
        proposal.id or 0,
        EN,
        actor=proposal_owner(uow, proposal.id or 0),
        dimension_weights={"kerneopgaven": 2.0},
    )
    assert "explored weights" in weighted.options.weights and "explored" not in plain.options.weights


def test_the_disagreement_rule_is_stated_in_the_words_the_discussion_uses(decided):
    # One sentence, built from the rule's constants: the summary cannot drift from the screens.
    assert decided.disagreements.rule == discussion.disagreement_rule_text(DA.gettext)
    assert f"{DISAGREEMENT_SPREAD} " in decided.disagreements.rule
