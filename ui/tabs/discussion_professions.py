"""Discussion, the Professions tab: each large enough profession's medians beside the whole panel's."""

from __future__ import annotations

import streamlit as st

from assessment import discussion, discussion_views
from assessment.kernel.i18n import Translator
from ui.context import translator
from ui.widgets import criterion_text, plain


def _median_cell(row: discussion_views.ProfessionRow, option_id: int, _: Translator) -> str:
    own, panel = row.medians.get(option_id), row.panel.get(option_id)
    if own is None:
        return "–"
    if own == panel:
        return _.number(own)
    return f"{_.number(own)} ({'–' if panel is None else _.number(panel)})"


def render(view: discussion_views.DiscussionView) -> None:
    _ = translator()
    st.caption(
        _(
            "Shown only for professions with at least {minimum} raters on the panel, and only where at "
            "least {minimum} of them gave a score: in a smaller group one person's score could be read "
            "off the median. In brackets: the whole panel's median, where it differs.",
            minimum=discussion.MINIMUM_GROUP,
        )
    )
    if not view.professions:
        st.info(
            _(
                "No profession has {minimum} or more raters on this panel, so there are no medians per "
                "profession.",
                minimum=discussion.MINIMUM_GROUP,
            )
        )
    for table in view.professions:
        st.markdown(f"**{plain(table.name)}** · " + _.plural("{count} rater", "{count} raters", table.raters))
        st.table(
            [
                {_("Criterion"): plain(criterion_text(row.criterion_label, row.facet_label))}
                | {plain(option.title): _median_cell(row, option.id, _) for option in view.options}
                for row in table.rows
            ],
            hide_index=True,
        )
    if view.small_groups:
        st.caption(
            _(
                "Left out (fewer than {minimum} raters): {groups}.",
                minimum=discussion.MINIMUM_GROUP,
                groups=plain(", ".join(f"{name} ({size})" for name, size in view.small_groups)),
            )
        )
