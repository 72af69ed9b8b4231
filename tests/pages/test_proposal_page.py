"""The proposal screen: register and edit a proposal, refuse bad input and stale edits, start scoring."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from streamlit.testing.v1 import AppTest

from assessment import organisation, people, proposals
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Proposal, Role, Status
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, shown

PAGE = "screens/proposal.py"
LEADER = "birgitte.lund@fjordby.dk"


@contextmanager
def database(url: str) -> Iterator[SqlUnitOfWork]:
    engine = make_engine(url)
    try:
        yield SqlUnitOfWork(engine)
    finally:
        engine.dispose()


def titles(url: str) -> list[str]:
    with database(url) as uow:
        found = proposals.overview(uow, ProposalFilter(limit=100), actor=SYSTEM, today=today_in_denmark())
        return [summary.title for summary in found.proposals]


def stored(url: str, proposal_id: int) -> Proposal:
    with database(url) as uow:
        return proposals.get_proposal(uow, proposal_id, actor=SYSTEM)


def unit_id(url: str, name: str) -> int:
    with database(url) as uow:
        return next(
            u.id
            for u in organisation.directory(uow, actor=SYSTEM).units
            if u.name == name and u.id is not None
        )


def committee_id(url: str, name: str) -> int:
    with database(url) as uow, uow.read() as repo:
        return next(c.id for c in repo.list_committees() if c.name == name and c.id is not None)


def person_ids(url: str, *emails: str) -> list[int]:
    return [person_id(url, email) for email in emails]


def errors(app: AppTest) -> str:
    return "\n".join(shown(element.value) for element in app.error)


def field_problems(app: AppTest) -> str:
    """The problems shown under the fields, with the page's Markdown escapes taken out."""
    return "\n".join(re.sub(r"\\(.)", r"\1", m.value) for m in app.markdown if m.value.startswith(":red["))


def fill(
    app: AppTest, url: str, *, title: str = "Fælles morgenmøde", options: list[str] | None = None
) -> None:
    app.text_input(key="proposal.title").input(title)
    app.text_area(key="proposal.description").input("Et kort morgenmøde for alle faggrupper.")
    app.selectbox(key="proposal.unit").set_value(unit_id(url, "Hjemmeplejen Syd"))
    app.text_input(key="proposal.management_level").input("Områdeledelsen")
    # Offered once the unit is chosen: set as the choice the run that draws the unit will offer.
    app.session_state["proposal.committee"] = committee_id(url, "Lokal-MED Hjemmeplejen Syd")
    app.multiselect(key="proposal.panel").set_value(
        person_ids(url, LEADER, "anne.mortensen@fjordby.dk", "mads.christensen@fjordby.dk")
    )
    for index, option in enumerate(options if options is not None else ["Morgenmøde hver dag"]):
        if index > 0:
            app.button(key="proposal.add_option").click().run()
        app.text_input(key=f"proposal.option.{index}.title").input(option)


def register(app: AppTest, url: str, **kwargs) -> AppTest:
    fill(app, url, **kwargs)
    app.button(key="proposal.save").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def new_proposal(open_page, url: str) -> AppTest:
    return open_page(PAGE, language="en", person=person_id(url, LEADER))


# Running ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_empty_database_says_to_add_units_and_rubrics_first(empty_database, open_page, language):
    app = open_page(PAGE, language=language)
    assert app.info and not app.text_input
    if language == "en":
        assert "Administration" in app.info[0].value


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_form_runs_on_the_demo_for_a_new_and_an_existing_proposal(demo_database, open_page, language):
    app = open_page(PAGE, language=language)
    assert app.radio(key="proposal.mode").value == "new"
    app.radio(key="proposal.mode").set_value("edit").run()
    assert not app.exception
    # The demo's only editable proposal is in blind scoring: its options are shown, not edited.
    assert app.selectbox(key="proposal.pick").value is not None
    assert "proposal.option.0.title" not in [w.key for w in app.text_input]
    shown = app.table[0].value
    assert shown.iloc[0, 1] == Translator(language)("Keep as is") and len(shown) == 4


def test_a_proposal_in_discussion_says_where_to_go_instead(demo_database, open_page):
    with database(demo_database) as uow:
        found = proposals.overview(
            uow,
            ProposalFilter(statuses=(Status.DISCUSSION,)),
            actor=SYSTEM,
            today=today_in_denmark(),
        )
    discussed = found.proposals[0].id
    app = open_page(PAGE, language="en", query={"proposal": str(discussed)})
    assert "this screen does not apply" in app.info[0].value
    assert not app.text_input  # no form to edit


# Registering -----------------------------------------------------------------


def test_a_proposal_registered_through_the_form_is_stored_as_a_draft(demo_database, open_page):
    app = register(new_proposal(open_page, demo_database), demo_database, options=["Morgenmøde", "Tavlemøde"])
    proposal_id = int(app.query_params["proposal"])
    proposal = stored(demo_database, proposal_id)
    assert proposal.title == "Fælles morgenmøde"
    assert proposal.status is Status.DRAFT
    assert [o.title for o in proposal.options] == ["", "Morgenmøde", "Tavlemøde"]
    assert proposal.options[0].is_baseline
    assert proposal.created_by == person_id(demo_database, LEADER)
    assert len(proposal.panel) == 3
    assert "is saved as a draft" in app.success[0].value
    # The form now edits the stored draft.
    assert app.radio(key="proposal.mode").value == "edit"
    assert app.selectbox(key="proposal.pick").value == proposal_id
    assert app.button(key="proposal.start_scoring")


@pytest.mark.parametrize(
    ("title", "options", "field", "problem"),
    [
        ("", ["Morgenmøde"], "Title", "This field must be filled in."),
        ("Møder", [], "Options", "Describe at least one option besides keeping things as they are."),
        ("Møder", ["Morgenmøde", "morgenmøde"], "Options", "Two options have the same title"),
    ],
    ids=["empty title", "one option only", "duplicate option titles"],
)
def test_bad_input_shows_the_field_problem_and_stores_nothing(
    demo_database, open_page, title, options, field, problem
):
    before = titles(demo_database)
    app = register(new_proposal(open_page, demo_database), demo_database, title=title, options=options)
    assert problem in field_problems(app)
    assert f"**{field}**" in errors(app) and problem in errors(app)
    assert titles(demo_database) == before
    assert app.radio(key="proposal.mode").value == "new"


def test_the_form_offers_at_most_five_options_besides_keep_as_is(demo_database, open_page):
    app = new_proposal(open_page, demo_database)
    for _ in range(4):
        app.button(key="proposal.add_option").click().run()
    assert app.button(key="proposal.add_option").disabled


def test_seven_options_are_refused_with_the_field_problem(demo_database, open_page):
    before = titles(demo_database)
    app = new_proposal(open_page, demo_database)
    # Six alternatives cannot be made with the buttons; a session that has them anyway is refused.
    app.session_state["proposal.option_count"] = 6
    app.run()
    fill(app, demo_database, options=["Mulighed 0"])
    for index in range(1, 6):
        app.text_input(key=f"proposal.option.{index}.title").input(f"Mulighed {index}")
    app.button(key="proposal.save").click().run()
    assert "At most 6 options" in field_problems(app)
    assert titles(demo_database) == before


def test_an_empty_unit_is_named_as_the_problem(demo_database, open_page):
    app = new_proposal(open_page, demo_database)
    fill(app, demo_database)
    app.selectbox(key="proposal.unit").set_value(None)
    app.button(key="proposal.save").click().run()
    assert "Choose the unit the proposal belongs to." in field_problems(app)


# Editing ---------------------------------------------------------------------


def edit_form(open_page, url: str) -> tuple[AppTest, int]:
    app = register(new_proposal(open_page, url), url)
    return app, int(app.selectbox(key="proposal.pick").value)


def test_an_edit_is_saved_as_a_new_version(demo_database, open_page):
    app, proposal_id = edit_form(open_page, demo_database)
    app.text_input(key="proposal.title").input("Fælles morgenmøde kl. 7.45")
    app.button(key="proposal.add_option").click().run()
    app.text_input(key="proposal.option.1.title").input("Ugentligt tavlemøde")
    app.button(key="proposal.save").click().run()
    proposal = stored(demo_database, proposal_id)
    assert proposal.title == "Fælles morgenmøde kl. 7.45"
    assert proposal.version == 2
    assert [o.title for o in proposal.options] == ["", "Morgenmøde hver dag", "Ugentligt tavlemøde"]
    assert "Your changes are saved." in shown(app.success[0].value)


def test_a_stale_edit_is_refused_naming_who_changed_the_proposal(demo_database, open_page):
    app, proposal_id = edit_form(open_page, demo_database)
    # Someone else saves the proposal after the form was loaded.
    other = person_id(demo_database, "anne.mortensen@fjordby.dk")
    with database(demo_database) as uow:
        # Anne stands in for the leader this week, so she may edit the draft too.
        people.grant_role(
            uow,
            person_id=other,
            unit_id=unit_id(demo_database, "Hjemmeplejen Syd"),
            role=Role.LEADER,
            actor=SYSTEM,
        )
        current = proposals.get_proposal(uow, proposal_id, actor=SYSTEM)
        data = proposals.ProposalInput(
            unit_id=current.unit_id,
            title="Anne's titel",
            description=current.description,
            change_type=current.change_type,
            origin=current.origin,
            management_level=current.management_level,
            med_committee=current.med_committee,
            med_committee_id=current.med_committee_id,
            rubric=current.rubric,
            options=[proposals.OptionInput(o.title, o.description, o.id) for o in current.options[1:]],
            panel_person_ids=[m.person_id for m in current.panel],
        )
        proposals.update_proposal(
            uow, proposal_id, data, expected_version=current.version, actor=people.actor_for(uow, other)
        )

    app.text_input(key="proposal.title").input("Min titel")
    app.button(key="proposal.save").click().run()
    assert "This proposal was changed by Anne Mortensen" in errors(app)
    assert "+00:00" not in errors(app)  # the time is shown the reader's way, not as ISO
    assert stored(demo_database, proposal_id).title == "Anne's titel"

    app.button(key="proposal.reload").click().run()
    assert app.text_input(key="proposal.title").value == "Anne's titel"
    app.text_input(key="proposal.title").input("Min titel")
    app.button(key="proposal.save").click().run()
    assert stored(demo_database, proposal_id).title == "Min titel"


# Scoring ---------------------------------------------------------------------


def test_start_scoring_moves_the_status_and_freezes_the_options(demo_database, open_page):
    app, proposal_id = edit_form(open_page, demo_database)
    app.button(key="proposal.start_scoring").click().run()
    assert stored(demo_database, proposal_id).status is Status.SCORING
    assert "Blind scoring has started" in app.success[0].value
    assert "proposal.option.0.title" not in [w.key for w in app.text_input]
    assert not [b for b in app.button if b.key == "proposal.start_scoring"]
    # The texts can still be edited while scoring goes on; the options stay as they were.
    app.text_input(key="proposal.title").input("Fælles morgenmøde for alle")
    app.button(key="proposal.save").click().run()
    proposal = stored(demo_database, proposal_id)
    assert proposal.title == "Fælles morgenmøde for alle"
    assert [o.title for o in proposal.options] == ["", "Morgenmøde hver dag"]
    # The rubric is locked: the widget is disabled, and its label is written out in full colour,
    # since Streamlit draws a disabled widget's label too faint to read (2.8:1).
    rubric = app.selectbox(key="proposal.rubric")
    assert rubric.disabled and rubric.proto.label_visibility.value == 2  # collapsed
    assert any(m.value.startswith("**Rubric** · locked once scoring has started") for m in app.markdown)


def test_start_scoring_is_refused_with_a_small_panel(demo_database, open_page):
    app, proposal_id = edit_form(open_page, demo_database)
    app.multiselect(key="proposal.panel").set_value([person_id(demo_database, LEADER)])
    app.button(key="proposal.save").click().run()
    app.button(key="proposal.start_scoring").click().run()
    assert "at least 2 raters" in errors(app)
    assert stored(demo_database, proposal_id).status is Status.DRAFT


def test_start_scoring_waits_for_unsaved_changes(demo_database, open_page):
    app, _proposal_id = edit_form(open_page, demo_database)
    app.text_input(key="proposal.title").input("Noget andet").run()
    assert app.button(key="proposal.start_scoring").disabled
    assert app.warning


def test_a_change_typed_just_before_start_scoring_keeps_the_draft(demo_database, open_page):
    app, proposal_id = edit_form(open_page, demo_database)
    # The new title arrives together with the click, before the button could be disabled.
    app.text_input(key="proposal.title").input("Noget andet")
    app.button(key="proposal.start_scoring").click().run()
    assert "You have unsaved changes" in errors(app)
    assert stored(demo_database, proposal_id).status is Status.DRAFT


def _workload(app: AppTest) -> str:
    return next(shown(box.value) for box in app.info if "Each rater will answer" in shown(box.value))


def test_the_leader_sees_how_many_questions_each_rater_gets_while_choosing_professions(
    demo_database, open_page
):
    app = new_proposal(open_page, demo_database)
    assert app.selectbox(key="proposal.rubric").value.rubric_id == "kerneopgave"  # the default rubric
    for _ in range(2):
        app.button(key="proposal.add_option").click().run()
    # 3 alternatives, each 15 questions (the three perspectives among them); "keep as is" is asked
    # none; the 5 readiness questions go to the leader once. No affected profession chosen yet,
    # so nobody has an own-profession question.
    before = _workload(app)
    assert "Each rater will answer 45 questions (4 options" in before
    assert "You answer 5 questions about the proposal's readiness once" in before
    with database(demo_database) as uow:
        five = [p.id for p in organisation.directory(uow, actor=SYSTEM).professions][:5]
    # Each rater answers for their own profession only, so five professions add one per option.
    app.multiselect(key="proposal.professions").set_value(five).run()
    assert "Each rater will answer 48 questions (4 options" in _workload(app)  # issue 13: at most 50
    assert "about 11 minutes" in _workload(app)  # issue 13: under 15


def test_the_med_committee_is_chosen_among_those_of_the_unit_and_above_nearest_first(
    demo_database, open_page
):
    app = new_proposal(open_page, demo_database)
    app.selectbox(key="proposal.unit").set_value(unit_id(demo_database, "Hjemmeplejen Syd")).run()
    assert not [t for t in app.text_input if t.key == "proposal.med_committee"]  # no free text any more
    chooser = app.selectbox(key="proposal.committee")
    assert chooser.label == "MED committee to be involved *"
    assert chooser.options == [
        "Lokal-MED Hjemmeplejen Syd (local committee)",
        "Center-MED Ældre og Sundhed (area committee)",
        "Hovedudvalget (main committee)",
    ]
    fill(app, demo_database, title="Nyt udvalgsforslag")
    app.session_state["proposal.committee"] = None
    app.button(key="proposal.save").click().run()
    assert "**MED committee to be involved**: Choose the MED committee that is involved." in errors(app)
    center = committee_id(demo_database, "Center-MED Ældre og Sundhed")
    app.selectbox(key="proposal.committee").set_value(center)
    app.button(key="proposal.save").click().run()
    saved = stored(demo_database, int(app.query_params["proposal"]))
    assert (saved.title, saved.med_committee_id, saved.med_committee) == (
        "Nyt udvalgsforslag",
        center,
        "Center-MED Ældre og Sundhed",
    )


# Telling what is required, and what went wrong, where it can be seen (WCAG 3.3.1, 3.3.2) ------------


def test_the_fields_saving_refuses_empty_are_marked_and_the_mark_is_explained(demo_database, open_page):
    app = new_proposal(open_page, demo_database)
    app.selectbox(key="proposal.unit").set_value(unit_id(demo_database, "Hjemmeplejen Syd")).run()
    labels = {w.key: w.label for w in [*app.text_input, *app.text_area, *app.selectbox]}
    required = {"proposal.title", "proposal.description", "proposal.unit", "proposal.management_level"}
    required |= {"proposal.committee", "proposal.option.0.title"}
    assert {key for key, label in labels.items() if label.endswith(" *")} == required
    assert any("Fields marked with * must be filled in" in c.value for c in app.caption)


def test_the_problems_of_a_save_are_listed_at_the_top_each_linked_to_its_section(demo_database, open_page):
    app = new_proposal(open_page, demo_database)
    app.button(key="proposal.save").click().run()
    summary = app.error[0].value  # the first error on the page: above the form, not by the button
    assert summary.startswith("The proposal was not saved. Correct these 5 problems:")
    for label, anchor in [
        ("Title", "the-proposal"),
        ("What is proposed, and why", "the-proposal"),
        ("Unit", "the-proposal"),
        ("Owning management level", "who-decides"),
        ("Options", "options"),
    ]:
        assert f"[{label}](#{anchor}):" in summary, label
    anchors = {h.proto.anchor for h in app.header}
    assert {"the-proposal", "who-decides", "background", "options", "who-scores"} <= anchors
    # Each problem is also by its field, and the full list stays beside the button that was clicked.
    assert "This field must be filled in." in field_problems(app)
    assert len(app.error) == 2


def test_an_option_is_described_in_a_box_of_several_lines(demo_database, open_page):
    app = new_proposal(open_page, demo_database)
    fill(app, demo_database)
    text = "Morgenmødet holdes kl. 7.45.\nAlle faggrupper deltager.\nDet varer højst et kvarter."
    app.text_area(key="proposal.option.0.description").input(text)
    app.button(key="proposal.save").click().run()
    proposal_id = int(app.selectbox(key="proposal.pick").value)
    assert stored(demo_database, proposal_id).options[1].description == text


def test_the_affected_professions_are_a_read_only_list_once_scoring_has_started(demo_database, open_page):
    app, proposal_id = edit_form(open_page, demo_database)
    with database(demo_database) as uow:
        chosen = [p.id for p in organisation.directory(uow, actor=SYSTEM).professions[:2]]
        names = [p.name for p in organisation.directory(uow, actor=SYSTEM).professions[:2]]
    app.multiselect(key="proposal.professions").set_value(chosen)
    app.button(key="proposal.save").click().run()
    app.button(key="proposal.start_scoring").click().run()
    assert "proposal.professions" not in [w.key for w in app.multiselect]
    assert any(m.value.startswith("**Affected professions** · locked") for m in app.markdown)
    listed = "\n".join(re.sub(r"\\(.)", r"\1", m.value) for m in app.markdown)
    assert all(f"- {name}" in listed for name in names)
    # Saving the rest of the form keeps them: nothing to refuse, nothing to lose.
    app.text_input(key="proposal.title").input("Fælles morgenmøde for alle")
    app.button(key="proposal.save").click().run()
    assert not app.error
    proposal = stored(demo_database, proposal_id)
    assert proposal.title == "Fælles morgenmøde for alle"
    assert sorted(proposal.affected_profession_ids) == sorted(chosen)
