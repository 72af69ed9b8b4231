"""Vurdering: a panel member scores option by option, sees only their own scores, saves once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from assessment import decision, people, proposals, scoring_sheet
from assessment.kernel.model import Proposal, Round
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, shown
from ui.scoring_widgets import DONT_KNOW_CHOICE, FormKeys

PAGE = "screens/scoring.py"
WEEKEND = "Faste makkerpar og ny vagtplan i weekenden"  # blind scoring
REHABILITATION = "Hverdagsrehabilitering som første tilbud til nye borgere"  # in discussion
FATIMA = "fatima.hassan@fjordby.dk"  # on both panels; has not started on the weekend plan
KAREN = "karen.vestergaard@fjordby.dk"  # on the weekend panel, 40 % done
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


def own_scores(url: str, proposal: Proposal, rater: int):
    with uow_of(url) as uow:
        return scoring_sheet.scoring_sheet(
            uow, proposal.id or 0, actor=people.actor_for(uow, rater)
        ).own_scores


def stored_rows(url: str, proposal: Proposal, rater: int, round_: Round):
    with uow_of(url) as uow, uow.read() as repo:
        return repo.scores_of(proposal.id or 0, rater, round_)


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


# Blind scoring ---------------------------------------------------------------------------------


def open_weekend(url, open_page, email=FATIMA):
    proposal = proposal_titled(url, WEEKEND)
    rater = person_id(url, email)
    app = open_page(PAGE, language="en", person=rater, query={"proposal": str(proposal.id)})
    return app, proposal, rater, FormKeys(proposal.id or 0, rater, Round.BLIND)


def test_a_rater_who_has_not_started_sees_zero_progress_and_empty_widgets(demo_database, open_page):
    app, proposal, _rater, keys = open_weekend(demo_database, open_page)

    assert progress_texts(app)[0] == "You have scored 0 of 112"
    assert "This option: 0 of 28 scored" in progress_texts(app)
    assert [tab.label for tab in app.tabs] == [
        "Keep as is",
        *(option.title for option in proposal.options[1:]),
    ]
    first = proposal.options[1].id or 0
    assert app.radio(key=keys.level(first, "borger_effekt")).value is None
    assert app.text_area(key=keys.reason(first, "borger_effekt")).value == ""


def test_every_level_is_described_and_dont_know_can_be_chosen(demo_database, open_page):
    app, proposal, _rater, keys = open_weekend(demo_database, open_page)
    radio = app.radio(key=keys.level(proposal.options[1].id or 0, "borger_effekt"))
    assert [shown(option) for option in radio.options] == [
        "Clearly worse (−2)",
        "Somewhat worse (−1)",
        "No difference (0)",
        "Somewhat better (+1)",
        "Clearly better (+2)",
        "Don't know",
    ]
    assert len(radio.proto.captions) == 6 and all(radio.proto.captions)


def fill_first_dimension(app, option_id: int, keys: FormKeys) -> None:
    app.radio(key=keys.level(option_id, "borger_effekt")).set_value(1)
    app.text_area(key=keys.reason(option_id, "borger_effekt")).input("Færre nye ansigter hos fru Jensen")
    app.radio(key=keys.level(option_id, "samfund_vaerdi")).set_value(DONT_KNOW_CHOICE)
    for facet in ("formal", "performed", "experienced"):
        app.radio(key=keys.level(option_id, "perspektiver", facet)).set_value(2)


def test_saving_one_option_stores_its_scores_and_moves_the_progress(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    option_id = proposal.options[1].id or 0

    fill_first_dimension(app, option_id, keys)
    app.button(key=keys.save(option_id)).click().run()

    assert not app.exception
    scores = own_scores(demo_database, proposal, rater)
    assert scores[(option_id, "borger_effekt", "")].level == 1
    assert scores[(option_id, "borger_effekt", "")].reason == "Færre nye ansigter hos fru Jensen"
    assert {
        facet: scores[(option_id, "perspektiver", facet)].level for facet in ("formal", "experienced")
    } == {
        "formal": 2,
        "experienced": 2,
    }
    assert progress_texts(app)[0] == "You have scored 5 of 112"
    assert "This option: 5 of 28 scored" in progress_texts(app)
    assert any("New or changed answers: 5" in success.value for success in app.success)
    # The form shows what was stored.
    assert app.radio(key=keys.level(option_id, "borger_effekt")).value == 1


def test_dont_know_is_stored_as_no_level(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    option_id = proposal.options[2].id or 0

    app.radio(key=keys.level(option_id, "samfund_vaerdi")).set_value(DONT_KNOW_CHOICE)
    app.button(key=keys.save(option_id, "kerneopgaven")).click().run()

    stored = own_scores(demo_database, proposal, rater)[(option_id, "samfund_vaerdi", "")]
    assert stored.level is None
    assert app.radio(key=keys.level(option_id, "samfund_vaerdi")).value == DONT_KNOW_CHOICE


def test_saving_the_same_form_twice_stores_it_once(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    option_id = proposal.options[1].id or 0
    fill_first_dimension(app, option_id, keys)

    app.button(key=keys.save(option_id)).click().run()
    rows_after_first = stored_rows(demo_database, proposal, rater, Round.BLIND)
    app.button(key=keys.save(option_id)).click().run()
    rows_after_second = stored_rows(demo_database, proposal, rater, Round.BLIND)

    assert len(rows_after_first) == len(rows_after_second) == 5
    assert [row.updated_at for row in rows_after_first] == [row.updated_at for row in rows_after_second]
    assert any("already saved" in info.value for info in app.info)


def test_a_reason_without_a_level_is_not_lost_silently(demo_database, open_page):
    app, proposal, rater, keys = open_weekend(demo_database, open_page)
    option_id = proposal.options[1].id or 0

    app.text_area(key=keys.reason(option_id, "mening")).input("Det giver mening for os")
    app.button(key=keys.save(option_id)).click().run()

    assert stored_rows(demo_database, proposal, rater, Round.BLIND) == []
    warning = " ".join(w.value for w in app.warning)
    assert "chose no level" in warning and "see the point of the work" in warning


def test_someone_off_the_panel_is_told_why_and_gets_no_form(demo_database, open_page):
    app, _proposal, _rater, _keys = open_weekend(demo_database, open_page, MADS)

    assert "not on the panel" in " ".join(w.value for w in app.warning)
    assert not app.radio
    assert not [button for button in app.button if (button.key or "").startswith("score.save")]


def test_a_leader_of_another_unit_is_not_shown_the_proposal_at_all(demo_database, open_page):
    app, proposal, _rater, _keys = open_weekend(demo_database, open_page, SUSANNE)

    assert "nothing for you to score" in " ".join(info.value for info in app.info)
    assert not app.radio and not app.tabs
    assert not [button for button in app.button if (button.key or "").startswith("score.save")]
    assert proposal.title not in page_texts(app)


def test_a_proposal_that_takes_no_scores_points_to_its_screen(demo_database, open_page):
    decided = proposal_titled(demo_database, "Lærere og pædagoger i faste årgangsteams")
    app = open_page(
        PAGE, language="en", person=person_id(demo_database, THOMAS), query={"proposal": str(decided.id)}
    )
    assert "does not apply to it now" in " ".join(info.value for info in app.info)
    assert not app.radio


def test_nobody_sees_anyone_elses_scores_before_the_reveal(demo_database, open_page):
    secret = "Karens egen begrundelse, som ingen andre må se"
    app_a, proposal, karen, keys_a = open_weekend(demo_database, open_page, KAREN)
    option_id = proposal.options[3].id or 0
    app_a.radio(key=keys_a.level(option_id, "social_kapital")).set_value(-2)
    app_a.text_area(key=keys_a.reason(option_id, "social_kapital")).input(secret)
    app_a.button(key=keys_a.save(option_id)).click().run()
    assert own_scores(demo_database, proposal, karen)[(option_id, "social_kapital", "")].reason == secret

    app_b, _proposal, _fatima, _keys_b = open_weekend(demo_database, open_page, FATIMA)

    assert all(radio.value is None for radio in app_b.radio)
    assert all(area.value == "" for area in app_b.text_area)
    assert progress_texts(app_b)[0] == "You have scored 0 of 112"
    shown = page_texts(app_b)
    assert "get help from colleagues and managers" in shown  # the walk does reach the form
    assert secret not in shown


# After the reveal ------------------------------------------------------------------------------


def test_round_two_starts_from_round_one_and_a_change_is_stored_as_round_two(demo_database, open_page):
    proposal = proposal_titled(demo_database, REHABILITATION)
    fatima = person_id(demo_database, FATIMA)
    blind = {
        (s.option_id, s.criterion_key, s.facet): s
        for s in stored_rows(demo_database, proposal, fatima, Round.BLIND)
    }
    app = open_page(PAGE, language="en", person=fatima, query={"proposal": str(proposal.id)})
    keys = FormKeys(proposal.id or 0, fatima, Round.REVISED)
    assert "Round 2" in " ".join(info.value for info in app.info)

    option_id = proposal.options[1].id or 0
    cell = (option_id, "borger_effekt", "")
    before = blind[cell].level
    radio = app.radio(key=keys.level(*cell))
    assert radio.value == (DONT_KNOW_CHOICE if before is None else before)
    assert app.text_area(key=keys.reason(*cell)).value == blind[cell].reason

    changed = -2 if before != -2 else 2
    radio.set_value(changed)
    app.button(key=keys.save(option_id)).click().run()

    revised = stored_rows(demo_database, proposal, fatima, Round.REVISED)
    assert [(s.option_id, s.criterion_key, s.facet, s.level) for s in revised] == [(*cell, changed)]
    assert any("New or changed answers: 1" in success.value for success in app.success)


def test_switching_the_person_never_carries_unsaved_answers_over(demo_database, open_page):
    app, proposal, _karen, keys_karen = open_weekend(demo_database, open_page, KAREN)
    option_id = proposal.options[3].id or 0
    app.radio(key=keys_karen.level(option_id, "mening")).set_value(2)
    app.text_area(key=keys_karen.reason(option_id, "mening")).input("Karens kladde")

    fatima = person_id(demo_database, FATIMA)
    # Switched in the sidebar, as a person does it.
    app.selectbox(key="app.person").set_value(fatima).run()

    keys_fatima = FormKeys(proposal.id or 0, fatima, Round.BLIND)
    assert app.radio(key=keys_fatima.level(option_id, "mening")).value is None
    assert app.text_area(key=keys_fatima.reason(option_id, "mening")).value == ""
    assert "Karens kladde" not in page_texts(app)


# Follow-up -------------------------------------------------------------------------------------


def test_at_follow_up_the_chosen_option_is_scored_on_what_happened(demo_database, open_page):
    decided = proposal_titled(demo_database, "Lærere og pædagoger i faste årgangsteams")
    with uow_of(demo_database) as uow:
        # Susanne leads the school, whose proposal this is.
        proposals.start_follow_up(
            uow, decided.id or 0, actor=people.actor_for(uow, person_id(demo_database, SUSANNE))
        )
        chosen = decision.get_decision(uow, decided.id or 0, actor=SYSTEM).chosen_option_id  # type: ignore[union-attr]
    rater = decided.panel[0].person_id
    app = open_page(PAGE, language="en", person=rater, query={"proposal": str(decided.id)})

    assert "score what actually happened" in " ".join(info.value for info in app.info)
    title = next(option.title for option in decided.options if option.id == chosen)
    assert [tab.label for tab in app.tabs] == [title]
    keys = FormKeys(decided.id or 0, rater, Round.FOLLOW_UP)
    assert app.radio(key=keys.level(chosen, "borger_effekt")).value is None  # round 3 starts empty

    app.radio(key=keys.level(chosen, "borger_effekt")).set_value(1)
    app.button(key=keys.save(chosen)).click().run()

    follow_up = stored_rows(demo_database, decided, rater, Round.FOLLOW_UP)
    assert [(s.option_id, s.criterion_key, s.level) for s in follow_up] == [(chosen, "borger_effekt", 1)]


def test_a_save_after_the_reveal_happened_meanwhile_is_refused_with_a_reason(demo_database, open_page):
    app, proposal, fatima, keys = open_weekend(demo_database, open_page)
    option_id = proposal.options[1].id or 0
    app.radio(key=keys.level(option_id, "borger_effekt")).set_value(2)
    with uow_of(demo_database) as uow:
        proposals.reveal(
            uow, proposal.id or 0, actor=people.actor_for(uow, person_id(demo_database, BIRGITTE))
        )

    app.button(key=keys.save(option_id)).click().run()

    assert "moved on to another round" in " ".join(w.value for w in app.warning)
    assert stored_rows(demo_database, proposal, fatima, Round.BLIND) == []
    assert stored_rows(demo_database, proposal, fatima, Round.REVISED) == []
    assert "Round 2" in " ".join(info.value for info in app.info)


def test_coming_back_to_scoring_from_another_screen_keeps_the_proposal_in_hand(demo_database, open_page):
    app = open_page(PAGE, language="en", person=person_id(demo_database, FATIMA))
    first = app.selectbox(key="score.proposal").value
    assert len(app.selectbox(key="score.proposal").options) >= 2  # Fatima is on two panels
    app.selectbox(key="score.proposal").select_index(1).run()
    in_hand = app.selectbox(key="score.proposal").value
    assert in_hand != first
    # The sidebar takes her elsewhere and back; the address then carries no ?proposal=.
    app.switch_page("screens/overview.py").run()
    app.query_params.clear()
    app.switch_page(PAGE).run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.selectbox(key="score.proposal").value == in_hand
