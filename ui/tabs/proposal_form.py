"""The proposal form's state: its fields, filling it from a proposal, reading it, and its buttons.

The form's fields live in ``st.session_state`` under ``proposal.*`` keys. They are filled from
the stored proposal when it is chosen (or emptied for a new one), together with the version
they were loaded from; saving passes that version on, so an edit made on top of someone
else's newer save is refused instead of overwriting it. Buttons work through callbacks, which
run before the widgets are drawn and so may refill the form after a save.

The fields themselves are :data:`ui.tabs.proposal_fields.FIELDS`. The alternatives (options
besides "keep as is") are a list of rows of their own, handled at the end of this module.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from assessment import proposals
from assessment.kernel.errors import N_, DomainError, FormInvalid, Message
from assessment.kernel.lifecycle import OPTIONS_EDITABLE
from assessment.kernel.model import Proposal, RubricRef
from ui.context import current_actor, unit_of_work
from ui.outcome import Outcome, attempt, forget, pending, report
from ui.tabs.proposal_fields import FIELD, FIELDS, Field, option_key
from ui.widgets import QUERY_KEY

MODE = "proposal.mode"
PICK = "proposal.pick"
LOADED = "proposal.loaded"  # (mode, proposal id) the form was filled for
VERSION = "proposal.loaded_version"  # the proposal's version when the form was filled
COUNT = "proposal.option_count"  # how many alternatives (besides "keep as is") the form shows
OPTION_IDS = "proposal.option_ids"  # the stored option behind each alternative, None for new ones
OUTCOME = "proposal.outcome"  # what the last save did (or that scoring started), beside the save button
START_OUTCOME = "proposal.start_outcome"  # why blind scoring could not start, beside its button
SENTINEL = "proposal.title"  # a widget key; gone when the form has not been drawn since

STARTED = Message(N_("Blind scoring has started. The raters on the panel can now score the proposal."))
UNSAVED = N_("You have unsaved changes. Save them first: scoring starts from the saved proposal.")


# Filling and reading the form -------------------------------------------------------------------


def alternatives(proposal: Proposal) -> list[proposals.OptionInput]:
    """The stored options besides "keep as is", in their order."""
    ordered = sorted((o for o in proposal.options if not o.is_baseline), key=lambda o: o.position)
    return [proposals.OptionInput(option.title, option.description, option.id) for option in ordered]


def fill(proposal: Proposal | None, default_rubric: RubricRef | None) -> None:
    """Put a stored proposal into the form, or empty it (on the default rubric) for a new one."""
    state = st.session_state
    for field in FIELDS:
        state[field.key] = field.stored(proposal) if proposal else field.new()
    if proposal is None:
        state[FIELD["rubric"].key] = default_rubric
    for key in [key for key in state if str(key).startswith("proposal.option.")]:
        del state[key]
    rows = alternatives(proposal) if proposal else [proposals.OptionInput("")]
    for index, option in enumerate(rows):
        state[option_key(index, "title")] = option.title
        state[option_key(index, "description")] = option.description
    state[COUNT] = max(1, len(rows))
    state[OPTION_IDS] = [option.id for option in rows] or [None]
    state[VERSION] = proposal.version if proposal else None


def _form_alternatives() -> list[proposals.OptionInput]:
    state = st.session_state
    ids = list(state.get(OPTION_IDS, []))
    count = int(state.get(COUNT, 1))
    ids += [None] * (count - len(ids))
    return [
        proposals.OptionInput(
            title=state.get(option_key(index, "title"), "") or "",
            description=state.get(option_key(index, "description"), "") or "",
            id=ids[index],
        )
        for index in range(count)
    ]


def _input(proposal: Proposal | None) -> proposals.ProposalInput:
    state = st.session_state
    values = {field.input_name: field.read(state.get(field.key)) for field in FIELDS}
    if proposal is not None and proposal.status not in OPTIONS_EDITABLE:
        # Scoring has started: the options, the rubric and the professions are what the raters score;
        # the form shows them read-only.
        values |= {
            "baseline_description": proposal.baseline.description,
            "rubric": proposal.rubric,
            "affected_profession_ids": list(proposal.affected_profession_ids),
        }
        return proposals.ProposalInput(**values, options=alternatives(proposal))
    return proposals.ProposalInput(**values, options=_form_alternatives())


def unsaved(proposal: Proposal) -> bool:
    """Whether the form holds anything that differs from the stored proposal."""
    state = st.session_state
    changed = any(state.get(field.key) != field.stored(proposal) for field in FIELDS)
    return changed or _form_alternatives() != alternatives(proposal)


def problems() -> dict[str, Message]:
    """The problems of the last save, by field, to show beside each field."""
    outcome = pending(OUTCOME)
    error = outcome.error if outcome else None
    return error.problems if isinstance(error, FormInvalid) else {}


def problem_fields() -> list[tuple[Field | None, Message]]:
    """The problems of the last save in the order of the form, each with the first field it belongs to
    (its label and section; None for a problem with no field of its own), for the list at the top."""
    found = problems()
    first: dict[str, Field] = {}
    for field in FIELDS:
        first.setdefault(field.problem_name, field)
    return [(first.get(name), found[name]) for name in dict.fromkeys([*first, *found]) if name in found]


# Button callbacks ------------------------------------------------------------------------------


def _in_form_order(error: FormInvalid) -> FormInvalid:
    order = dict.fromkeys([*(field.problem_name for field in FIELDS), *error.problems])
    return FormInvalid({name: error.problems[name] for name in order if name in error.problems})


def _store(proposal: Proposal | None) -> Outcome:
    """One use case: register the form as a draft, or save it over the proposal as drawn (its
    version guards against a save made in between)."""
    state = st.session_state
    uow = unit_of_work()
    try:
        if proposal is None:
            saved = proposals.register_proposal(uow, _input(None), actor=current_actor())
            # From now on the form edits the stored draft, and the address can be shared.
            st.query_params[QUERY_KEY] = str(saved.id)
            state[MODE] = "edit"
            state.pop(PICK, None)
            # The message names the proposal: its title is the user's text.
            return Outcome(
                success=Message(N_("The proposal “{title}” is saved as a draft."), {"title": saved.title})
            )
        proposals.update_proposal(
            uow,
            proposal.id or 0,
            _input(proposal),
            expected_version=int(state[VERSION]),
            actor=current_actor(),
        )
    except FormInvalid as error:
        raise _in_form_order(error) from None  # the problems in the order of the fields on the screen
    return Outcome(success=Message(N_("Your changes are saved.")))


def save(proposal: Proposal | None) -> None:
    forget(START_OUTCOME)
    if attempt(OUTCOME, partial(_store, proposal)):
        st.session_state[LOADED] = None  # refill the form from what was stored


def reload() -> None:
    forget(OUTCOME, START_OUTCOME)
    st.session_state[LOADED] = None


def _open_scoring(proposal: Proposal) -> None:
    if unsaved(proposal):
        # Typed just before the click: the button was not disabled yet.
        raise DomainError(UNSAVED)
    proposals.open_scoring(unit_of_work(), proposal.id or 0, actor=current_actor())


def start_scoring(proposal: Proposal) -> None:
    forget(OUTCOME)
    if attempt(START_OUTCOME, partial(_open_scoring, proposal)):
        report(OUTCOME, Outcome(success=STARTED))
        st.session_state[LOADED] = None


def add_option() -> None:
    state = st.session_state
    count = int(state.get(COUNT, 1))
    state[option_key(count, "title")] = ""
    state[option_key(count, "description")] = ""
    state[OPTION_IDS] = [*state.get(OPTION_IDS, []), None][: count + 1]
    state[COUNT] = count + 1


def remove_option(index: int) -> None:
    state = st.session_state
    count = int(state.get(COUNT, 1))
    for later in range(index, count - 1):
        for part in ("title", "description"):
            state[option_key(later, part)] = state.get(option_key(later + 1, part), "")
    for part in ("title", "description"):
        state.pop(option_key(count - 1, part), None)
    ids = list(state.get(OPTION_IDS, []))
    if index < len(ids):
        del ids[index]
    state[OPTION_IDS] = ids
    state[COUNT] = max(1, count - 1)
