"""Above the proposal form: which fields must be filled in, and what stopped the last save.

Each problem is also shown right below its field (``proposal_sections._problem``) and in full beside
the save button; the list at the top is there so that nobody has to hunt for them down a long page.
"""

from __future__ import annotations

import streamlit as st

from ui.context import translator
from ui.tabs import proposal_form as form
from ui.widgets import plain


def required_fields_note() -> None:
    """What the * beside a label means (WCAG 3.3.2: say which fields must be filled in, before saving)."""
    st.caption(translator()("Fields marked with * must be filled in before the proposal can be saved."))


def problem_summary() -> None:
    """Every problem of the last save at the top of the form, each linked to its section, so that
    nobody has to find them further down a long page (WCAG 3.3.1); each is also shown by its field."""
    found = form.problem_fields()
    if not found:
        return
    _ = translator()
    lines = [
        f"- [{plain(_(field.problem_label or field.label))}](#{field.section}): {plain(_.message(message))}"
        if field is not None
        else f"- {plain(_.message(message))}"
        for field, message in found
    ]
    heading = _.plural(
        "The proposal was not saved. Correct this problem:",
        "The proposal was not saved. Correct these {count} problems:",
        len(found),
    )
    st.error("\n".join([heading, *lines]), icon=":material/error:")
