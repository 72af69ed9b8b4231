"""The discussion and decision screens' read models and use cases, on the in-memory repository."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from assessment import (
    citizen_evidence,
    decision,
    dilemmas,
    discussion,
    discussion_views,
    organisation,
    people,
    proposals,
    scoring_sheet,
)
from assessment.comparison import compare
from assessment.dilemmas import STARTING_POINTS, starting_point, suggested_criterion
from assessment.discussion_views import CellView, LevelCount, OptionView
from assessment.kernel import pseudonyms
from assessment.kernel.errors import FormInvalid, NotAllowed, WrongState
from assessment.kernel.i18n import Translator
from assessment.kernel.model import (
    DilemmaStatus,
    EvidenceKind,
    Profession,
    Proposal,
    Role,
    Round,
    Score,
    Status,
)
from assessment.kernel.permissions import SYSTEM, Actor
from assessment.kernel.repository import NoteKind
from assessment.kernel.rubric_loading import load_rubric, parse_rubric
from assessment.kernel.scoring import DISAGREEMENT_SPREAD, Tally
from tests.fakes import FakeUnitOfWork
from tests.support import SMALL_RUBRIC, Clock, World, build_world, proposal_input, record_score

ROOT = Path(__file__).resolve().parents[2]

# The small rubric with the default rubric's keys for value to the citizen and to society.
VALUE_RUBRIC = (
    SMALL_RUBRIC.replace('id = "lille"', 'id = "lille_vaerdi"').replace(
        'key = "borger"', 'key = "borger_effekt"'
    )
    + """
[[criteria]]
key = "samfund_vaerdi"
dimension = "kerneopgaven"
scale = "effekt"
question = { da = "Værdi for samfundet?", en = "Value to society?" }
descriptors."-2" = { da = "Meget værre", en = "Much worse" }
descriptors."-1" = { da = "Værre", en = "Worse" }
descriptors."0" = { da = "Uændret", en = "Unchanged" }
descriptors."1" = { da = "Bedre", en = "Better" }
descriptors."2" = { da = "Meget bedre", en = "Much better" }
"""
)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(uow: FakeUnitOfWork, clock: Clock) -> World:
    """Anne, Bo (social- og sundhedsassistenter) and Cecilie (sygeplejerske), plus two more assistants."""
    world = build_world(uow, clock)
    for name in ("Dorte Dahl", "Erik Eriksen"):
        person = people.register_person(
            uow,
            name=name,
            email=f"{name.split()[0].lower()}@kommune.dk",
            profession_id=world.profession_ids[0],
            actor=SYSTEM,
            clock=clock,
        )
        people.grant_role(
            uow, person_id=person.id or 0, unit_id=world.unit_id, role=Role.RATER, actor=SYSTEM, clock=clock
        )
        world.raters.append(person.id or 0)
    return world


NAMES = ("Anne Hansen", "Bo Nielsen", "Cecilie Berg", "Dorte Dahl", "Erik Eriksen")
SOSU, NURSE = "social_og_sundhedsassistent", "sygeplejerske"


def start(uow, world, clock, **changes) -> Proposal:
    proposal = proposals.register_proposal(
        uow, proposal_input(world, **changes), actor=people.actor_for(uow, world.leader_id), clock=clock
    )
    return proposals.open_scoring(
        uow, proposal.id or 0, actor=people.actor_for(uow, world.leader_id), clock=clock
    )


def give(uow, proposal, clock, scores, *, criterion="borger", option=1, facet=""):
    """``scores``: rater index → level, or (level, reason)."""
    for rater, value in scores.items():
        level, reason = value if isinstance(value, tuple) else (value, "")
        record_score(
            uow,
            scoring_sheet.ScoreInput(
                proposal.id, proposal.options[option].id, criterion, level, reason, facet
            ),
            actor=people.actor_for(uow, rater),
            clock=clock,
        )


def reveal(uow, world, proposal, clock) -> None:
    proposals.reveal(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)


def owner(uow, proposal) -> Actor:
    """The leader who registered the proposal and leads its discussion."""
    return people.actor_for(uow, proposal.created_by)


def view_of(uow, proposal, **kwargs) -> discussion_views.DiscussionView:
    kwargs.setdefault("actor", owner(uow, proposal))
    return discussion.discussion_view(uow, proposal.id, Translator("en"), **kwargs)


@pytest.fixture
def revealed(uow, world, clock) -> Proposal:
    """A hand-made panel: a split, a wide spread, calm cells, reasons, a perspective gap."""
    proposal = start(uow, world, clock)
    r = world.raters
    # Option 1, citizen: two at −2, three at +2 → split between the ends, spread 4.
    give(
        uow,
        proposal,
        clock,
        {
            r[0]: (-2, "Fru Jensen mister trygheden."),
            r[1]: -2,
            r[2]: (2, "Mere selvhjulpen."),
            r[3]: 2,
            r[4]: 2,
        },
    )
    # Option 2, citizen: −1 … 2 → spread 3, but only one at the low end.
    give(uow, proposal, clock, {r[0]: -1, r[1]: 1, r[2]: 1, r[3]: 2, r[4]: 2}, option=2)
    # The baseline: everybody "no difference".
    give(uow, proposal, clock, {rater: 0 for rater in r}, option=0)
    # Option 1, perspectives: formal +2, experienced −1 → a gap of 3 steps.
    give(uow, proposal, clock, {rater: 2 for rater in r}, criterion="perspektiver", facet="formal")
    give(uow, proposal, clock, {rater: -1 for rater in r}, criterion="perspektiver", facet="experienced")
    # Option 1, the assistants' role: four assistants and the nurse; two assistants don't know on option 2.
    give(uow, proposal, clock, {r[0]: 1, r[1]: 2, r[3]: 1, r[4]: 1, r[2]: 0}, criterion="rolle", facet=SOSU)
    give(
        uow,
        proposal,
        clock,
        {r[0]: 1, r[1]: None, r[3]: None, r[4]: 1},
        criterion="rolle",
        facet=SOSU,
        option=2,
    )
    reveal(uow, world, proposal, clock)
    return proposal


# Hot spots and the rule ----------------------------------------------------------------------------


def test_hot_spots_are_the_split_and_the_widely_spread_cells_widest_first(uow, revealed):
    view = view_of(uow, revealed)
    found = [(cell.option_title, cell.criterion_key, cell.facet, cell.spread) for cell in view.hot_spots]
    assert found == [
        ("Faste teams på fire", "borger", "", 4),
        ("Faste makkerpar", "borger", "", 3),
    ]
    first = view.hot_spots[0]
    assert (first.at_bottom, first.at_top, first.count, first.median) == (2, 3, 5, 2.0)
    assert [level.count for level in first.levels] == [2, 0, 0, 0, 3]
    assert first.levels[0].label == "Much worse"


def test_calm_cells_are_shown_in_the_spread_but_are_no_hot_spots(uow, revealed):
    view = view_of(uow, revealed)
    baseline = next(c for c in view.cells if c.option_title == "Keep as is" and c.criterion_key == "borger")
    assert (baseline.count, baseline.median, baseline.spread, baseline.disagreement) == (5, 0.0, 0, False)
    assert baseline not in view.hot_spots
    # Every option × criterion × facet has a row, scored or not, in rubric order per option.
    assert len(view.cells) == 3 * (1 + 3 + 2 + 1)
    unscored = next(c for c in view.cells if c.criterion_key == "inddragelse_planlagt")
    assert (unscored.count, unscored.median, unscored.minimum) == (0, None, None)


def _cell(spread: int, position: int, disagreement: bool = True) -> CellView:
    return CellView(
        option_id=position,
        option_title=str(position),
        criterion_key="k",
        criterion_label="",
        dimension_label="",
        facet="",
        facet_label="",
        scale_title="",
        levels=(LevelCount(0, "", 0),),
        count=3,
        dont_know=0,
        median=0.0,
        minimum=0,
        maximum=spread,
        spread=spread,
        at_bottom=0,
        at_top=0,
        disagreement=disagreement,
    )


def test_hot_spots_keep_screen_order_between_equal_spreads():
    cells = [_cell(3, 1), _cell(4, 2), _cell(1, 3, False), _cell(3, 4), _cell(2, 5)]
    assert [cell.option_id for cell in discussion_views.hot_spots(cells)] == [2, 1, 4, 5]


def test_the_rule_is_stated_in_plain_words_from_the_scoring_constants():
    rubric = parse_rubric(SMALL_RUBRIC)
    rule = discussion_views.rule_view((rubric.scale_of(c) for c in rubric.criteria), "en")
    assert "at least a third of the scores in the two lowest levels" in rule.text
    assert f"{DISAGREEMENT_SPREAD} or more steps apart" in rule.text
    edges = {edge.scale_title: (edge.bottom, edge.top) for edge in rule.edges}
    assert edges["Effect"] == (("-2 Much worse", "-1 Worse"), ("1 Better", "2 Much better"))
    # A three-level ladder counts one level at each end, as scoring.disagreement_edges says.
    assert edges["Involvement"] == (("0 None",), ("2 Co-creation",))


def test_the_rule_is_translated_with_the_readers_catalog():
    rubric = parse_rubric(SMALL_RUBRIC)
    danish = {"a third": "en tredjedel", "two": "to"}
    rule = discussion_views.rule_view(
        [rubric.scales["effekt"]], "da", translate=lambda text: danish.get(text, text)
    )
    assert "at least en tredjedel of the scores in the to lowest levels" in rule.text
    assert rule.edges[0] == discussion_views.ScaleEdges(
        "Effekt", ("-2 Meget værre", "-1 Værre"), ("1 Bedre", "2 Meget bedre")
    )


def test_scores_stay_hidden_from_the_discussion_until_the_reveal(uow, world, clock):
    proposal = start(uow, world, clock)
    give(uow, proposal, clock, {world.raters[0]: (2, "Hemmeligt")})
    with pytest.raises(NotAllowed):
        view_of(uow, proposal)
    with pytest.raises(NotAllowed):
        decision.decision_view(uow, proposal.id, Translator("en"), actor=owner(uow, proposal))


# Reasons and pseudonyms ------------------------------------------------------------------------------


def label(view: discussion_views.DiscussionView, world: World, rater: int) -> str:
    """How the view names ``rater``: its raters are listed in the order of the person ids."""
    return view.raters[sorted(world.raters).index(rater)]


def test_reasons_are_side_by_side_per_criterion_and_option_under_pseudonyms(uow, world, revealed):
    view = view_of(uow, revealed)
    (row,) = [row for row in view.reasons if row.criterion_key == "borger"]
    by_option = {option.title: reasons for option, reasons in row.by_option}
    assert list(by_option) == ["Keep as is", "Faste teams på fire", "Faste makkerpar"]
    assert by_option["Keep as is"] == ()
    assert {(r.rater, r.level, r.level_label, r.text) for r in by_option["Faste teams på fire"]} == {
        (label(view, world, world.raters[0]), -2, "-2 Much worse", "Fru Jensen mister trygheden."),
        (label(view, world, world.raters[2]), 2, "2 Much better", "Mere selvhjulpen."),
    }
    assert row.count == 2


def test_pseudonyms_hide_every_name_and_every_profession_when_one_would_be_left_alone(uow, world, revealed):
    view = view_of(uow, revealed)
    # Four assistants and one nurse: naming the assistants would leave "the unnamed one" = the nurse.
    assert sorted(view.raters) == [f"Participant {letter}" for letter in "ABCDE"]
    assert view_of(uow, revealed).raters == view.raters  # stable: the same letters every time
    shown = repr(view)
    for name in (*NAMES, "Lone Leder"):
        assert name not in shown
        for part in name.split():
            assert not re.search(rf"\b{part}\b", shown), part


def test_each_proposal_draws_its_own_letter_order(uow, world, clock):
    """Letters that followed person ids (or any order a leader can see) would name every rater."""
    orders = []
    for _ in range(4):
        proposal = start(uow, world, clock)
        give(uow, proposal, clock, {rater: 1 for rater in world.raters})
        reveal(uow, world, proposal, clock)
        orders.append(view_of(uow, proposal).raters)
    in_id_order = tuple(f"Participant {letter}" for letter in "ABCDE")
    # Each is one of 120 orders: four alike, or all four in id order, is a chance of 1 in 1.7 million.
    assert len(set(orders)) > 1 and set(orders) != {in_id_order}
    with uow.read() as repo:
        keys = {repo.get_proposal(proposal.id).pseudonym_key for proposal in [proposal]}
    assert all(len(key) == 32 for key in keys)


def test_names_are_shown_when_the_proposal_was_set_up_to_show_them(uow, world, clock):
    proposal = start(uow, world, clock, show_rater_names=True)
    give(uow, proposal, clock, {world.raters[2]: (1, "Jeg tror på det.")})
    reveal(uow, world, proposal, clock)
    view = view_of(uow, proposal)
    assert view.show_names
    assert view.raters[2] == "Cecilie Berg, sygeplejerske"
    (row,) = view.reasons
    assert [r.rater for _option, reasons in row.by_option for r in reasons] == ["Cecilie Berg, sygeplejerske"]


def test_pseudonyms_without_a_profession_and_beyond_z():
    nurse = Profession(key="spl", name="Sygeplejerske", id=1)
    named = discussion_views.pseudonyms(range(1, 30), {1: nurse, 2: None, 3: nurse, 4: nurse}, key="k")
    letters = pseudonyms.letters(range(1, 30), "k")
    assert named[1] == f"Participant {letters[1]}, sygeplejerske"  # 26 unnamed: the nurses may be named
    assert named[2] == f"Participant {letters[2]}"
    assert sorted(letters.values(), key=lambda text: (len(text), text))[24:] == ["Y", "Z", "AA", "AB", "AC"]


def test_a_profession_is_named_only_where_it_cannot_point_at_a_person():
    ssa, nurse = Profession(key="ssa", name="SSA"), Profession(key="spl", name="Sygeplejerske")

    def named(panel: dict[int, Profession | None]) -> list[str]:
        return sorted(discussion_views.pseudonyms(panel, panel, key="k").values())

    assert named({5: ssa}) == ["Participant A"]
    assert named({5: ssa, 6: ssa}) == ["Participant A", "Participant B"]
    assert named({5: ssa, 6: ssa, 7: ssa}) == [
        "Participant A, SSA",
        "Participant B, SSA",
        "Participant C, SSA",
    ]
    # Three assistants and one nurse: "the one without a profession" would be the nurse.
    assert named({5: ssa, 6: ssa, 7: ssa, 8: nurse}) == [f"Participant {x}" for x in "ABCD"]
    # Three left unnamed (two nurses and one without a profession): the assistants may be named.
    three_unnamed = named({5: ssa, 6: ssa, 7: ssa, 8: nurse, 9: nurse, 10: None})
    assert sum(text.endswith(", SSA") for text in three_unnamed) == 3 and len(three_unnamed) == 6


def test_letters_need_the_proposals_key():
    with pytest.raises(ValueError, match="pseudonym key"):
        discussion_views.pseudonyms([5], {}, key="")


def test_a_revised_score_replaces_the_blind_one_among_the_reasons(uow, world, revealed, clock):
    give(uow, revealed, clock, {world.raters[0]: (1, "Efter drøftelsen: overdragelsen er løst.")})
    view = view_of(uow, revealed)
    (row,) = [row for row in view.reasons if row.criterion_key == "borger"]
    reasons = dict((option.title, reasons) for option, reasons in row.by_option)["Faste teams på fire"]
    first = reasons[0]
    assert (first.rater, first.level, first.text, first.revised) == (
        label(view, world, world.raters[0]),
        1,
        "Efter drøftelsen: overdragelsen er løst.",
        True,
    )
    assert view.hot_spots[0].levels[0].count == 1  # the tally counts the revised score too


# Professions ---------------------------------------------------------------------------------------


def test_no_profession_view_when_fewer_than_three_raters_would_be_left_out(uow, revealed):
    # Four assistants and the nurse: their median beside the panel's would give hers away.
    view = view_of(uow, revealed)
    assert (view.professions, view.small_groups) == ((), ())


def test_profession_medians_are_shown_only_for_groups_of_three_or_more(uow, world, clock):
    therapist = people.register_profession(uow, name="Ergoterapeut", actor=SYSTEM, clock=clock)
    for name in ("Frida Friis", "Gustav Grøn"):
        person = people.register_person(
            uow,
            name=name,
            email=f"{name[0]}@kommune.dk",
            profession_id=therapist.id,
            actor=SYSTEM,
            clock=clock,
        )
        people.grant_role(
            uow, person_id=person.id or 0, unit_id=world.unit_id, role=Role.RATER, actor=SYSTEM, clock=clock
        )
        world.raters.append(person.id or 0)
    world.profession_ids.append(therapist.id or 0)
    proposal = start(uow, world, clock)
    r = world.raters
    give(uow, proposal, clock, {r[0]: -2, r[1]: -2, r[2]: 2, r[3]: 2, r[4]: 2})
    give(uow, proposal, clock, {r[0]: -1, r[1]: 1, r[2]: 1, r[3]: 2, r[4]: 2}, option=2)
    for option in (1, 2):  # the assistants' role; then two of them "don't know" on option 2
        give(
            uow,
            proposal,
            clock,
            {rater: 1 for rater in r[:2] + r[3:5]},
            criterion="rolle",
            facet=SOSU,
            option=option,
        )
    give(uow, proposal, clock, {r[0]: None, r[1]: None}, criterion="rolle", facet=SOSU, option=2)
    reveal(uow, world, proposal, clock)
    view = view_of(uow, proposal)
    (table,) = view.professions
    assert (table.name, table.raters) == ("Social- og sundhedsassistent", 4)
    assert view.small_groups == (("Ergoterapeut", 2), ("Sygeplejerske", 1))  # three left out: named
    rows = {(row.criterion_key, row.facet_label): row for row in table.rows}
    options = {option.title: option.id for option in view.options}
    citizen = rows[("borger", "")]
    assert citizen.medians[options["Faste teams på fire"]] == 0.0  # −2, −2, 2, 2: the assistants alone
    assert citizen.panel[options["Faste teams på fire"]] == 2.0  # the nurse's 2 is in the panel's median
    role = rows[("rolle", "Social- og sundhedsassistent")]
    assert role.medians[options["Faste teams på fire"]] == 1.0
    # Only two assistants scored option 2 (two said "don't know"): too few, no median.
    assert role.medians[options["Faste makkerpar"]] is None


def test_no_profession_table_when_every_group_is_small(uow, world, clock):
    world.raters = world.raters[:3]  # two assistants and a nurse
    proposal = start(uow, world, clock)
    give(uow, proposal, clock, {rater: 1 for rater in world.raters})
    reveal(uow, world, proposal, clock)
    view = view_of(uow, proposal)
    assert view.professions == ()
    assert view.small_groups == (("Social- og sundhedsassistent", 2), ("Sygeplejerske", 1))


# Gaps and notes ------------------------------------------------------------------------------------


def test_a_perspective_gap_is_flagged_with_both_medians(uow, revealed):
    (gap,) = view_of(uow, revealed).gaps
    assert (gap.option_title, gap.criterion_key) == ("Faste teams på fire", "perspektiver")
    assert (gap.low_label, gap.low_median, gap.high_label, gap.high_median, gap.gap) == (
        "experienced (by citizens)",
        -1.0,
        "formal (as decided)",
        2.0,
        3.0,
    )
    assert gap.notes == ()


def test_a_rubric_without_value_criteria_has_no_value_comparison(uow, revealed):
    view = view_of(uow, revealed)
    assert not view.value_divergence_available
    assert view.divergences == ()


def test_a_divergence_between_citizen_and_society_value_asks_for_a_comment(uow, world, clock):
    ref = organisation.register_rubric(
        uow, content=VALUE_RUBRIC.encode(), source_name="v.toml", actor=SYSTEM, clock=clock
    ).ref
    proposal = start(uow, world, clock, rubric=ref)
    r = world.raters
    give(uow, proposal, clock, {rater: 2 for rater in r}, criterion="borger_effekt")
    give(uow, proposal, clock, {rater: -1 for rater in r}, criterion="samfund_vaerdi")
    give(uow, proposal, clock, {rater: 1 for rater in r}, criterion="borger_effekt", option=2)
    give(uow, proposal, clock, {rater: 0 for rater in r}, criterion="samfund_vaerdi", option=2)
    reveal(uow, world, proposal, clock)

    view = view_of(uow, proposal)
    assert view.value_divergence_available
    assert (view.citizen_label, view.society_label) == ("Effect for the citizen?", "Value to society?")
    (item,) = view.divergences
    assert (item.option_title, item.citizen, item.society, item.difference) == (
        "Faste teams på fire",
        2.0,
        -1.0,
        3.0,
    )

    discussion.record_note(
        uow,
        proposal.id,
        kind=NoteKind.VALUE_DIVERGENCE,
        text="Borgeren vinder, kassen taber: det er et bevidst valg.",
        option_id=item.option_id,
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    (item,) = view_of(uow, proposal).divergences
    assert [note.text for note in item.notes] == ["Borgeren vinder, kassen taber: det er et bevidst valg."]


def test_a_comment_on_a_gap_is_stored_shown_and_logged(uow, world, revealed, clock):
    (gap,) = view_of(uow, revealed).gaps
    note = discussion.record_note(
        uow,
        revealed.id,
        kind=NoteKind.PERSPECTIVE_GAP,
        text="  Byrådet har besluttet det, men borgerne mærker det ikke endnu.  ",
        option_id=gap.option_id,
        criterion_key=gap.criterion_key,
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    assert note.id is not None and note.author_id == world.leader_id
    (gap,) = view_of(uow, revealed).gaps
    assert [n.text for n in gap.notes] == ["Byrådet har besluttet det, men borgerne mærker det ikke endnu."]
    assert gap.notes[0].created_at == note.created_at
    events = uow.state.events
    assert events[-1].action == "discussion_note.record" and events[-1].object_id == str(revealed.id)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "x" * (discussion.NOTE_LIMIT + 1)}, "text"),
        ({"text": "nul\x00"}, "text"),
        ({"option_id": 999_999}, "option_id"),
        ({"criterion_key": "findes_ikke"}, "criterion_key"),
    ],
)
def test_a_bad_comment_is_refused_and_nothing_is_stored(uow, world, revealed, clock, changes, field):
    values = {"text": "En kommentar", "option_id": revealed.options[1].id, "criterion_key": "perspektiver"}
    values.update(changes)
    with pytest.raises(FormInvalid) as caught:
        discussion.record_note(
            uow,
            revealed.id,
            kind=NoteKind.PERSPECTIVE_GAP,
            actor=people.actor_for(uow, world.leader_id),
            clock=clock,
            **values,
        )
    assert list(caught.value.problems) == [field]
    assert uow.state.notes == {}


def test_comments_wait_for_the_reveal(uow, world, clock):
    proposal = start(uow, world, clock)
    with pytest.raises(WrongState):
        discussion.record_note(
            uow,
            proposal.id,
            kind=NoteKind.PERSPECTIVE_GAP,
            text="For tidligt",
            actor=owner(uow, proposal),
            clock=clock,
        )
    assert uow.state.notes == {}


def test_a_comment_stays_in_view_when_its_gap_closes_after_round_two(uow, world, revealed, clock):
    (gap,) = view_of(uow, revealed).gaps
    discussion.record_note(
        uow,
        revealed.id,
        kind=NoteKind.PERSPECTIVE_GAP,
        text="Vi har talt med borgerne.",
        option_id=gap.option_id,
        criterion_key=gap.criterion_key,
        actor=owner(uow, revealed),
        clock=clock,
    )
    give(
        uow,
        revealed,
        clock,
        {rater: 1 for rater in world.raters},
        criterion="perspektiver",
        facet="experienced",
    )
    view = view_of(uow, revealed)
    assert view.gaps == ()
    ((about, note),) = view.earlier_notes
    assert about == "Faste teams på fire · Effect from each perspective?"
    assert note.text == "Vi har talt med borgerne."


# Dilemmas ------------------------------------------------------------------------------------------


def test_dilemmas_are_listed_with_their_links_and_status(uow, world, revealed, clock):
    dilemmas.record_dilemma(
        uow,
        revealed.id,
        text="Borgerens ønske eller samfundets krav?",
        pole_a="Borgerens ønske",
        pole_b="Samfundets krav",
        option_id=revealed.options[1].id,
        criterion_key="borger",
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    (dilemma,) = view_of(uow, revealed).dilemmas
    assert (dilemma.option_title, dilemma.criterion_label, dilemma.status_label) == (
        "Faste teams på fire",
        "Effect for the citizen?",
        "open",
    )
    dilemmas.set_dilemma_status(
        uow,
        revealed.id,
        dilemma.id,
        status=DilemmaStatus.REVISIT,
        note="Ved opfølgningen",
        actor=owner(uow, revealed),
    )
    view = view_of(uow, revealed)
    assert (view.dilemmas[0].status_label, view.dilemmas[0].note) == ("to revisit", "Ved opfølgningen")
    assert view.open_dilemmas == 1  # "to revisit" is not handled


def test_every_starting_point_comes_with_a_source_two_poles_and_known_criteria():
    default = load_rubric(ROOT / "rubrics" / "kerneopgave.toml")
    known = {criterion.role for criterion in default.criteria if criterion.role is not None}
    assert len(STARTING_POINTS) >= 5
    assert len({point.key for point in STARTING_POINTS}) == len(STARTING_POINTS)
    for point in STARTING_POINTS:
        assert point.title and point.text and point.pole_a and point.pole_b and point.source, point.key
        assert point.roles and set(point.roles) <= known, point.key
        assert suggested_criterion(point, default) == default.with_role(point.roles[0]).key, point.key
    assert starting_point("citizen_society").pole_a == "The individual citizen's own wishes"
    # A rubric from before roles suggests the same criterion by its key.
    older = default.model_copy(
        update={
            "criteria": tuple(c.model_copy(update={"role": None}) for c in default.criteria),
            "dimensions": tuple(d.model_copy(update={"role": None}) for d in default.dimensions),
        }
    )
    assert not older.declares_roles
    assert suggested_criterion(starting_point("citizen_society"), older) == "borger_effekt"
    with pytest.raises(KeyError):
        starting_point("nope")


# The decision --------------------------------------------------------------------------------------


def decision_values(option_id, **changes):
    values: dict = {
        "chosen_option_id": option_id,
        "justification": "Bedst for borgerne.",
        "med_statement": "Lokal-MED anbefaler forslaget.",
        "dissent": "",
        "conditions": "",
        "follow_up_date": date(2027, 6, 1),
        "indicators": "Andel selvhjulpne borgere efter 12 uger.",
    }
    values.update(changes)
    return decision.DecisionInput(**values)


def test_deciding_without_an_option_reports_every_problem_at_once_and_stores_nothing(uow, revealed, clock):
    with pytest.raises(FormInvalid) as caught:
        decision.record_decision(
            uow,
            revealed.id,
            decision_values(None, justification="", indicators=""),
            actor=owner(uow, revealed),
            clock=clock,
        )
    assert set(caught.value.problems) == {"chosen_option_id", "justification", "indicators"}
    assert caught.value.problems["chosen_option_id"].id == "Choose the option the decision is for."
    with pytest.raises(FormInvalid) as caught:
        decision.record_decision(
            uow, revealed.id, decision_values(None), actor=owner(uow, revealed), clock=clock
        )
    assert list(caught.value.problems) == ["chosen_option_id"]
    assert decision.get_decision(uow, revealed.id, actor=owner(uow, revealed)) is None
    assert proposals.get_proposal(uow, revealed.id, actor=owner(uow, revealed)).status is Status.DISCUSSION


def test_the_decision_view_before_and_after_deciding(uow, world, revealed, clock):
    dilemmas.record_dilemma(
        uow, revealed.id, text="Et åbent dilemma", actor=owner(uow, revealed), clock=clock
    )
    before = decision.decision_view(uow, revealed.id, Translator("en"), actor=owner(uow, revealed))
    assert (before.decision, before.chosen_title, before.hot_spots) == (None, "", 2)
    assert before.open_dilemmas == ("Et åbent dilemma",)
    assert [option.title for option in before.options] == [
        "Keep as is",
        "Faste teams på fire",
        "Faste makkerpar",
    ]

    chosen = revealed.options[1].id
    decision.record_decision(
        uow,
        revealed.id,
        decision_values(chosen),
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    after = decision.decision_view(uow, revealed.id, Translator("en"), actor=owner(uow, revealed))
    assert after.status is Status.DECIDED
    assert (after.chosen_title, after.decided_by) == ("Faste teams på fire", "Lone Leder")
    assert after.decision is not None and after.decision.dissent == ""
    assert after.outcomes == () and after.dimensions == ()  # nothing to compare before the follow-up


def test_expected_and_actual_are_compared_at_the_follow_up(uow, world, revealed, clock):
    chosen = revealed.options[1].id
    decision.record_decision(
        uow,
        revealed.id,
        decision_values(chosen),
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    proposals.start_follow_up(uow, revealed.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    started = decision.decision_view(uow, revealed.id, Translator("en"), actor=owner(uow, revealed))
    core = next(row for row in started.dimensions if row.label == "The core task")
    # Nothing scored at the follow-up yet: the whole dimension as expected, no actual value.
    assert (core.expected.value, core.expected.low, core.expected.high) == (1.0, 0.5, 2.0)
    assert (core.actual.text, core.actual.value, core.difference) == ("–", None, None)
    r = world.raters
    give(uow, revealed, clock, {r[0]: 0, r[1]: 1, r[2]: 1})  # citizen effect, option 1: expected 2

    view = decision.decision_view(uow, revealed.id, Translator("en"), actor=owner(uow, revealed))
    rows = {(row.criterion_key, row.facet_label): row for row in view.outcomes_of(chosen)}
    citizen = rows[("borger", "")]
    assert (citizen.expected, citizen.actual, citizen.difference, citizen.follow_up_scores) == (
        2.0,
        1.0,
        -1.0,
        3,
    )
    formal = rows[("perspektiver", "formal (as decided)")]
    assert (formal.expected, formal.actual, formal.difference, formal.follow_up_scores) == (
        2.0,
        None,
        None,
        0,
    )
    assert view.follow_up_scores == 3
    # Per dimension, on the scale itself: the core task's criteria after the discussion run from 0,5
    # to 2, but only the citizen effect is scored at the follow-up so far, so the dimension's expected
    # value is that question's alone (2), against its actual median (1).
    by_label = {row.label: row for row in view.dimensions}
    assert list(by_label) == ["The core task", "Citizen involvement"]
    core = by_label["The core task"]
    assert (core.expected.value, core.expected.low, core.expected.high) == (2.0, 2.0, 2.0)
    assert (core.actual.value, core.actual.low, core.actual.high, core.difference) == (1.0, 1.0, 1.0, -1.0)
    assert by_label["Citizen involvement"].ladder and by_label["Citizen involvement"].difference is None

    proposals.close_proposal(uow, revealed.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    assert decision.decision_view(uow, revealed.id, Translator("en"), actor=owner(uow, revealed)).outcomes_of(
        chosen
    ) == view.outcomes_of(chosen)


def test_compare_outcomes_orders_rows_as_the_rubric_and_skips_unknown_criteria():
    rubric = parse_rubric(SMALL_RUBRIC)
    options = (OptionView(7, "A", False, 1), OptionView(3, "Keep as is", True, 0))
    expected = {
        (7, "perspektiver", "experienced"): Tally({1: 2}),
        (7, "perspektiver", "formal"): Tally({2: 1, 0: 1}),
        (3, "borger", ""): Tally({0: 3}),
        (7, "gone", ""): Tally({1: 1}),
    }
    actual = {(7, "perspektiver", "formal"): Tally({-1: 2}, dont_know=1)}
    rows = decision.compare_outcomes(rubric, options, expected, actual)
    assert [(row.option_id, row.criterion_key, row.facet_label) for row in rows] == [
        (3, "borger", ""),
        (7, "perspektiver", "formal (as decided)"),
        (7, "perspektiver", "experienced (by citizens)"),
    ]
    formal = rows[1]
    assert (formal.expected, formal.actual, formal.difference, formal.follow_up_scores) == (
        1.0,
        -1.0,
        -2.0,
        2,
    )
    assert formal.steps is None
    assert formal.texts(str, str) == ("1.0", "-1.0", "-2.0")


def test_a_ladder_question_is_compared_in_its_steps_and_never_subtracted():
    rubric = parse_rubric(SMALL_RUBRIC)
    options = (OptionView(7, "A", False, 1),)
    expected = {(7, "inddragelse_planlagt", ""): Tally({2: 3})}
    actual = {(7, "inddragelse_planlagt", ""): Tally({1: 1, 2: 1})}  # halfway between two steps
    (row,) = decision.compare_outcomes(rubric, options, expected, actual, language="da")
    assert (row.expected, row.actual) == (2.0, 1.5)  # kept, for the spreadsheet's own use
    assert row.steps == ("Samskabelse", "Fælles fokus/Samskabelse")
    assert row.difference is None
    assert row.texts(str, str) == ("Samskabelse", "Fælles fokus/Samskabelse", "–")
    (unscored,) = decision.compare_outcomes(rubric, options, expected, {}, language="da")
    assert unscored.steps == ("Samskabelse", "–")


# The citizens' voice and "keep as is" ------------------------------------------------------------


def test_the_discussion_flags_an_experienced_perspective_that_rests_on_nothing(uow, revealed):
    voice = view_of(uow, revealed).citizen_voice
    assert voice is not None and voice.scores_experienced  # the small rubric asks per perspective
    assert voice.unheard and voice.evidence == ()


def test_the_discussion_lists_the_citizen_evidence_and_does_not_flag_it(uow, world, clock):
    proposal = start(uow, world, clock)
    leader = owner(uow, proposal)
    for kind, note in ((EvidenceKind.NONE, ""), (EvidenceKind.INTERVIEWS, "Fem borgere i eget hjem")):
        citizen_evidence.add_citizen_evidence(
            uow, proposal.id, kind=kind, collected_on=date(2026, 11, 2), note=note, actor=leader, clock=clock
        )
    give(uow, proposal, clock, {world.raters[0]: 1})
    reveal(uow, world, proposal, clock)
    voice = view_of(uow, proposal).citizen_voice
    assert voice is not None and not voice.unheard
    assert voice.evidence[1] == discussion_views.EvidenceLine(
        "Interviews", date(2026, 11, 2), "Fem borgere i eget hjem"
    )


def test_the_baselines_fixed_no_difference_is_never_a_hot_spot(uow, world, clock):
    # Format 2: "keep as is" is never asked the effect questions, their value is fixed at 0.
    ref = organisation.register_rubric(
        uow,
        content=SMALL_RUBRIC.replace("schema_version = 1", "schema_version = 2")
        .replace('id = "lille"', 'id = "lille_to"')
        .encode(),
        source_name="lille_to.toml",
        actor=SYSTEM,
        clock=clock,
    ).ref
    proposal = start(uow, world, clock, rubric=ref)
    baseline = next(o for o in proposal.options if o.is_baseline)
    r = world.raters
    give(uow, proposal, clock, {r[0]: -2, r[1]: -2, r[2]: 2, r[3]: 2})  # a real split on an option
    # A split stored on a fixed cell (as a score saved before it was fixed would be) is nobody's view.
    with uow.write() as repo:
        for rater, level in zip(r, (-2, -2, 2, 2), strict=False):
            repo.save_score(
                Score(proposal.id, baseline.id or 0, "borger", "", rater, Round.BLIND, level, "", clock())
            )
    reveal(uow, world, proposal, clock)
    view = view_of(uow, proposal)
    assert [(c.option_id, c.criterion_key) for c in view.hot_spots] == [(proposal.options[1].id, "borger")]
    comparison = compare(uow, proposal.id, actor=owner(uow, proposal))
    assert comparison.tallies[(baseline.id, "borger", "")] == Tally.of([0])
    assert all(key[0] != baseline.id for key in comparison.disagreements)
    assert comparison.disagreements
