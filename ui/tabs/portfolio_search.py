"""Portefølje, the search: »has anyone here decided something like this?« across the earlier
decisions and dilemmas of every proposal the person may see (``assessment.portfolio.search_decisions``)."""

from __future__ import annotations

import streamlit as st

from assessment.kernel.clock import danish_date
from assessment.kernel.lifecycle import STATUS_LABELS
from assessment.portfolio import FIELD_LABELS, SEARCH_LIMIT, SearchHit, search_decisions
from ui.context import current_actor, translator, unit_of_work
from ui.widgets import PAGE_FOR_STATUS, QUERY_KEY, plain

SEARCH_KEY = "portfolio.search"


def _hit(hit: SearchHit) -> None:
    _ = translator()
    with st.container(border=True):
        st.page_link(
            PAGE_FOR_STATUS[hit.status],
            label=f"{plain(hit.title)} · {plain(hit.unit_name)}",
            icon=":material/arrow_forward:",
            query_params={QUERY_KEY: str(hit.proposal_id)},
        )
        facts = [
            _(STATUS_LABELS[hit.status])
            if hit.decided_at is None
            else _("decided {date}", date=_.date(danish_date(hit.decided_at)))
        ]
        facts.append(_("found in: {field}", field=_(FIELD_LABELS[hit.field]).lower()))
        st.caption(" · ".join(facts))
        st.markdown(f"»{plain(hit.excerpt)}«")


def render() -> None:
    _ = translator()
    st.header(_("Has anyone here decided something like this?"), anchor=False)
    query = st.text_input(
        _("Words to look for in earlier decisions and dilemmas"),
        key=SEARCH_KEY,
        help=_(
            "Searches the titles, descriptions, decisions (justification, conditions and dissent) and "
            "dilemmas of every proposal you may see, across units. A proposal is found when it holds "
            "every word; part of a longer word counts."
        ),
    )
    if not query.strip():
        st.caption(_("Write one or more words and press Enter, for example »vagtplan« or »rehabilitering«."))
        return
    hits = search_decisions(unit_of_work(), query, actor=current_actor())
    if not hits:
        st.info(
            _(
                "No decision or dilemma you may see holds every word of »{query}«. Try fewer or shorter words.",
                query=plain(query.strip()),
            )
        )
        return
    if len(hits) >= SEARCH_LIMIT:
        st.caption(_("The first {count} proposals found; add a word to narrow the search.", count=len(hits)))
    else:
        st.caption(_("Proposals found: {count}", count=len(hits)))
    for hit in hits:
        _hit(hit)
