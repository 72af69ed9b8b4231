"""Streamlit pieces several pages share: errors, choosing a proposal, explaining its status."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import NoReturn

import streamlit as st

from assessment import proposals
from assessment.kernel.errors import DomainError, FormInvalid
from assessment.kernel.lifecycle import STATUS_LABELS
from assessment.kernel.model import Proposal, Status
from assessment.kernel.repository import ProposalFilter, ProposalSummary
from report.export.safe import markdown_text
from ui.context import current_actor, translator, unit_of_work

# The screen where a proposal in each status is worked on next.
PAGE_FOR_STATUS: dict[Status, str] = {
    Status.DRAFT: "screens/proposal.py",
    Status.SCORING: "screens/scoring.py",
    Status.DISCUSSION: "screens/discussion.py",
    Status.DECIDED: "screens/decision.py",
    Status.FOLLOW_UP: "screens/decision.py",
    Status.CLOSED: "screens/decision.py",
}
QUERY_KEY = "proposal"
PICKER_LIMIT = 200
# What Streamlit reads as Markdown beyond GitHub's: its directives (:red[…]), LaTeX ($…$), and,
# escaped everywhere because a template may put the text at the start of a line, what starts a
# block (headings, lists, quotes, setext underlines) and the rest of its punctuation.
_STREAMLIT_SPECIAL = re.compile(r"([{}()#+\-.!:$>=])")
# Streamlit finds :material/…: icons, :streamlit: and emoji shortcodes in the text after the escapes
# have been read, so a backslash does not stop them; a zero-width space after the colon does.
_SHORTCODE = re.compile(r":(?=[\w+\-])")


def plain(text: str) -> str:
    """Text from people or rubric files, for anything Streamlit renders as Markdown (text, alerts,
    headings, labels, tab and expander titles, radio options, table cells): shown as written, never
    as a link, an image, formatting, an icon, LaTeX or HTML.

    GitHub's part is the Markdown export's rule (:func:`report.export.safe.markdown_text`), which also
    breaks the bare addresses GitHub would link by itself (``www.``, ``https://``, ``@``) with a
    zero-width space and keeps the text's line breaks; Streamlit's own extensions are escaped on top
    of it. Not for plain-text places (data frames, select box options, ``st.text``): they would show
    the escapes.
    """
    text = _SHORTCODE.sub(":\u200b", markdown_text(text, line_starts=False))
    return _STREAMLIT_SPECIAL.sub(r"\\\1", text)


def criterion_text(label: str, facet: str) -> str:
    """A criterion as a row names it: its label, with the facet it was scored for (a profession) if any."""
    return f"{label} ({facet})" if facet else label


def number(value: float | None, decimals: int = 1) -> str:
    """A number in the reader's format, or a dash where there is none."""
    return "–" if value is None else translator().number(value, decimals)


def show_error(error: DomainError, field_labels: Mapping[str, str] | None = None) -> None:
    """The message in the user's language; a form's problems one per line, under the field's label."""
    _ = translator()
    if isinstance(error, FormInvalid):
        lines = [
            f"- **{plain((field_labels or {}).get(field, field))}**: {plain(_.message(message))}"
            for field, message in error.problems.items()
        ]
        st.error("\n".join([_("Please correct the following:"), *lines]))
    else:
        st.error(plain(_.message(error)))


# The proposal the person last had in hand, on any screen: moving to another screen from the
# sidebar drops the address's ?proposal=, and the person expects to go on with the same one.
IN_HAND = "proposal.in_hand"


def choose_proposal(
    statuses: Collection[Status] = (),
    *,
    key: str,
    summaries: Sequence[ProposalSummary] | None = None,
) -> Proposal | None:
    """A proposal picker that follows ``?proposal=ID`` in the address, so links can be shared.

    It offers ``summaries`` when given, else the proposals in ``statuses``. A link to a proposal
    outside that list is offered anyway, so the screen can say why it does not apply to it.
    """
    _ = translator()
    uow = unit_of_work()
    if summaries is None:
        summaries = proposals.find_proposals(
            uow, ProposalFilter(statuses=tuple(statuses), limit=PICKER_LIMIT), actor=current_actor()
        )
    labels = {
        summary.id: f"{summary.title} · {summary.unit_name} · {_(STATUS_LABELS[summary.status])}"
        for summary in summaries
    }
    wanted = st.query_params.get(QUERY_KEY)
    if wanted is not None and wanted.isdigit() and int(wanted) not in labels:
        try:
            linked = proposals.get_proposal(uow, int(wanted), actor=current_actor())
            labels = {linked.id or 0: f"{linked.title} · {_(STATUS_LABELS[linked.status])}"} | labels
        except DomainError:
            wanted = None
    if not labels:
        return None
    options = list(labels)
    if wanted is not None and wanted.isdigit():
        index = options.index(int(wanted))
    else:
        # No link: the proposal in hand on the last screen, when this screen offers it, else the newest.
        in_hand = st.session_state.get(IN_HAND)
        index = options.index(in_hand) if in_hand in labels else 0
    if st.session_state.get(key) in labels:
        # Set again, so the box shows the label as it is now ("drøftelse" right after the reveal):
        # Streamlit keeps showing the label the choice had when it was made (streamlit/streamlit#13788).
        # Given through the state, the choice needs no index (both at once makes Streamlit warn).
        st.session_state[key] = st.session_state[key]
        index = 0
    chosen = st.selectbox(
        _("Proposal"),
        options,
        index=index,
        format_func=labels.__getitem__,
        key=key,
        placeholder=_("Choose a proposal"),  # Streamlit's own is English, and read out
    )
    st.query_params[QUERY_KEY] = str(chosen)
    st.session_state[IN_HAND] = chosen
    return proposals.get_proposal(uow, chosen, actor=current_actor())


def stop_unless_status(proposal: Proposal, allowed: Collection[Status], what_this_page_does: str) -> None:
    """Tell the user why this screen does not apply yet, and where to go instead."""
    if proposal.status in allowed:
        return
    _explain_and_stop(proposal, what_this_page_does)


def _explain_and_stop(proposal: Proposal, what_this_page_does: str) -> NoReturn:
    _ = translator()
    st.info(
        _(
            "{purpose} The proposal “{title}” is in status “{status}”, so this screen does not apply to it now.",
            purpose=what_this_page_does,
            title=plain(proposal.title),
            status=_(STATUS_LABELS[proposal.status]),
        )
    )
    st.page_link(
        PAGE_FOR_STATUS[proposal.status],
        label=_("Go to the screen for this status"),
        icon=":material/arrow_forward:",
        query_params={QUERY_KEY: str(proposal.id)},
    )
    st.stop()
