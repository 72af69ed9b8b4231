"""Discussion, the Reasons tab: every reason given, criterion by criterion, the options side by side."""

from __future__ import annotations

import streamlit as st

from assessment import discussion_views
from ui.context import translator
from ui.widgets import criterion_text, plain


def render(view: discussion_views.DiscussionView) -> None:
    _ = translator()
    if view.show_names:
        st.caption(_("This proposal shows the raters' names, as chosen when it was set up."))
    else:
        st.caption(
            _(
                "Raters are shown as participants with a letter and their profession, so the discussion "
                "is about the arguments, not the person. The letters stay the same every time."
            )
        )
    if not view.reasons:
        st.info(_("Nobody has written a reason yet."))
    hot = {(cell.criterion_key, cell.facet) for cell in view.hot_spots}
    for row in view.reasons:
        label = criterion_text(row.criterion_label, row.facet_label)
        marker = "  ·  ⚠ " + _("hot spot") if (row.criterion_key, row.facet) in hot else ""
        with st.expander(f"{plain(label)} ({row.count}){marker}", expanded=bool(marker)):
            for column, (option, reasons) in zip(st.columns(len(row.by_option)), row.by_option, strict=True):
                # One Markdown element per option: an element each for the heading, every rater's
                # line and every reason made this tab most of the screen's rerun.
                parts = [f"**{plain(option.title)}**"]
                for reason in reasons:
                    revised = "  ·  " + _("after the reveal") if reason.revised else ""
                    parts.append(
                        f":gray[{plain(f'{reason.rater} · {reason.level_label}{revised}')}]  \n{plain(reason.text)}"
                    )
                column.markdown("\n\n".join(parts) if reasons else parts[0] + "\n\n–")
