"""The proposal form's state: its fields, filling it from a proposal, reading it, and its buttons.

The form's fields live in ``st.session_state`` under ``proposal.*`` keys. They are filled from
the stored proposal when it is chosen (or emptied for a new one), together with the version
they were loaded from; saving passes that version on, so an edit made on top of someone
else's newer save is refused instead of overwriting it. Buttons work through callbacks, which
run before the widgets are drawn and so may refill the form after a save.

:data:`FIELDS` is the one list of the form's fields: filling, reading, comparing with what is
stored and naming a field in a list of problems all go through it. The alternatives (options
besides "keep as is") are a list of rows of their own, handled at the end of this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import streamlit as st

from assessment import proposals
from assessment.kernel.errors import N_, DomainError, FormInvalid, Message
from assessment.kernel.lifecycle import OPTIONS_EDITABLE
from assessment.kernel.model import ChangeType, Origin, Proposal, RubricRef
from ui.context import current_actor, unit_of_work
from ui.outcome import Outcome, attempt, forget, pending, report
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

OPTIONS = N_("Options")  # the options section, and what its problems are listed under

# The sections' anchors (their headings' ids), so the list of problems at the top can link to them.
THE_PROPOSAL = "the-proposal"
WHO_DECIDES = "who-decides"
BACKGROUND = "background"
OPTIONS_SECTION = "options"
WHO_SCORES = "who-scores"
STARTED = Message(N_("Blind scoring has started. The raters on the panel can now score the proposal."))
UNSAVED = N_("You have unsaved changes. Save them first: scoring starts from the saved proposal.")


def _text(value: Any) -> str:
    return str(value or "")


def _same(value: Any) -> Any:
    return value


def _ids(value: Any) -> list[int]:
    return list(value or [])


def _unit_id(value: Any) -> Any:
    return 0 if value is None else value


@dataclass(frozen=True)
class Field:
    """One field of the form: its widget, its place in ``ProposalInput`` and in the use case's problems."""

    name: str  # the widget's key is "proposal.<name>"
    label: str  # the widget's label (a message id)
    attribute: str = ""  # the ProposalInput (and Proposal) attribute it fills, if not ``name``
    problem: str = ""  # the name the use case reports its problems under (FormInvalid), if not ``attribute``
    problem_label: str = ""  # how its problems are listed, if not under its label
    new: Callable[[], Any] = str  # its value in the form of a new proposal
    read: Callable[[Any], Any] = _text  # from the widget's value to ProposalInput's
    stored_value: Callable[[Proposal], Any] | None = None  # from a stored proposal, if not its attribute
    required: bool = False  # saving refuses it empty: its label is marked with *
    section: str = ""  # the anchor of the section it is drawn in, for the list of problems at the top

    @property
    def key(self) -> str:
        return f"proposal.{self.name}"

    @property
    def input_name(self) -> str:
        return self.attribute or self.name

    @property
    def problem_name(self) -> str:
        return self.problem or self.input_name

    def stored(self, proposal: Proposal) -> Any:
        """The field's value in the form for a stored proposal."""
        if self.stored_value is not None:
            return self.stored_value(proposal)
        return getattr(proposal, self.input_name)


FIELDS: tuple[Field, ...] = (
    Field("title", N_("Title"), required=True, section=THE_PROPOSAL),
    Field("description", N_("What is proposed, and why"), required=True, section=THE_PROPOSAL),
    Field(
        "unit",
        N_("Unit"),
        attribute="unit_id",
        new=lambda: None,
        read=_unit_id,
        required=True,
        section=THE_PROPOSAL,
    ),
    Field(
        "change_type",
        N_("Type of change"),
        new=lambda: ChangeType.ORGANISATIONAL,
        read=_same,
        section=THE_PROPOSAL,
    ),
    Field(
        "origin",
        N_("Where the proposal comes from"),
        new=lambda: Origin.OWN_INITIATIVE,
        read=_same,
        section=THE_PROPOSAL,
    ),
    Field("management_level", N_("Owning management level"), required=True, section=WHO_DECIDES),
    # Only without committees in the organisation.
    Field("med_committee", N_("MED committee"), required=True, section=WHO_DECIDES),
    Field(
        "committee",
        N_("MED committee to be involved"),
        "med_committee_id",
        new=lambda: None,
        read=_same,
        required=True,
        section=WHO_DECIDES,
    ),
    Field("context", N_("Context and background"), section=BACKGROUND),
    Field("consulted", N_("Who is consulted"), section=BACKGROUND),
    Field("informed", N_("Who is informed"), section=BACKGROUND),
    Field(
        "baseline",
        N_("What keeping things as they are means here (optional)"),
        attribute="baseline_description",
        problem="options",  # the use case checks it with the alternatives
        problem_label=OPTIONS,
        stored_value=lambda p: p.baseline.description,
        section=OPTIONS_SECTION,
    ),
    Field(
        "professions",
        N_("Affected professions"),
        attribute="affected_profession_ids",
        problem="affected_professions",
        new=list,
        read=_ids,
        stored_value=lambda p: list(p.affected_profession_ids),
        section=WHO_SCORES,
    ),
    Field(
        "panel",
        N_("Panel of raters"),
        attribute="panel_person_ids",
        problem="panel",
        new=list,
        read=_ids,
        stored_value=lambda p: [member.person_id for member in p.panel],
        section=WHO_SCORES,
    ),
    Field("rubric", N_("Rubric"), new=lambda: None, read=_same, section=WHO_SCORES),
    Field(
        "show_names",
        N_("Show the raters' names in the discussion"),
        "show_rater_names",
        new=bool,
        read=bool,
        section=WHO_SCORES,
    ),
)
FIELD = {field.name: field for field in FIELDS}


def field_labels(translate: Callable[[str], str]) -> dict[str, str]:
    """Each problem's field name, as a list of problems shows it, in the order of the form."""
    return {field.problem_name: translate(field.problem_label or field.label) for field in FIELDS}


def option_key(index: int, part: str) -> str:
    """The widget key of one alternative's title or description."""
    return f"proposal.option.{index}.{part}"


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
