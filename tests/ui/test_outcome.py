"""ui/outcome.py: the one way a screen tells the person what their action did."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import shown


def _page() -> None:
    # Runs as a Streamlit script: what the test put in the session decides what happens.
    import streamlit as st

    from assessment.kernel.errors import FormInvalid, Message
    from ui.outcome import Outcome, attempt, attempt_and_rerun, forget, report, show_outcome

    st.session_state["app.language"] = "en"
    state = st.session_state

    def refuse() -> Outcome:
        raise FormInvalid({"name": Message("This field must be filled in.")})

    def save() -> Outcome:
        state["saves"] = state.get("saves", 0) + 1
        return Outcome(success=Message("Saved."), icon=":material/check:")

    show_outcome("top")
    action = state.pop("action", None)
    if action == "report":
        report("form", state.pop("outcome"))
    elif action == "attempt":
        attempt("form", save if state.pop("succeeds") else refuse)
    elif action == "forget":
        forget("form")
    elif action == "rerun":
        attempt_and_rerun("top", save if state.pop("succeeds") else refuse, {"name": "Name"})
    show_outcome("form", {"name": "Name"}, keep=bool(state.get("keep")), nothing_saved=True)


def _app(**session: object) -> AppTest:
    app = AppTest.from_function(_page, default_timeout=30)
    for key, value in session.items():
        app.session_state[key] = value
    return app


def test_our_words_are_markdown_and_peoples_words_are_shown_as_written():
    from assessment.kernel.errors import Message
    from ui.outcome import Outcome

    outcome = Outcome(success=Message("The unit **{name}** is added.", {"name": "Team *Nord* [x](y)"}))
    app = _app(action="report", outcome=outcome).run()
    assert not app.exception
    assert app.success[0].value.startswith("The unit **Team ")  # the message's own Markdown is kept
    assert shown(app.success[0].value) == "The unit **Team *Nord* [x](y)** is added."
    assert r"\*Nord\*" in app.success[0].value and r"\[x\]" in app.success[0].value


def test_an_outcome_is_shown_once_and_only_a_refusal_is_kept_until_the_next_action():
    from assessment.kernel.errors import FormInvalid, Message
    from ui.outcome import Outcome

    outcome = Outcome(info=Message("Nothing changed."))
    app = _app(action="report", outcome=outcome).run()
    assert [info.value for info in app.info] == ["Nothing changed."]
    app.run()
    assert not app.info

    # Kept or not, a confirmation is said once: an old »tilføjet« must not stand by the form for an hour.
    app = _app(action="report", outcome=outcome, keep=True).run()
    assert [info.value for info in app.info] == ["Nothing changed."]
    app.run()
    assert not app.info

    # A refusal stays beside its form, which still holds what was refused, until the next action.
    refusal = Outcome(error=FormInvalid({"name": Message("This field must be filled in.")}))
    app = _app(action="report", outcome=refusal, keep=True).run()
    app.run()
    assert "This field must be filled in." in shown(app.error[0].value)
    app.session_state["action"] = "forget"
    app.run()
    assert not app.error


def test_a_success_can_pop_up_as_a_toast_and_a_warning_lists_lines_as_written():
    from assessment.kernel.errors import Message
    from ui.outcome import Outcome

    outcome = Outcome(
        success=Message("Saved."),
        warning=Message("Not saved:"),
        lines=("Question *one*", "Question two"),
        toast=True,
        icon=":material/check_circle:",
    )
    app = _app(action="report", outcome=outcome).run()
    assert [(s.value, s.icon) for s in app.success] == [("Saved.", ":material/check_circle:")]
    assert [(t.value, t.icon) for t in app.toast] == [("Saved.", ":material/check_circle:")]
    assert app.warning[0].value == "Not saved:\n- Question \\*one\\*\n- Question two"


def test_an_info_pops_up_as_a_toast_when_there_is_no_success():
    from assessment.kernel.errors import Message
    from ui.outcome import Outcome

    app = _app(action="report", outcome=Outcome(info=Message("Already saved."), toast=True)).run()
    assert [t.value for t in app.toast] == ["Already saved."]


def test_attempt_keeps_the_refusal_with_the_forms_labels_and_says_nothing_was_saved():
    app = _app(action="attempt", succeeds=False).run()
    assert not app.exception
    assert (
        shown(app.error[0].value)
        == "Please correct the following:\n- **Name**: This field must be filled in."
    )
    assert [caption.value for caption in app.caption] == ["Nothing was saved."]


def test_attempt_shows_the_success_beside_its_form_once():
    app = _app(action="attempt", succeeds=True, keep=True).run()
    assert app.session_state["saves"] == 1
    assert [s.value for s in app.success] == ["Saved."]
    app.run()
    assert not app.success
    assert app.session_state["saves"] == 1


def test_attempt_and_rerun_shows_a_success_at_the_top_of_the_next_run_and_a_refusal_at_once():
    app = _app(action="rerun", succeeds=True).run()
    assert not app.exception
    assert app.session_state["saves"] == 1
    assert [(s.value, s.icon) for s in app.success] == [("Saved.", ":material/check:")]
    app.run()
    assert not app.success  # shown once

    app = _app(action="rerun", succeeds=False).run()
    assert "**Name**: This field must be filled in." in shown(app.error[0].value)
    assert not app.caption  # said where the button is; the form keeps what was typed


def test_every_confirmation_also_pops_up_where_the_reader_is_looking():
    from assessment.kernel.errors import Message
    from ui.outcome import Outcome

    # A message drawn at the top of a long page after a rerun is out of sight when the button was low.
    app = _app(action="report", outcome=Outcome(success=Message("Saved."))).run()
    assert [t.value for t in app.toast] == ["Saved."]
    app = _app(action="report", outcome=Outcome(success=Message("Saved."), toast=False)).run()
    assert not app.toast
