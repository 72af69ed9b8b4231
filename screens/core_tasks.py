"""Kerneopgaver: the units as a tree; a unit's core task, the core tasks above it, new versions, history.

Editing never overwrites: saving adds a new dated version with its author, and the form
remembers the version it was filled from, so a version someone else saved in the meantime
is not silently replaced.
"""

from __future__ import annotations

import streamlit as st

from assessment import core_task_drafts, organisation
from assessment.kernel.errors import N_, Message, StaleEdit
from assessment.kernel.model import CoreTask, Perspective
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt, forget, show_outcome
from ui.tabs import core_task_drafts as drafts
from ui.widgets import plain

UNIT = "core_tasks.unit"
QUERY = "unit"
LOADED = "core_tasks.loaded"  # the unit whose core task the edit form was filled from
VERSION = "core_tasks.loaded_version"  # its version then; 0 when it had none
OUTCOME = "core_tasks.outcome"  # what the last save did
FIELDS = ("statement", "formal", "performed", "experienced")
SENTINEL = "core_tasks.statement"


def _fill(current: CoreTask | None) -> None:
    for name in FIELDS:
        st.session_state[f"core_tasks.{name}"] = getattr(current, name) if current else ""


def _record(unit_id: int, expected_version: int) -> Outcome:
    state = st.session_state
    saved = organisation.record_core_task(
        unit_of_work(),
        unit_id=unit_id,
        expected_version=expected_version,
        actor=current_actor(),
        **{name: state.get(f"core_tasks.{name}") or "" for name in FIELDS},
    )
    return Outcome(
        success=Message(N_("Version {version} of the core task is saved."), {"version": saved.version})
    )


def _save(unit_id: int, expected_version: int) -> None:
    if attempt(OUTCOME, lambda: _record(unit_id, expected_version)):
        st.session_state[LOADED] = None


def _reload() -> None:
    forget(OUTCOME)
    st.session_state[LOADED] = None


_ = translator()
st.title(_("Core tasks"), anchor=False)
st.caption(
    _(
        "A core task says what the unit exists to achieve for citizens and society. Every level has "
        "its own core task, tied to the level above."
    )
)
uow = unit_of_work()
tree = organisation.units_in_tree(uow, actor=current_actor())
if not tree:
    st.info(
        _(
            "There are no units yet. An administrator adds the municipality and its units under "
            "Administration; then each unit's core task is written here."
        )
    )
    st.page_link("screens/admin.py", label=_("Go to Administration"), icon=":material/settings:")
    st.stop()

labels = {entry.unit.id: entry for entry in tree}
wanted = st.query_params.get(QUERY)
if drafts.LINK in st.query_params:  # arrived by a proposal's link to its draft: show that unit
    del st.query_params[drafts.LINK]
    st.session_state.pop(UNIT, None)
if UNIT not in st.session_state and wanted is not None and wanted.isdigit() and int(wanted) in labels:
    st.session_state[UNIT] = int(wanted)
if UNIT not in st.session_state:  # opened without a unit: the first one the person may open
    st.session_state[UNIT] = next((i for i, entry in labels.items() if entry.may_open), next(iter(labels)))

names = {entry.unit.id: entry.unit.name for entry in tree}


def closed(unit_id: int) -> str:
    """What follows a closed unit's name, "(closed unit, merged into …)": it stays in the tree as history."""
    label = organisation.closed_label(labels[unit_id].unit, names, _)
    return f" ({plain(label)})" if label else ""


tree_column, task_column = st.columns([1, 2], gap="large")
with tree_column:
    unit_id = st.radio(
        _("Units"),
        list(labels),
        format_func=lambda i: "\u2003" * (2 * labels[i].depth) + plain(labels[i].unit.name) + closed(i),
        key=UNIT,
    )
if unit_id is None:  # only when the chosen unit is gone; the first unit is shown instead
    unit_id = tree[0].unit.id or 0
st.query_params[QUERY] = str(unit_id)
if not labels[unit_id].may_open:
    with task_column:
        st.header(plain(labels[unit_id].unit.name), anchor=False)
        st.info(
            _(
                "You can read the core tasks of the units where you have a role, and of the units below "
                "them; the core tasks above your own unit are shown with it. Choose one of your units."
            )
        )
    st.stop()
view = organisation.core_task_view(uow, unit_id, actor=current_actor())
current = view.current


def author_of(core_task: CoreTask) -> str:
    # No author: written in the local set-up, where nobody's shoes were chosen.
    return view.author(core_task) or _("no one named (the local set-up)")


def perspectives(core_task: CoreTask) -> None:
    for perspective, column in zip(Perspective, st.columns(3), strict=True):
        with column:
            st.markdown(f"**{_(organisation.PERSPECTIVE_LABELS[perspective])}**")
            st.caption(_(organisation.PERSPECTIVE_HELP[perspective]))
            st.text(core_task.perspective(perspective) or _("Not described."))


with task_column:
    st.header(plain(view.unit.name), anchor=False)
    st.caption(_(organisation.LEVEL_LABELS[view.unit.level]))
    if current is None:
        st.info(_("No core task has been written for this unit yet. Write the first version below."))
    else:
        with st.container(border=True):
            st.subheader(_("Core task"), anchor=False)
            st.text(current.statement)
            perspectives(current)
            st.caption(
                _(
                    "Version {version} · valid from {date} · written by {author}",
                    version=current.version,
                    date=_.date(current.valid_from),
                    author=plain(author_of(current)),
                )
            )
    drafts.show(core_task_drafts.open_drafts(uow, unit_id, actor=current_actor()), form_loaded=LOADED)

    st.header(_("The core tasks above"), anchor=False)
    if not view.above:
        st.caption(_("This unit is at the top of the organisation."))
    for unit, core_task in view.above:
        with st.container(border=True):
            st.markdown(f"**{plain(unit.name)}** · {_(organisation.LEVEL_LABELS[unit.level])}")
            st.text(core_task.statement if core_task else _("No core task has been written yet."))

    st.header(_("Write a new version"), anchor=False)
    if st.session_state.get(LOADED) != unit_id or SENTINEL not in st.session_state:
        if st.session_state.get(LOADED) is not None:
            forget(OUTCOME)  # another unit: the last one's messages no longer apply
        _fill(current)
        st.session_state[LOADED] = unit_id
        st.session_state[VERSION] = view.version
    loaded_version = int(st.session_state[VERSION])
    form_labels = {
        "statement": _("Core task"),
        "formal": _(organisation.PERSPECTIVE_LABELS[Perspective.FORMAL]),
        "performed": _(organisation.PERSPECTIVE_LABELS[Perspective.PERFORMED]),
        "experienced": _(organisation.PERSPECTIVE_LABELS[Perspective.EXPERIENCED]),
    }
    with st.form("core_tasks.form", border=True):
        st.caption(
            _(
                "Saving never overwrites: it adds version {version}, dated today, with you as its author. "
                "Earlier versions stay in the history.",
                version=loaded_version + 1,
            )
            if current_actor().person_id is not None
            else _(
                "Saving never overwrites: it adds version {version}, dated today, with no one named as its "
                "author, since the local set-up is nobody. Earlier versions stay in the history.",
                version=loaded_version + 1,
            )
        )
        st.text_area(
            form_labels["statement"],
            key="core_tasks.statement",
            height=120,
            help=_(
                "The long-term effect the unit creates for citizens and/or society, not the services it delivers."
            ),
        )
        for name, perspective in zip(FIELDS[1:], Perspective, strict=True):
            st.text_area(
                form_labels[name],
                key=f"core_tasks.{name}",
                help=_(organisation.PERSPECTIVE_HELP[perspective]),
                height=100,
            )
        st.form_submit_button(
            _("Save as new version"),
            type="primary",
            icon=":material/save:",
            key="core_tasks.save",
            on_click=_save,
            args=(unit_id, loaded_version),
        )

    outcome = show_outcome(OUTCOME, form_labels, keep=True, nothing_saved=True)
    if outcome is not None and isinstance(outcome.error, StaleEdit):
        st.button(
            _("Reload the core task"), icon=":material/refresh:", key="core_tasks.reload", on_click=_reload
        )
        st.caption(
            _(
                "Reloading replaces what you typed with the newest version; copy anything you want to keep first."
            )
        )

    st.header(_("Versions"), anchor=False)
    if not view.history:
        st.caption(_("No versions yet."))
    for core_task in view.history:
        label = _(
            "Version {version} · {date} · {author}",
            version=core_task.version,
            date=_.datetime(core_task.valid_from),
            author=author_of(core_task),
        )
        if core_task is current:
            label = _("{version} (current)", version=label)
        with st.expander(plain(label), expanded=False):
            st.text(core_task.statement)
            perspectives(core_task)
