"""A keyboard focus people can see on every focusable element (WCAG 2.4.7, issue 16).

Streamlit 1.67 draws focus as a 3.2 px glow in the primary colour at half opacity (2.3:1 on white
with ours, below the 3:1 WCAG 1.4.11 asks of a focus indicator), shows none at all on radio
options (their input is visually hidden, and the ring is not passed on to the label) and on the
sidebar's links (only a faint background), and clips the glow of tabs in their scrolling tab list.
No theme option sets the focus ring, so the app adds one small style sheet: a solid 2 px outline
in the primary colour (6.9:1 on white, 6.5:1 on the sidebar), outside the element, or inside it
where a scrolling or clipping box around it would cut an outer ring off.

tests/e2e/test_keyboard.py asserts the ring on every element the scoring form is tabbed through.
"""

from __future__ import annotations

import re

import streamlit as st

FALLBACK_COLOUR = "#1f5f8b"  # the shipped theme.primaryColor (.streamlit/config.toml)
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")

# Selectors are Streamlit 1.67's DOM (data-testid, react-aria's markup), checked in Chromium.
_STYLE = """
/* Every focusable element; a radio option's label (its input is hidden); a text field's box. */
.stApp :focus-visible,
.stApp label:has(input[type="radio"]:focus-visible, input[type="checkbox"]:focus-visible),
.stApp [data-testid="stTextInputRootElement"]:focus-within,
.stApp [data-testid="stTextAreaRootElement"]:focus-within,
.stApp [data-testid="stNumberInputContainer"]:focus-within,
.stApp .react-aria-ComboBox > [role="group"]:focus-within {
  outline: 2px solid RING !important;
  outline-offset: 2px !important;
}
/* Not on the input inside a text field's box, which clips it: the box has the ring. */
.stApp input:focus-visible,
.stApp textarea:focus-visible {
  outline: none !important;
}
/* Inside, where the box around would cut an outer ring off: text fields (their element clips),
   tabs (their list scrolls), the screen and sidebar themselves, buttons inside a select, charts. */
.stApp [data-testid="stTextInputRootElement"]:focus-within,
.stApp [data-testid="stTextAreaRootElement"]:focus-within,
.stApp [data-testid="stNumberInputContainer"]:focus-within,
.stApp .react-aria-ComboBox > [role="group"]:focus-within,
.stApp [role="tab"]:focus-visible,
.stApp [data-testid="stMain"]:focus-visible,
.stApp [data-testid="stSidebarContent"]:focus-visible,
.stApp .react-aria-ComboBox [role="group"] button:focus-visible,
.stApp canvas:focus-visible {
  outline-offset: -2px !important;
}
/* The browser scrolls what gets the focus just into view; keep it clear of Streamlit's opaque
   header (60 px at the top of the screen), which would otherwise cover it. */
.stApp [data-testid="stMain"] {
  scroll-padding-top: 4.5rem;
  scroll-padding-bottom: 1rem;
}
/* A tab's ring is drawn inside it (its list scrolls and would cut an outer ring off): room for it
   beside the text, and no half-cut glow of Streamlit's own at the list's edge. */
.stApp [role="tab"] {
  padding-inline: 0.375rem !important;
}
.stApp [role="tab"]:focus-visible {
  box-shadow: none !important;
}
"""


def focus_style_sheet(colour: str) -> str:
    """The style sheet, with the ring in ``colour`` (a hex colour)."""
    if not _HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"not a hex colour: {colour!r}")
    return "<style>" + _STYLE.replace("RING", colour) + "</style>"


def show_focus() -> None:
    """Add the style sheet to the page; call once on every run, before the screen.

    A page of style only goes to Streamlit's event container, so it takes no room on the screen.
    """
    colour = st.get_option("theme.primaryColor")
    st.html(
        focus_style_sheet(
            colour if isinstance(colour, str) and _HEX_COLOUR.fullmatch(colour) else FALLBACK_COLOUR
        )
    )
