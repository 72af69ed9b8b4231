"""Vurdering: one question at a time across every option; each answer kept at once as the rater's
private draft; "submit" one deliberate act; nobody sees anyone else's answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from assessment import decision, organisation, people, proposals, scoring_sheet
from assessment.kernel.model import ChangeType, Origin, Proposal, Round
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, shown
from tests.support import SMALL_RUBRIC
from ui.scoring_widgets import DONT_KNOW_CHOICE, FormKeys
from ui.tabs.scoring_questions import Plan, plan_of

PAGE = "screens/scoring.py"
WEEKEND = "Faste makkerpar og ny vagtplan i weekenden"  # blind scoring
REHABILITATION = "Hverdagsrehabilitering som første tilbud til nye borgere"  # in discussion
FATIMA = "fatima.hassan@fjordby.dk"  # on both panels; has not started on the weekend plan
KAREN = "karen.vestergaard@fjordby.dk"  # on the weekend panel, partly done
SUSANNE = "susanne.dahl@fjordby.dk"  # school leader, on neither panel, no role in home care
MADS = "mads.christensen@fjordby.dk"  # a rater in home care, but not on the weekend panel
THOMAS = "thomas.bach@fjordby.dk"  # on the panel of the school's decided proposal
BIRGITTE = "birgitte.lund@fjordby.dk"  # leads Hjemmeplejen Syd, where the weekend plan is


@contextmanager
def uow_of(url: str) -> Iterator[SqlUnitOfWork]:
    engine = make_engine(url)
    try:
        yield SqlUnitOfWork(engine)
    finally:
        engine.dispose()


def proposal_titled(url: str, title: str) -> Proposal:
    with uow_of(url) as uow:
        with uow.read() as repo:
            found, _total = repo.find_proposals(ProposalFilter(text=title, scope=None))
        return proposals.get_proposal(uow, found[0].id, actor=SYSTEM)


def plan_for(url: str, proposal: Proposal, rater: int) -> Plan:
    """The rater's questions as the use case gives them, to find the widgets of a question."""
    with uow_of(url) as uow:
        return plan_of(scoring_sheet.scoring_form(uow, proposal.id or 0, actor=people.actor_for(uow, rater)))


def stored_rows(url: str, proposal: Proposal, rater: int, round_: Round):
    with uow_of(url) as uow, uow.read() as repo:
        return repo.scores_of(proposal.id or 0, rater, round_)


def drafts(url: str, proposal: Proposal, rater: int, round_: Round) -> dict:
    with uow_of(url) as uow, uow.read() as repo:
        return {
            (d.option_id, d.criterion_key, d.facet): d
            for d in repo.drafts_of(proposal.id or 0, rater, round_)
        }


def progress_texts(app) -> list[str]:
    return [element.proto.text for element in app.get("progress")]


def page_texts(app) -> str:
    """Everything the page sends to the browser, to prove that something is *not* shown anywhere."""
    found = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app.main)
    walk(app.sidebar)
    return "\n".join(found)


def texts(elements) -> str:
    return " ".join(element.value for element in elements)


# Runs everywhere -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_page_runs_on_an_empty_database(empty_database, open_page, language):
    app = open_page(PAGE, language=language)
    assert not app.radio


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("email", [FATIMA, KAREN, SUSANNE])
def test_the_page_runs_on_the_demo_for_every_kind_of_rater(demo_database, open_page, language, email):
    open_page(PAGE, language=language, person=person_id(demo_database, email))


def test_a_rater_is_offered_only_proposals_they_can_score(demo_database, open_page):
    app = open_page(PAGE, language="en", person=person_id(demo_database, FATIMA))
    offered = app.selectbox(key="score.proposal").options
    assert [label.split(" · ")[0] for label in offered] == [WEEKEND, REHABILITATION]


# One question across the options ---------------------------------------------------------------


def open_weekend(url, open_page, email=FATIMA, query=None):
    proposal = proposal_titled(url, WEEKEND)
    rater = person_id(url, email)
    app = open_page(PAGE, language="en", person=rater, query={"proposal": str(proposal.id), **(query or {})})
    return app, proposal, rater, FormKeys(proposal.id or 0, rater, Round.BLIND)


def test_the_first_question_is_asked_of_every_option_with_nothing_answered(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    plan = plan_for(demo_database, proposal, rater)
    first = plan.questions[0]

    assert progress_texts(app) == [f"Question 1 of {len(plan.questions)} · 0 of {plan.total} answers"]
    assert app.header[0].value.startswith("1. ")
    # A column per option, the other options first and "keep as is" last where it is asked.
    titles = [option.title for option in proposal.options if not option.is_baseline]
    assert [o.title for o in first.options][: len(titles)] == titles
    for cell in first.cells:
        assert app.radio(key=keys.level(*cell)).value is None
        assert app.text_area(key=keys.reason(*cell)).value == ""


def test_every_answer_is_labelled_with_the_question_and_the_option(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    first = plan_for(demo_database, proposal, rater).questions[0]
    for option in first.options:
        cell = next(c for c in first.cells if c[0] == option.id)
        title = "Keep as is" if option.is_baseline else option.title
        radio, reason = app.radio(key=keys.level(*cell)), app.text_area(key=keys.reason(*cell))
        assert shown(radio.label).endswith(f" — {title}") and shown(radio.label).startswith(
            first.criterion.question("en")
        )
        assert shown(reason.label) == f"Reason — {shown(radio.label)}"
    assert len({app.text_area(key=keys.reason(*cell)).label for cell in first.cells}) == len(first.cells)


def test_every_level_is_named_dont_know_can_be_chosen_and_every_description_is_one_click_away(
    demo_database, open_page
):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    first = plan_for(demo_database, proposal, rater).questions[0]
    radio = app.radio(key=keys.level(*first.cells[0]))
    scale = proposal_rubric_scale(demo_database, proposal, first.criterion.key)
    assert [shown(option) for option in radio.options][-1] == "Don't know"
    assert len(radio.options) == len(scale.values) + 1
    levels = texts(app.markdown)
    for value in scale.values:
        assert shown(first.criterion.descriptor(value)("en")) in shown(levels)


def proposal_rubric_scale(url, proposal, criterion_key):
    with uow_of(url) as uow:
        rubric = scoring_sheet.scoring_sheet(
            uow, proposal.id or 0, actor=people.actor_for(uow, person_id(url, FATIMA))
        ).rubric
    return rubric.scale_of(criterion_key)


# Drafts: kept at once, private, and submitted in one act ---------------------------------------


def test_an_answer_is_kept_at_once_as_a_draft_and_a_reload_comes_back_to_it(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    plan = plan_for(demo_database, proposal, rater)
    cell, other = plan.questions[0].cells[:2]

    app.text_area(key=keys.reason(*cell)).input("Færre nye ansigter hos fru Jensen").run()
    app.radio(key=keys.level(*cell)).set_value(1).run()
    app.radio(key=keys.level(*other)).set_value(DONT_KNOW_CHOICE).run()

    kept = drafts(demo_database, proposal, rater, Round.BLIND)
    assert (kept[cell].level, kept[cell].reason, kept[cell].answered) == (
        1,
        "Færre nye ansigter hos fru Jensen",
        True,
    )
    assert (kept[other].level, kept[other].answered) == (None, True)  # "don't know"
    assert stored_rows(demo_database, proposal, rater, Round.BLIND) == []  # nothing submitted yet
    assert progress_texts(app)[0].endswith(f"· 2 of {plan.total} answers")

    # Next question, then a reload (a new session): the address brings her back, the answers are there.
    app.button(key="score.next").click().run()
    assert app.query_params["q"] in ("2", ["2"])
    reloaded, *_ = open_weekend(demo_database, open_page, query={"q": "2"})
    assert reloaded.header[0].value.startswith("2. ")
    reloaded.button(key="score.previous").click().run()
    assert reloaded.radio(key=keys.level(*cell)).value == 1
    assert reloaded.text_area(key=keys.reason(*cell)).value == "Færre nye ansigter hos fru Jensen"
    assert reloaded.radio(key=keys.level(*other)).value == DONT_KNOW_CHOICE


def test_a_reason_without_a_level_is_kept_and_the_rater_is_told_it_is_no_answer_yet(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    cell = plan_for(demo_database, proposal, rater).questions[0].cells[0]

    app.text_area(key=keys.reason(*cell)).input("Det giver mening for os").run()

    kept = drafts(demo_database, proposal, rater, Round.BLIND)[cell]
    assert (kept.answered, kept.reason) == (False, "Det giver mening for os")
    assert "Choose a level" in texts(app.caption)
    assert progress_texts(app)[0].endswith(
        f" · 0 of {plan_for(demo_database, proposal, rater).total} answers"
    )
    # Emptying the reason again leaves nothing behind.
    app.text_area(key=keys.reason(*cell)).input("").run()
    assert drafts(demo_database, proposal, rater, Round.BLIND) == {}


def test_the_jump_list_marks_answered_questions_and_goes_there(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    plan = plan_for(demo_database, proposal, rater)
    for cell in plan.questions[0].cells:
        app.radio(key=keys.level(*cell)).set_value(0).run()
    last = len(plan.questions)

    assert app.button(key=keys.jump(1)).proto.icon == ":material/check_circle:"
    assert app.button(key=keys.jump(2)).proto.icon == ":material/radio_button_unchecked:"
    app.button(key=keys.jump(last)).click().run()

    assert app.header[0].value.startswith(f"{last}. ")
    assert app.button(key="score.next").disabled


def test_submitting_turns_the_drafts_into_scores_after_saying_what_is_unanswered(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    plan = plan_for(demo_database, proposal, rater)
    cells = plan.questions[0].cells
    for cell in cells:
        app.radio(key=keys.level(*cell)).set_value(1).run()
    assert f"{plan.total - len(cells)} of {plan.total} answers" in texts(app.warning)
    assert stored_rows(demo_database, proposal, rater, Round.BLIND) == []

    app.button(key="score.submit").click().run()

    stored = stored_rows(demo_database, proposal, rater, Round.BLIND)
    assert sorted((s.option_id, s.criterion_key, s.facet) for s in stored) == sorted(cells)
    assert all(s.level == 1 for s in stored)
    assert drafts(demo_database, proposal, rater, Round.BLIND) == {}
    assert f"Submitted: {len(cells)} new or changed answers" in texts(app.success)
    assert app.button(key="score.submit").disabled  # nothing left to submit
    assert progress_texts(app)[0].endswith(f"· {len(cells)} of {plan.total} answers")


def test_someone_off_the_panel_is_told_why_and_gets_no_form(demo_database, open_page):
    app, _proposal, _rater, _keys = open_weekend(demo_database, open_page, MADS)

    assert "not on the panel" in texts(app.warning)
    assert not app.radio
    assert not [button for button in app.button if button.key == "score.submit"]


def test_a_leader_of_another_unit_is_not_shown_the_proposal_at_all(demo_database, open_page):
    app, proposal, _rater, _keys = open_weekend(demo_database, open_page, SUSANNE)

    assert "nothing for you to score" in texts(app.info)
    assert not app.radio
    assert proposal.title not in page_texts(app)


def test_a_proposal_that_takes_no_scores_points_to_its_screen(demo_database, open_page):
    decided = proposal_titled(demo_database, "Lærere og pædagoger i faste årgangsteams")
    app = open_page(
        PAGE, language="en", person=person_id(demo_database, THOMAS), query={"proposal": str(decided.id)}
    )
    assert "does not apply to it now" in texts(app.info)
    assert not app.radio


def test_nobody_sees_anyone_elses_drafts_or_scores_before_the_reveal(demo_database, open_page):
    secret, submitted = "Karens kladde, som ingen andre må se", "Karens indsendte begrundelse"
    app_a, proposal, karen, keys_a = open_weekend(demo_database, open_page, KAREN, query={"q": "1"})
    first, second = plan_for(demo_database, proposal, karen).questions[0].cells[:2]
    app_a.text_area(key=keys_a.reason(*first)).input(submitted).run()
    app_a.radio(key=keys_a.level(*first)).set_value(-2).run()
    app_a.button(key="score.submit").click().run()
    app_a.text_area(key=keys_a.reason(*second)).input(secret).run()
    app_a.radio(key=keys_a.level(*second)).set_value(2).run()
    assert drafts(demo_database, proposal, karen, Round.BLIND)[second].reason == secret

    app_b, _proposal, _fatima, _keys_b = open_weekend(demo_database, open_page, FATIMA)

    assert all(radio.value is None for radio in app_b.radio)
    assert all(area.value == "" for area in app_b.text_area)
    everything = page_texts(app_b)
    assert secret not in everything and submitted not in everything


def test_switching_the_person_never_carries_answers_over(demo_database, open_page):
    app, proposal, karen, keys_karen = open_weekend(demo_database, open_page, KAREN, query={"q": "1"})
    cell = plan_for(demo_database, proposal, karen).questions[0].cells[0]
    app.text_area(key=keys_karen.reason(*cell)).input("Karens kladde").run()

    fatima = person_id(demo_database, FATIMA)
    app.selectbox(key="app.person").set_value(fatima).run()  # switched in the sidebar

    keys_fatima = FormKeys(proposal.id or 0, fatima, Round.BLIND)
    assert app.radio(key=keys_fatima.level(*cell)).value is None
    assert app.text_area(key=keys_fatima.reason(*cell)).value == ""
    assert "Karens kladde" not in page_texts(app)


# After the reveal and at follow-up ------------------------------------------------------------------


def test_round_two_starts_from_round_one_and_a_change_is_submitted_as_round_two(demo_database, open_page):
    proposal = proposal_titled(demo_database, REHABILITATION)
    fatima = person_id(demo_database, FATIMA)
    blind = {
        (s.option_id, s.criterion_key, s.facet): s
        for s in stored_rows(demo_database, proposal, fatima, Round.BLIND)
    }
    plan = plan_for(demo_database, proposal, fatima)
    question = next(q for q in plan.questions if any(cell in blind for cell in q.cells))
    cell = next(cell for cell in question.cells if cell in blind)
    app = open_page(
        PAGE, language="en", person=fatima, query={"proposal": str(proposal.id), "q": str(question.number)}
    )
    keys = FormKeys(proposal.id or 0, fatima, Round.REVISED)
    assert "Round 2" in texts(app.info)

    before = blind[cell].level
    radio = app.radio(key=keys.level(*cell))
    assert radio.value == (DONT_KNOW_CHOICE if before is None else before)
    assert app.text_area(key=keys.reason(*cell)).value == blind[cell].reason
    changed = -2 if before != -2 else 2
    radio.set_value(changed).run()
    assert "changed in round 2" in texts(app.caption)
    assert stored_rows(demo_database, proposal, fatima, Round.REVISED) == []

    app.button(key="score.submit").click().run()

    revised = stored_rows(demo_database, proposal, fatima, Round.REVISED)
    assert [(s.option_id, s.criterion_key, s.facet, s.level) for s in revised] == [(*cell, changed)]


def test_at_follow_up_only_the_chosen_option_is_asked(demo_database, open_page):
    decided = proposal_titled(demo_database, "Lærere og pædagoger i faste årgangsteams")
    with uow_of(demo_database) as uow:
        proposals.start_follow_up(
            uow, decided.id or 0, actor=people.actor_for(uow, person_id(demo_database, SUSANNE))
        )
        chosen = decision.get_decision(uow, decided.id or 0, actor=SYSTEM).chosen_option_id  # type: ignore[union-attr]
    rater = decided.panel[0].person_id
    app = open_page(PAGE, language="en", person=rater, query={"proposal": str(decided.id)})

    assert "score what actually happened" in texts(app.info)
    plan = plan_for(demo_database, decided, rater)
    assert {option.id for q in plan.questions for option in q.options} == {chosen}
    keys = FormKeys(decided.id or 0, rater, Round.FOLLOW_UP)
    cell = plan.questions[0].cells[0]
    assert app.radio(key=keys.level(*cell)).value is None  # round 3 starts empty
    app.radio(key=keys.level(*cell)).set_value(1).run()
    app.button(key="score.submit").click().run()

    follow_up = stored_rows(demo_database, decided, rater, Round.FOLLOW_UP)
    assert [(s.option_id, s.criterion_key, s.level) for s in follow_up] == [(chosen, cell[1], 1)]


def test_an_answer_after_the_reveal_happened_meanwhile_is_not_kept_and_says_why(demo_database, open_page):
    app, proposal, fatima, keys = open_weekend(demo_database, open_page)
    cell = plan_for(demo_database, proposal, fatima).questions[0].cells[0]
    with uow_of(demo_database) as uow:
        proposals.reveal(
            uow, proposal.id or 0, actor=people.actor_for(uow, person_id(demo_database, BIRGITTE))
        )

    app.radio(key=keys.level(*cell)).set_value(2).run()

    assert "moved on to another round" in texts(app.warning)
    assert drafts(demo_database, proposal, fatima, Round.BLIND) == {}
    assert drafts(demo_database, proposal, fatima, Round.REVISED) == {}
    assert "Round 2" in texts(app.info)


def test_coming_back_to_scoring_from_another_screen_keeps_the_proposal_and_the_question(
    demo_database, open_page
):
    app = open_page(PAGE, language="en", person=person_id(demo_database, FATIMA))
    first = app.selectbox(key="score.proposal").value
    app.selectbox(key="score.proposal").select_index(1).run()
    in_hand = app.selectbox(key="score.proposal").value
    assert in_hand != first
    app.button(key="score.next").click().run()
    # The sidebar takes her elsewhere and back; the address then carries no ?proposal= or ?q=.
    app.switch_page("screens/overview.py").run()
    app.query_params.clear()
    app.switch_page(PAGE).run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.selectbox(key="score.proposal").value == in_hand
    assert app.header[0].value.startswith("2. ")


# Format 2: "keep as is" is not scored against itself ------------------------------------------------


FORMAT_2 = SMALL_RUBRIC.replace("schema_version = 1", "schema_version = 2").replace(
    'id = "lille"', 'id = "lille2"'
)


def test_the_baseline_is_asked_only_where_its_rule_says_and_otherwise_counts_as_no_difference(
    demo_database, open_page
):
    leader_id = person_id(demo_database, BIRGITTE)
    rater = person_id(demo_database, FATIMA)
    with uow_of(demo_database) as uow:
        rubric = organisation.register_rubric(
            uow, content=FORMAT_2.encode(), source_name="lille2.toml", actor=SYSTEM
        ).ref
        unit = next(
            u for u in organisation.directory(uow, actor=SYSTEM).units if u.name == "Hjemmeplejen Syd"
        )
        leader = people.actor_for(uow, leader_id)
        proposal = proposals.register_proposal(
            uow,
            proposals.ProposalInput(
                unit_id=unit.id or 0,
                title="Fælles morgenmøde",
                description="Et kort møde hver morgen.",
                change_type=ChangeType.ORGANISATIONAL,
                origin=Origin.OWN_INITIATIVE,
                management_level="Områdeledelsen",
                med_committee="Lokal-MED Hjemmeplejen Syd",
                rubric=rubric,
                options=[proposals.OptionInput("Morgenmøde på 15 minutter")],
                panel_person_ids=[rater, person_id(demo_database, KAREN)],
            ),
            actor=leader,
        )
        proposals.open_scoring(uow, proposal.id or 0, actor=leader)

    app = open_page(PAGE, language="en", person=rater, query={"proposal": str(proposal.id)})

    keys = FormKeys(proposal.id or 0, rater, Round.BLIND)
    assert [shown(r.label).rsplit(" — ", 1)[-1] for r in app.radio] == ["Morgenmøde på 15 minutter"]
    assert "“Keep as is” is not asked this question" in texts(app.caption)
    plan = plan_for(demo_database, proposal, rater)
    ladder = next(q for q in plan.questions if not q.criterion.aggregate)
    app.button(key=keys.jump(ladder.number)).click().run()
    assert "“Keep as is” is not asked" not in texts(app.caption)  # skipped, not fixed at "no difference"
