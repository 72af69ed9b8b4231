"""Discussion, the Hot spots tab: where the panel is split or widely spread, the widest first."""

from __future__ import annotations

import streamlit as st

from assessment import discussion_views
from ui.context import translator
from ui.tabs import discussion_citizens
from ui.widgets import criterion_text, number, plain


def _level_counts(cell: discussion_views.CellView) -> str:
    """How many gave each level, lowest first: "Clearly worse: 1 · Somewhat worse: 0 · …"."""
    return "  ·  ".join(f"{level.label}: {level.count}" for level in cell.levels)


def render(view: discussion_views.DiscussionView) -> None:
    _ = translator()
    st.caption(view.rule.text)
    with st.expander(_("Which levels count as the ends of each scale")):
        st.table(
            [
                {
                    _("Scale"): plain(edges.scale_title),
                    _("Lowest levels"): plain(", ".join(edges.bottom)),
                    _("Highest levels"): plain(", ".join(edges.top)),
                }
                for edges in view.rule.edges
            ],
            hide_index=True,
        )
    if not view.hot_spots:
        st.success(_("No hot spots: on no criterion is the panel split or widely spread."))
        return
    st.write(
        _(
            "Start here: the widest spread comes first. Ask those at each end to explain their score; "
            "their reasons are under Reasons."
        )
    )
    for pair in range(0, len(view.hot_spots), 2):
        for column, cell in zip(st.columns(2), view.hot_spots[pair : pair + 2], strict=False):
            with column.container(border=True):
                st.markdown(
                    f"**{plain(cell.option_title)}**  \n{plain(criterion_text(cell.criterion_label, cell.facet_label))}"
                )
                st.markdown(
                    _(
                        "Spread **{spread}** steps · **{bottom}** at the low end, **{top}** at the high end · "
                        "median {median}",
                        spread=cell.spread,
                        bottom=cell.at_bottom,
                        top=cell.at_top,
                        median=number(cell.median),
                    )
                )
                dont_know = "  ·  " + _("Don't know: {count}", count=cell.dont_know) if cell.dont_know else ""
                st.markdown(plain(_level_counts(cell)) + dont_know)
                discussion_citizens.experienced_caption(view, cell.facet)
