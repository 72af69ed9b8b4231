"""The audit trail in words an administrator reads: what was done, and what changed, in their language.

Entries are stored as codes (``score.round1``, ``{"cell": "16/apv/"}``), which stay stable whatever
the wording; this module says them: »Vurdering givet, runde 1 (blind)«, »Celle: handlemulighed 16 ·
spørgsmålet apv«. A code without a label is shown as it is, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.kernel.lifecycle import STATUS_LABELS
from assessment.kernel.model import AuditEvent, Status

__all__ = ["ACTION_LABELS", "DENIED_LABELS", "FIELD_LABELS", "action_label", "describe_change"]

DENIED = "denied:"

ACTION_LABELS: Mapping[str, str] = {
    "proposal.register": N_("Proposal registered"),
    "proposal.update": N_("Proposal edited"),
    "proposal.move": N_("Proposal moved on to a new status"),
    "score.round1": N_("Score given, round 1 (blind)"),
    "score.round2": N_("Score given, round 2 (after the reveal)"),
    "score.round3": N_("Score given at the follow-up"),
    "dilemma.record": N_("Dilemma recorded"),
    "dilemma.status": N_("Dilemma's status changed"),
    "discussion_note.record": N_("Comment on the discussion saved"),
    "decision.record": N_("Decision recorded"),
    "core_task.record": N_("New version of the core task"),
    "core_task_draft.open": N_("Draft of the core task opened"),
    "core_task_draft.save": N_("Draft of the core task saved"),
    "core_task_draft.adopt": N_("Draft adopted as the core task"),
    "core_task_draft.discard": N_("Draft of the core task discarded"),
    "unit.register": N_("Unit added"),
    "unit.rename": N_("Unit renamed"),
    "unit.move": N_("Unit moved"),
    "unit.merge": N_("Unit merged into another"),
    "unit.close": N_("Unit closed"),
    "med_committee.register": N_("MED committee added"),
    "med_committee.rename": N_("MED committee renamed"),
    "med_committee.move": N_("MED committee moved"),
    "med_committee.merge": N_("MED committee merged into another"),
    "med_committee.close": N_("MED committee closed"),
    "med_committee.member_add": N_("Member added to a MED committee"),
    "med_committee.member_remove": N_("Member left a MED committee"),
    "med_step.add": N_("MED step recorded"),
    "med_step.remove": N_("MED step removed"),
    "consultation.add": N_("Consultation recorded"),
    "consultation.update": N_("Consultation updated"),
    "consultation.remove": N_("Consultation removed"),
    "plan.save": N_("Economy and consequences saved"),
    "readiness.record": N_("Readiness checklist saved"),
    "evidence.add": N_("Citizen evidence recorded"),
    "evidence.remove": N_("Citizen evidence removed"),
    "outcome.indicators": N_("Outcome indicators saved"),
    "outcome.measure": N_("Indicator measured"),
    "outcome.conclude": N_("Follow-up concluded"),
    "profession.register": N_("Profession added"),
    "person.register": N_("Person added"),
    "person.pseudonymise": N_("Person pseudonymised"),
    "membership.grant": N_("Role granted"),
    "membership.revoke": N_("Role removed"),
    "rubric.register": N_("Rubric stored"),
    "personal_data.export": N_("Personal data exported"),
    "summary.export": N_("Decision summary exported"),
    "session.sign_out": N_("Signed out"),
}

# A refused attempt names what the permission check was asked (assessment/kernel/permissions.Action).
DENIED_LABELS: Mapping[str, str] = {
    "organisation.view": N_("see the organisation"),
    "core_task.edit": N_("edit a core task"),
    "organisation.manage": N_("manage the organisation"),
    "rubric.manage": N_("manage rubrics"),
    "audit.read": N_("read the change log"),
    "personal_data.manage": N_("manage personal data"),
    "proposal.view": N_("see a proposal"),
    "proposal.create": N_("register a proposal"),
    "proposal.edit": N_("edit a proposal"),
    "proposal.prepare_decision": N_("prepare a decision"),
    "proposal.open_scoring": N_("start blind scoring"),
    "proposal.reveal": N_("reveal the scores"),
    "proposal.start_follow_up": N_("start the follow-up"),
    "proposal.close": N_("close a proposal"),
    "score.record": N_("score"),
    "results.view": N_("see the results"),
    "discussion.write": N_("write in the discussion"),
    "decision.record": N_("record a decision"),
    "summary.export": N_("export a summary"),
    "outcome.record": N_("record the follow-up"),
    "portfolio.view": N_("see the portfolio"),
}

FIELD_LABELS: Mapping[str, str] = {
    "status": N_("Status"),
    "title": N_("Title"),
    "name": N_("Name"),
    "version": N_("Version"),
    "cell": N_("Cell"),
    "show_rater_names": N_("Raters' names shown"),
    "unit_id": N_("Unit"),
    "parent_id": N_("Part of"),
    "closed_at": N_("Closed"),
    "merged_into_id": N_("Merged into"),
    "role": N_("Role"),
    "person_id": N_("Person"),
    "committee_id": N_("MED committee"),
    "dilemma": N_("Dilemma"),
    "evidence": N_("Evidence"),
    "kind": N_("Kind"),
    "levels": N_("Answers"),
    "notes_changed": N_("Notes changed"),
    "consultation": N_("Consultation"),
    "body": N_("Consulted body"),
    "sent": N_("Sent"),
    "deadline": N_("Deadline"),
    "answered": N_("Answered"),
    "answered_on": N_("Answered on"),
    "held_on": N_("Held on"),
    "agenda_item": N_("Agenda item"),
    "case_number": N_("Case number"),
    "cost": N_("Cost or saving"),
    "funding": N_("Funding"),
    "chosen_option_id": N_("Chosen option"),
    "follow_up_date": N_("Follow-up date"),
    "rubric_id": N_("Rubric"),
    "email": N_("E-mail"),
    "profession_id": N_("Profession"),
}

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CELL = re.compile(r"^(\d+)/([^/]+)/(.*)$")


def action_label(action: str, _: Translator) -> str:
    """What was done, in the reader's language; a refused attempt as »Afvist: se et forslag«."""
    if action.startswith(DENIED):
        attempted = action.removeprefix(DENIED)
        wanted = DENIED_LABELS.get(attempted)
        return _("Refused: {what}", what=_(wanted) if wanted else attempted)
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


def _value(key: str, value: object, _: Translator) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key == "status" and isinstance(value, str) and value in Status.__members__.values():
        return _(STATUS_LABELS[Status(value)])
    if key == "cell" and isinstance(value, str) and (cell := _CELL.match(value)):
        option, question, facet = cell.groups()
        if facet:
            return _(
                "option {option} · question {question} · {facet}",
                option=option,
                question=question,
                facet=facet,
            )
        return _("option {option} · question {question}", option=option, question=question)
    if isinstance(value, str) and _ISO_DAY.match(value):
        return _.date(date.fromisoformat(value))
    if isinstance(value, list):
        return ", ".join(_value(key, item, _) for item in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{name}: {_value(name, item, _)}" for name, item in value.items()) or "–"
    if isinstance(value, float):
        return _.number(value, 2)
    return str(value)


def _field(key: str, _: Translator) -> str:
    label = FIELD_LABELS.get(key)
    return _(label) if label else key


def describe_change(event: AuditEvent, _: Translator) -> str:
    """Before and after as lines of »Felt: før → efter« (or »Felt: værdi« when only one side is
    recorded), fields in a stable order, values in the reader's conventions."""
    before, after = event.before or {}, event.after or {}
    lines = []
    for key in sorted({*before, *after}):
        if key in before and key in after:
            if before[key] == after[key]:
                continue
            lines.append(f"{_field(key, _)}: {_value(key, before[key], _)} → {_value(key, after[key], _)}")
        else:
            side = after if key in after else before
            lines.append(f"{_field(key, _)}: {_value(key, side[key], _)}")
    return "; ".join(lines)
