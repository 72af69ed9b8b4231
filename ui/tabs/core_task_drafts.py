"""Kerneopgaver: the unit's open drafts of its next core task, each belonging to one proposal.

A draft is shown apart from the valid core task and says so; whoever may record the unit's core
task edits it here, adopts it (it becomes the next version, checked against versions saved
meanwhile) or discards it. Everyone else who may see the proposal reads it.
"""

from __future__ import annotations

import streamlit as st

from assessment import core_task_drafts, organisation
from assessment.core_task_drafts import DraftView
from assessment.kernel.errors import N_, Message, StaleEdit
from assessment.kernel.lifecycle import STATUS_LABELS
from assessment.kernel.model import Perspective, Status
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt, forget, show_outcome
from ui.widgets import plain

# A link from a proposal to its draft: the screen shows the linked unit even if another was chosen.
LINK = "draft"
OUTCOME = "core_tasks.draft.outcome"
FIELDS = core_task_drafts.FIELDS
DECIDED = frozenset({Status.DECIDED, Status.FOLLOW_UP, Status.CLOSED})


def _key(draft_id: int, name: str) -> str:
    return f"core_tasks.draft.{draft_id}.{name}"


def _fill(view: DraftView) -> None:
    for name in FIELDS:
        st.session_state[_key(view.draft.id or 0, name)] = getattr(view.draft, name)
    st.session_state[_key(view.draft.id or 0, "loaded")] = view.draft.version


def _typed(draft_id: int) -> dict[str, str]:
    return {name: st.session_state.get(_key(draft_id, name)) or "" for name in FIELDS}


def _save(draft_id: int, version: int) -> None:
    def run() -> Outcome:
        saved = core_task_drafts.save_draft(
            unit_of_work(), draft_id, **_typed(draft_id), expected_version=version, actor=current_actor()
        )
        st.session_state[_key(draft_id, "loaded")] = saved.version
        return Outcome(
            success=Message(
                N_("The draft is saved. The valid core task is unchanged until the draft is adopted.")
            )
        )

    attempt(OUTCOME, run)


def _adopt(draft_id: int, version: int, core_task_version: int, form_loaded: str) -> None:
    def run() -> Outcome:
        adopted = core_task_drafts.adopt_draft(
            unit_of_work(),
            draft_id,
            **_typed(draft_id),
            expected_version=version,
            expected_core_task_version=core_task_version,
            actor=current_actor(),
        )
        return Outcome(
            success=Message(
                N_("The draft is adopted as version {version} of the core task."),
                {"version": adopted.version},
            )
        )

    if attempt(OUTCOME, run):
        st.session_state[form_loaded] = None  # the form for a new version starts from the adopted text


def _discard(draft_id: int, version: int) -> None:
    def run() -> Outcome:
        core_task_drafts.discard_draft(
            unit_of_work(), draft_id, expected_version=version, actor=current_actor()
        )
        return Outcome(success=Message(N_("The draft is discarded. Its text stays with the proposal.")))

    attempt(OUTCOME, run)


def _reload(draft_id: int) -> None:
    forget(OUTCOME)
    st.session_state.pop(_key(draft_id, "loaded"), None)


def field_labels() -> dict[str, str]:
    _ = translator()
    return {
        "statement": _("Core task"),
        **{
            name: _(organisation.PERSPECTIVE_LABELS[perspective])
            for name, perspective in zip(FIELDS[1:], Perspective, strict=True)
        },
    }


def _notes(view: DraftView) -> None:
    _ = translator()
    draft = view.draft
    st.caption(
        _(
            "For the proposal “{title}” ({status}) · copied from version {base} · last saved {time} by {name}",
            title=plain(view.proposal_title),
            status=_(STATUS_LABELS[view.proposal_status]),
            base=draft.based_on_version,
            time=_.datetime(draft.updated_at),
            name=plain(view.name(draft.updated_by) or _("someone")),
        )
    )
    st.info(
        _(
            "This draft is not the unit's valid core task. Adopting it makes it version {version}.",
            version=view.current_version + 1,
        ),
        icon=":material/edit_note:",
    )
    if not view.proposal_changes_core_task:
        st.warning(
            _(
                "The proposal is no longer a change of the core task itself. The draft is kept so that "
                "nothing written is lost; discard it if it is no longer needed."
            )
        )
    if view.base_outdated:
        st.warning(
            _(
                "Version {current} of the core task was saved after this draft was copied from version "
                "{base}. Check that adopting the draft does not undo that change.",
                current=view.current_version,
                base=draft.based_on_version,
            )
        )
    if view.proposal_status not in DECIDED:
        st.caption(
            _("The proposal has not been decided yet; a draft is usually adopted when the decision is made.")
        )


def _editable(view: DraftView, form_loaded: str) -> None:
    _ = translator()
    draft_id = view.draft.id or 0
    if (
        st.session_state.get(_key(draft_id, "loaded")) is None
        or _key(draft_id, "statement") not in st.session_state
    ):
        _fill(view)
    loaded = int(st.session_state[_key(draft_id, "loaded")])
    labels = field_labels()
    st.text_area(labels["statement"], key=_key(draft_id, "statement"), height=120)
    for name, perspective in zip(FIELDS[1:], Perspective, strict=True):
        st.text_area(
            labels[name],
            key=_key(draft_id, name),
            help=_(organisation.PERSPECTIVE_HELP[perspective]),
            height=100,
        )
    save, adopt, discard = st.columns(3)
    save.button(
        _("Save draft"),
        icon=":material/save:",
        key=_key(draft_id, "save"),
        on_click=_save,
        args=(draft_id, loaded),
    )
    adopt.button(
        _("Adopt as new version"),
        type="primary",
        icon=":material/task_alt:",
        key=_key(draft_id, "adopt"),
        on_click=_adopt,
        args=(draft_id, loaded, view.current_version, form_loaded),
        help=_("The text above becomes the unit's valid core task, dated today, with you as its author."),
    )
    with discard.popover(_("Discard draft"), icon=":material/delete:"):
        st.caption(_("The draft is no longer open; its text stays with the proposal."))
        st.button(
            _("Yes, discard the draft"),
            key=_key(draft_id, "discard"),
            on_click=_discard,
            args=(draft_id, loaded),
        )


def _read_only(view: DraftView) -> None:
    _ = translator()
    st.text(view.draft.statement or _("Not described."))
    for name, perspective, column in zip(FIELDS[1:], Perspective, st.columns(3), strict=True):
        with column:
            st.markdown(f"**{_(organisation.PERSPECTIVE_LABELS[perspective])}**")
            st.text(getattr(view.draft, name) or _("Not described."))


def show(views: list[DraftView], *, form_loaded: str) -> None:
    """The open drafts, each in its own box; ``form_loaded`` is the new-version form's "loaded" key,
    cleared when a draft is adopted so that form starts from the new version."""
    _ = translator()
    outcome = show_outcome(OUTCOME, field_labels(), nothing_saved=True)
    if outcome is not None and isinstance(outcome.error, StaleEdit):
        for view in views:
            st.button(
                _("Reload the draft"),
                icon=":material/refresh:",
                key=_key(view.draft.id or 0, "reload"),
                on_click=_reload,
                args=(view.draft.id or 0,),
            )
        st.caption(
            _(
                "Reloading replaces what you typed in the draft with the saved draft; copy anything you want to keep first."
            )
        )
    for view in views:
        with st.container(border=True):
            st.subheader(_("Draft of a new core task"), anchor=False)
            _notes(view)
            if view.may_edit:
                _editable(view, form_loaded)
            else:
                _read_only(view)
