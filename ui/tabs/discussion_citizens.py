"""Discussion, the citizens' voice: what the panel's scores of the experienced perspective rest on.

Staff score the experienced core task on the citizens' behalf. When nothing the citizens said was
recorded for the proposal ("Borgernes stemme" on the proposal screen), those scores are staff's
guesses, and the page says so above the tabs and again beside the perspective gaps, so the
committee weighs them as such. When there is evidence, it is listed briefly beside the gaps.
"""

from __future__ import annotations

import streamlit as st

from assessment import discussion_views
from assessment.kernel.rubric import Perspective
from ui.context import translator
from ui.widgets import plain

ICON = ":material/record_voice_over:"


def _unheard(view: discussion_views.DiscussionView) -> bool:
    return view.citizen_voice is not None and view.citizen_voice.unheard


def warning(view: discussion_views.DiscussionView) -> None:
    """A short warning above the tabs when the experienced perspective rests on nothing."""
    _ = translator()
    if _unheard(view):
        st.warning(
            _(
                "The citizens have not been heard: the panel's scores of the experienced perspective are "
                "staff's guesses on the citizens' behalf. See “The citizens' voice” under Gaps to comment on."
            ),
            icon=ICON,
        )


def experienced_caption(view: discussion_views.DiscussionView, facet: str) -> None:
    """Under a hot spot or gap on the experienced perspective: a reminder of what it rests on."""
    _ = translator()
    if facet == Perspective.EXPERIENCED.value and _unheard(view):
        st.caption(_("Scored by staff on the citizens' behalf: no citizen evidence was recorded."))


def render(view: discussion_views.DiscussionView) -> None:
    """The proposal's citizen evidence, or the booklet's warning when there is none."""
    _ = translator()
    voice = view.citizen_voice
    if voice is None or not voice.scores_experienced:
        return
    st.header(_("The citizens' voice"), anchor=False)
    if voice.unheard:
        st.warning(
            _(
                "No citizen evidence was recorded for this proposal, so the experienced perspective rests "
                "on nothing the citizens have said: staff scored it on their behalf. The booklet's job "
                "consultant calls it proper casework; the unemployed person may call it paternalism. "
                "Weigh these scores as guesses, and consider asking the citizens before the decision."
            ),
            icon=ICON,
        )
        st.caption(
            _(
                "Record what the citizens' experience was heard through under “The citizens' voice” on the "
                "proposal screen; it can be added until the decision is made."
            )
        )
    else:
        st.caption(_("What the panel's scores of the experienced perspective rest on:"))
    lines = []
    for item in voice.evidence:
        when = _.date(item.collected_on) if item.collected_on else _("date not given")
        note = f" – {plain(item.note)}" if item.note else ""
        lines.append(f"- **{plain(item.kind)}** · {plain(when)}{note}")
    if lines:
        st.markdown("\n".join(lines))
