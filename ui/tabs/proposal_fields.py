"""The proposal form's fields: :data:`FIELDS` is the one list of them, in the order of the form.

Filling, reading, comparing with what is stored, labelling a widget (a field saving refuses empty
is marked with *) and naming a field in a list of problems all go through it
(``ui/tabs/proposal_form.py``, ``ui/tabs/proposal_sections.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assessment.kernel.errors import N_
from assessment.kernel.model import ChangeType, Origin, Proposal

REQUIRED_MARK = " *"
OPTIONS = N_("Options")  # the options section, and what its problems are listed under

# The sections' anchors (their headings' ids), so the list of problems at the top can link to them.
THE_PROPOSAL = "the-proposal"
WHO_DECIDES = "who-decides"
BACKGROUND = "background"
OPTIONS_SECTION = "options"
WHO_SCORES = "who-scores"


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
