"""Discussion, the Spread of scores tab: for one option, how many gave each level on every criterion."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from assessment import discussion_views
from ui.context import translator
from ui.widgets import criterion_text, number, plain


def _span(cell: discussion_views.CellView) -> str:
    if cell.minimum is None or cell.maximum is None:
        return "–"
    return f"{number(cell.minimum)} … {number(cell.maximum)}"


def render(view: discussion_views.DiscussionView, options: Mapping[int, discussion_views.OptionView]) -> None:
    _ = translator()
    st.caption(
        _(
            "How many raters gave each level, the median, the lowest and highest score, and how many "
            "answered “Don't know”. Where a rater changed a score after the reveal, the new score counts."
        )
    )
    chosen = st.selectbox(
        _("Option"),
        list(options),
        index=1 if len(options) > 1 else 0,  # the first alternative: "keep as is" is rarely the question
        format_func=lambda option_id: options[option_id].title,
        key="discussion.spread.option",
    )
    shown = [cell for cell in view.cells if cell.option_id == chosen]
    # One table per scale, so that every level has its own column, named as raters saw it.
    for scale_title in dict.fromkeys(cell.scale_title for cell in shown):
        st.markdown(f"**{plain(scale_title)}**")
        st.table(
            [
                {_("Criterion"): plain(criterion_text(cell.criterion_label, cell.facet_label))}
                | {plain(f"{number(level.value)} {level.label}"): level.count for level in cell.levels}
                | {
                    _("Median"): number(cell.median),
                    _("Lowest … highest"): _span(cell),
                    _("Don't know"): cell.dont_know,
                    _("Hot spot"): "⚠" if cell.disagreement else "",
                }
                for cell in shown
                if cell.scale_title == scale_title
            ],
            hide_index=True,
        )
