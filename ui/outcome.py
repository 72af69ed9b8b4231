"""The one way a screen tells the person what their action did: saved, nothing to do, a warning, refused.

An action (a use case behind a button) ends in an :class:`Outcome`. The outcome is kept in
``st.session_state`` under a key the screen chooses, and :func:`show_outcome` draws it where
the screen wants it: beside the button, or at the top of the page after a rerun.

- In a button callback (it runs before the page is drawn): :func:`attempt`.
- In the script run, where the button's value is read (the actor is the one this run
  established): :func:`attempt_and_rerun`. A success is kept and the page reruns to show the
  new data; a refusal is shown at once, where the button is, and the form keeps what was typed.
- Elsewhere: :func:`report` keeps an outcome, :func:`forget` drops it, :func:`show` draws one now.

Texts are :class:`Message` values, translated when they are drawn, so they follow the reader's
language. The message is ours and may use Markdown; its parameters are people's text (a title,
a name, a file's id) and are shown as written. A refusal is drawn by :func:`ui.widgets.show_error`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import streamlit as st

from assessment.kernel.errors import N_, DomainError, FormInvalid, Message
from ui.context import translator
from ui.widgets import plain, show_error

NOTHING_SAVED = N_("Nothing was saved.")


@dataclass(frozen=True)
class Outcome:
    """What one action did. Any of the parts may be set; they are drawn in this order."""

    error: DomainError | None = None  # refused: shown by show_error, with the form's field labels
    success: Message | None = None
    info: Message | None = None  # e.g. "nothing new to save"
    warning: Message | None = None
    lines: tuple[str, ...] = ()  # a list under the warning: people's or a rubric's text, shown as written
    # The success (or, without one, the info) also pops up as a toast, in sight wherever the page is
    # scrolled to: a message drawn at the top after a rerun is often above the screen's edge.
    toast: bool = True
    icon: str | None = None  # the success's (or info's) icon, and its toast's

    @property
    def refused(self) -> bool:
        return self.error is not None


def text(message: Message) -> str:
    """A message in the reader's language, for Markdown: our words as written, people's words plain."""
    _ = translator()
    return message.render(_.gettext, lambda value: plain(str(_.format_value(value))))


def show(
    outcome: Outcome, field_labels: Mapping[str, str] | None = None, *, nothing_saved: bool = False
) -> None:
    """Draw an outcome now. ``nothing_saved``: under a form's problems, say that nothing was saved."""
    if outcome.error is not None:
        show_error(outcome.error, field_labels)
        if nothing_saved and isinstance(outcome.error, FormInvalid):
            st.caption(translator()(NOTHING_SAVED))
    lead = True  # the first of the success and the info gets the icon and the toast
    for box, message in ((st.success, outcome.success), (st.info, outcome.info)):
        if message is None:
            continue
        shown, icon = text(message), outcome.icon if lead else None
        box(shown, icon=icon)
        if outcome.toast and lead:
            st.toast(shown, icon=icon)
        lead = False
    if outcome.warning is not None:
        st.warning("\n".join([text(outcome.warning), *(f"- {plain(line)}" for line in outcome.lines)]))


def report(key: str, outcome: Outcome) -> None:
    """Keep an outcome for :func:`show_outcome` (in this run, or the next)."""
    st.session_state[key] = outcome


def forget(*keys: str) -> None:
    """Drop kept outcomes that no longer apply (another proposal was chosen, the form was reloaded)."""
    for key in keys:
        st.session_state.pop(key, None)


def pending(key: str) -> Outcome | None:
    """The outcome kept under ``key``, without drawing it."""
    outcome = st.session_state.get(key)
    return outcome if isinstance(outcome, Outcome) else None


def show_outcome(
    key: str,
    field_labels: Mapping[str, str] | None = None,
    *,
    keep: bool = False,
    nothing_saved: bool = False,
) -> Outcome | None:
    """Draw the outcome kept under ``key``, if any, and return it (a screen may add a link or a button).

    Drawn once, unless ``keep`` and it is a refusal: then it stays beside its form on every run until
    the next action replaces it or :func:`forget` drops it, since the form still holds what was
    refused. A confirmation is said once: kept, an old »tilføjet« would still stand there an hour
    later, beside a form that has moved on.
    """
    outcome = pending(key)
    if outcome is None:
        return None
    if not (keep and outcome.refused):
        forget(key)
    show(outcome, field_labels, nothing_saved=nothing_saved)
    return outcome


def attempt(key: str, action: Callable[[], Outcome | None]) -> bool:
    """In a button callback: run one action and keep its outcome, or the refusal, under ``key``.

    Returns whether it succeeded, so the callback can go on (empty the form, reload it).
    """
    forget(key)
    try:
        outcome = action()
    except DomainError as error:
        report(key, Outcome(error=error))
        return False
    if isinstance(outcome, Outcome):
        report(key, outcome)
    return True


def attempt_and_rerun(
    key: str, action: Callable[[], Outcome | None], field_labels: Mapping[str, str] | None = None
) -> None:
    """In the script run, after a button was clicked: run one action.

    Success: keep its outcome under ``key`` (the page shows it with :func:`show_outcome` on the
    run that follows) and rerun, so the page shows the new data; the action empties its form
    itself, by dropping the fields' keys. Refusal: shown here, and the form keeps its input.
    """
    try:
        outcome = action()
    except DomainError as error:
        show(Outcome(error=error), field_labels)
        return
    if isinstance(outcome, Outcome):
        report(key, outcome)
    st.rerun()
