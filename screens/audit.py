"""Revisionsspor: every change and every refused attempt, newest first, for administrators."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assessment import audit, audit_wording
from assessment.kernel.errors import DomainError
from assessment.kernel.model import AuditEvent
from ui.context import current_actor, translator, unit_of_work
from ui.widgets import show_error

PAGE_KEY = "audit.page"
EARLIEST = date(2020, 1, 1)
FILTER_KEYS = ("audit.person", "audit.kind", "audit.object_type", "audit.object_id", "audit.from", "audit.to")

_ = translator()
st.title(_("Audit trail"), anchor=False)


def _back_to_first_page() -> None:
    st.session_state[PAGE_KEY] = 1


state = st.session_state
page_number = int(state.get(PAGE_KEY, 1))
query = audit.query_for(
    person_id=state.get("audit.person"),
    kind=state.get("audit.kind"),
    object_type=state.get("audit.object_type") or "",
    object_id=state.get("audit.object_id") or "",
    first_day=state.get("audit.from"),
    last_day=state.get("audit.to"),
    page=page_number,
)
try:
    trail = audit.audit_trail(unit_of_work(), query, actor=current_actor())
except DomainError as error:  # not an administrator: the reason, and nothing of the trail
    show_error(error)
    st.stop()

st.caption(
    _(
        "Every change in Kernekompas and every attempt that was refused, newest first. "
        "Entries are never changed or deleted."
    )
)
person_column, kind_column, object_column, id_column = st.columns([3, 3, 2, 1])
person_column.selectbox(
    _("Person"),
    list(trail.people),
    index=None,
    format_func=lambda person_id: trail.people.get(person_id, str(person_id)),
    key="audit.person",
    placeholder=_("Everyone"),
    on_change=_back_to_first_page,
)
kind_column.selectbox(
    _("Kind of action"),
    list(audit.KIND_LABELS),
    index=None,
    format_func=lambda prefix: _(audit.KIND_LABELS[prefix]),
    key="audit.kind",
    placeholder=_("All kinds"),
    on_change=_back_to_first_page,
)
object_column.selectbox(
    _("Object"),
    list(audit.OBJECT_LABELS),
    index=None,
    format_func=lambda object_type: _(audit.OBJECT_LABELS[object_type]),
    key="audit.object_type",
    placeholder=_("Any object"),
    on_change=_back_to_first_page,
)
id_column.text_input(_("Number"), key="audit.object_id", on_change=_back_to_first_page)
from_column, to_column, _spacer = st.columns([2, 2, 5])
for column, label, key in ((from_column, _("From"), "audit.from"), (to_column, _("To"), "audit.to")):
    column.date_input(
        label,
        value=None,
        min_value=EARLIEST,  # the default, ten years back from today, would hide older entries
        key=key,
        format="DD.MM.YYYY",
        on_change=_back_to_first_page,
    )


def _kind(action: str) -> str:
    prefix = audit.kind_of(action)
    return _(audit.KIND_LABELS[prefix]) if prefix else ""


def _object(event: AuditEvent) -> str:
    label = audit.OBJECT_LABELS.get(event.object_type)
    return f"{_(label) if label else event.object_type} {event.object_id}".strip()


if trail.total == 0:
    filtered = any(state.get(key) for key in FILTER_KEYS)
    st.info(_("No entries match the filters.") if filtered else _("The audit trail is empty."))
else:
    refused = "⛔ " + _("Refused")
    st.dataframe(
        [
            {
                _("When"): _.datetime(row.event.at),
                _("Who"): row.actor_name if row.actor_name is not None else _("The system"),
                _("Refused"): refused if row.denied else "",
                _("Kind of action"): _kind(row.event.action),
                _("Action"): audit_wording.action_label(row.event.action, _),
                _("Object"): _object(row.event),
                _("Change"): _("(hidden: about a proposal you may not see)")
                if row.hidden
                else audit_wording.describe_change(row.event, _),
            }
            for row in trail.rows
        ],
        hide_index=True,
        width="stretch",
        key="audit.table",
        column_config={_("Change"): st.column_config.TextColumn(width="large")},
    )
    st.caption(
        _(
            "{total} entries, page {page} of {pages}. “{refused}” marks an attempt the person was not allowed to make.",
            total=trail.total,
            page=page_number,
            pages=trail.pages,
            refused=refused,
        )
    )
    if trail.pages > 1:
        st.pagination(trail.pages, key=PAGE_KEY)
