"""Discussion, the Spread of scores tab: for one option, how many gave each level on every criterion."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from assessment import discussion_views
from assessment.kernel.i18n import Translator
from ui.context import translator
from ui.widgets import criterion_text, plain


def _number_format(_: Translator) -> Callable[[float | None], str]:
    return lambda value: "–" if value is None else _.number(value)


def _span(cell: discussion_views.CellView, number: Callable[[float | None], str]) -> str:
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
        placeholder=_("Choose"),
    )
    shown = [cell for cell in view.cells if cell.option_id == chosen]
    # One translator for the whole table: a thousand numbers, each asking the session for the
    # language again, were a third of this tab's time.
    number = _number_format(_)
    columns = {  # a level's column name, per scale: the same value has other words on another scale
        (cell.scale_title, level.value): plain(f"{number(level.value)} {level.label}")
        for cell in shown
        for level in cell.levels
    }
    # One table per scale, so that every level has its own column, named as raters saw it.
    for scale_title in dict.fromkeys(cell.scale_title for cell in shown):
        st.markdown(f"**{plain(scale_title)}**")
        st.table(
            [
                {_("Criterion"): plain(criterion_text(cell.criterion_label, cell.facet_label))}
                | {columns[(cell.scale_title, level.value)]: level.count for level in cell.levels}
                | {
                    _("Median"): number(cell.median),
                    _("Lowest … highest"): _span(cell, number),
                    _("Don't know"): cell.dont_know,
                    _("Hot spot"): "⚠" if cell.disagreement else "",
                }
                for cell in shown
                if cell.scale_title == scale_title
            ],
            hide_index=True,
        )
