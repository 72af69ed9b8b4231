"""Administration, the MED committees tab: the committees of each unit with their members, and keeping
them up: adding a committee, a member joining or leaving, renaming, moving, merging and closing.

The rules (one name per unit, an AMR or TR on the employee side, history kept) are in
``assessment/med_committees.py``; this tab only reads the widgets and calls one use case.
"""

from __future__ import annotations

import streamlit as st

from assessment import med_committees
from assessment.kernel import forms
from assessment.kernel.errors import N_, FormInvalid, Message
from assessment.kernel.model import CommitteeKind, CommitteeRole, CommitteeSide
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome
from ui.tabs.admin_shared import (
    Organisation,
    choose_and_act,
    drop_stale,
    show_form_outcome,
    submit,
    table_height,
)

KEY = "admin.committee"
COMMITTEE, ACTION = f"{KEY}.change.committee", f"{KEY}.change.action"
NAME, UNIT, INTO = f"{KEY}.change.name", f"{KEY}.change.unit", f"{KEY}.change.into"
PERSON, SIDE, ROLE, SEAT = f"{KEY}.person", f"{KEY}.side", f"{KEY}.role", f"{KEY}.seat"

ACTIONS: dict[str, str] = {
    "add_member": N_("Add a member"),
    "remove_member": N_("A member leaves"),
    "rename": N_("Rename"),
    "move": N_("Move to another unit"),
    "merge": N_("Merge into another committee"),
    "close": N_("Close"),
}
ICONS = {
    "add_member": ":material/person_add:",
    "remove_member": ":material/person_remove:",
    "rename": ":material/edit:",
    "move": ":material/move_down:",
    "merge": ":material/merge:",
    "close": ":material/block:",
}


def _add_committee() -> Outcome:
    state = st.session_state
    if state.get(f"{KEY}.unit") is None:
        raise FormInvalid({"unit_id": Message(N_("Choose a unit."))})
    committee = med_committees.register_committee(
        unit_of_work(),
        name=state.get(f"{KEY}.name") or "",
        kind=state[f"{KEY}.kind"],
        unit_id=state[f"{KEY}.unit"],
        actor=current_actor(),
    )
    return Outcome(success=Message(N_("The MED committee {name} is added."), {"name": committee.name}))


def _required(key: str, field: str, message: str) -> int:
    value = st.session_state.get(key)
    if value is None:
        raise FormInvalid({field: Message(message)})
    return int(value)


def _change() -> Outcome:
    state = st.session_state
    committee_id = _required(COMMITTEE, "committee_id", N_("Choose a MED committee."))
    uow, actor, action = unit_of_work(), current_actor(), state.get(ACTION)
    if action == "add_member":
        person_id = _required(PERSON, "person_id", N_("Choose a person."))
        med_committees.add_member(
            uow, committee_id, person_id=person_id, side=state[SIDE], role=state[ROLE], actor=actor
        )
        return Outcome(success=Message(N_("The member is added.")))
    if action == "remove_member":
        seat_id = _required(SEAT, "member_id", N_("Choose a member."))
        med_committees.remove_member(uow, committee_id, seat_id, actor=actor)
        return Outcome(success=Message(N_("The member has left the committee; the seat is kept as history.")))
    if action == "rename":
        committee = med_committees.rename_committee(
            uow, committee_id, name=state.get(NAME) or "", actor=actor
        )
    elif action == "move":
        unit_id = _required(UNIT, "unit_id", N_("Choose a unit."))
        committee = med_committees.move_committee(uow, committee_id, unit_id=unit_id, actor=actor)
    elif action == "merge":
        into_id = _required(INTO, "into_id", N_("Choose a MED committee."))
        committee = med_committees.merge_committee(uow, committee_id, into_id=into_id, actor=actor)
    else:
        committee = med_committees.close_committee(uow, committee_id, actor=actor)
    return Outcome(success=Message(N_("The MED committee {name} is saved."), {"name": committee.name}))


def _members(entry: med_committees.CommitteeEntry) -> str:
    _ = translator()
    return "; ".join(
        f"{seat.name} ({_(med_committees.ROLE_LABELS[seat.member.role]).lower()}, "
        f"{_(med_committees.SIDE_LABELS[seat.member.side]).lower()})"
        for seat in entry.seats
    )


def _status(entry: med_committees.CommitteeEntry) -> str:
    _ = translator()
    if entry.committee.is_open:
        return _("open")
    if entry.merged_into:
        return _("closed, merged into {name}", name=entry.merged_into)
    return _("closed down")


def render(org: Organisation, committees: list[med_committees.CommitteeEntry]) -> None:
    _ = translator()
    st.caption(
        _(
            "The MED committees of each level: the main committee of the municipality, area committees "
            "and local committees. A proposal involves a committee of its unit or of a unit above it."
        )
    )
    if committees:
        st.dataframe(
            [
                {
                    _("MED committee"): entry.committee.name,
                    _("Kind"): _(med_committees.KIND_LABELS[entry.committee.kind]),
                    _("Unit"): entry.unit.name if entry.unit else "",
                    _("Status"): _status(entry),
                    _("Members"): _members(entry) or _("no members yet"),
                }
                for entry in committees
            ],
            hide_index=True,
            height=table_height(len(committees)),
            column_config={_("Members"): st.column_config.TextColumn(width="large")},
        )
    else:
        st.info(_("There are no MED committees yet. Add the committees of each level, then their members."))
    _add(org)
    managed = {e.committee.id: e for e in committees if e.committee.is_open and e.may_manage}
    if managed:
        _change_form(org, managed)


def _add(org: Organisation) -> None:
    _ = translator()
    st.header(_("Add a MED committee"), anchor=False)
    labels = {"name": _("Name"), "unit_id": _("Unit"), "kind": _("Kind")}
    with st.form(f"{KEY}.form"):
        name_column, kind_column, unit_column = st.columns(3)
        name_column.text_input(labels["name"], key=f"{KEY}.name", max_chars=forms.TITLE_LIMIT)
        kind_column.selectbox(
            labels["kind"],
            list(CommitteeKind),
            index=list(CommitteeKind).index(CommitteeKind.LOCAL),
            format_func=lambda kind: _(med_committees.KIND_LABELS[kind]),
            key=f"{KEY}.kind",
            placeholder=_("Choose"),
        )
        unit_column.selectbox(
            labels["unit_id"],
            org.open_units,
            index=None,
            format_func=org.unit_label,
            key=f"{KEY}.unit",
            placeholder=_("Choose a unit"),
        )
        st.form_submit_button(
            _("Add MED committee"),
            icon=":material/add:",
            key=f"{KEY}.add",
            on_click=submit,
            args=("committee", _add_committee, (f"{KEY}.name",)),
        )
    show_form_outcome("committee", labels)


def _committee_label(entry: med_committees.CommitteeEntry) -> str:
    unit = entry.unit
    return f"{entry.committee.name} ({unit.name})" if unit is not None else entry.committee.name


def _chosen(managed: dict[int | None, med_committees.CommitteeEntry]) -> None:
    state = st.session_state
    entry = managed.get(state.get(COMMITTEE))
    state[NAME] = entry.committee.name if entry else ""
    state[UNIT] = entry.committee.unit_id if entry else None
    state[INTO] = state[SEAT] = None


def _change_form(org: Organisation, managed: dict[int | None, med_committees.CommitteeEntry]) -> None:
    _ = translator()
    st.header(_("Members, and changing a MED committee"), anchor=False)
    labels = {
        "committee_id": _("MED committee"),
        "person_id": _("Person"),
        "side": _("Side"),
        "role": _("Role on the committee"),
        "member_id": _("Member"),
        "name": _("New name"),
        "unit_id": _("Unit"),
        "into_id": _("Merge into"),
    }
    committee_id, action = choose_and_act(
        labels["committee_id"],
        list(managed),
        lambda i: _committee_label(managed[i]),
        key=COMMITTEE,
        placeholder=_("Choose a MED committee"),
        on_change=_chosen,
        args=(managed,),
        actions=ACTIONS,
        action_key=ACTION,
    )
    entry = managed.get(committee_id)
    seats = {seat.member.id: seat for seat in entry.seats} if entry else {}
    others = [i for i in managed if i != committee_id]
    people = {p.id: p.name for p in org.directory.people}
    drop_stale({SEAT: seats, INTO: others, UNIT: org.open_units})
    with st.form(f"{KEY}.change.form"):
        if action == "add_member":
            person_column, side_column, role_column = st.columns(3)
            person_column.selectbox(
                labels["person_id"],
                list(people),
                index=None,
                format_func=lambda i: people.get(i, str(i)),
                key=PERSON,
                placeholder=_("Choose a person"),
            )
            side_column.selectbox(
                labels["side"],
                list(CommitteeSide),
                index=1,
                format_func=lambda side: _(med_committees.SIDE_LABELS[side]),
                key=SIDE,
                placeholder=_("Choose"),
            )
            role_column.selectbox(
                labels["role"],
                list(CommitteeRole),
                index=list(CommitteeRole).index(CommitteeRole.MEMBER),
                format_func=lambda role: _(med_committees.ROLE_LABELS[role]),
                key=ROLE,
                placeholder=_("Choose"),
            )
            st.caption(
                _(
                    "The health and safety representative and the union representative sit on the employee side."
                )
            )
        elif action == "remove_member":
            st.selectbox(
                labels["member_id"],
                list(seats),
                index=None,
                format_func=lambda i: (
                    f"{seats[i].name} ({_(med_committees.ROLE_LABELS[seats[i].member.role]).lower()})"
                ),
                key=SEAT,
                placeholder=_("Choose a member"),
            )
        elif action == "rename":
            st.text_input(labels["name"], key=NAME, max_chars=forms.TITLE_LIMIT)
        elif action == "move":
            choose = _("Choose a unit")
            st.selectbox(labels["unit_id"], org.open_units, None, org.unit_label, UNIT, placeholder=choose)
        elif action == "merge":
            st.selectbox(
                labels["into_id"],
                others,
                index=None,
                format_func=lambda i: managed[i].committee.name,
                key=INTO,
                placeholder=_("Choose a MED committee"),
            )
            st.caption(
                _(
                    "The committee you choose gets its current members where it lacks them. This committee "
                    "is closed; its members and the proposals that name it are kept as history."
                )
            )
        else:
            st.caption(_("A closed committee keeps its members and the proposals that name it, as history."))
        st.form_submit_button(
            _(ACTIONS[action]),
            icon=ICONS[action],
            key=f"{KEY}.change.submit",
            on_click=submit,
            args=("committee_change", _change),
        )
    show_form_outcome("committee_change", labels)
