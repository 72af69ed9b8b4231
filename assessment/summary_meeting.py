"""The sections a MED committee reads first: the decision, the dissent, the follow-up, the MED steps
and consultations, and the plan (economy, staff, work environment, timetable, communication).

Minutes and decision papers (beslutningsreferat, indstilling) put the decision and who is
responsible first; the background and the panel's scores follow. People who acted in an office –
who decided, who carries the decision out, who follows it up – are named, as minutes name them;
raters never are here.

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

from dataclasses import replace

from assessment.decision import OutcomeRow, compare_outcomes
from assessment.discussion_views import option_views
from assessment.follow_up_profile import READING, SAME_QUESTIONS, dimension_outcomes
from assessment.kernel import lifecycle
from assessment.kernel.clock import danish_date
from assessment.kernel.errors import N_
from assessment.med_process import MED_STEP_LABELS
from assessment.outcome_rules import VERDICT_LABELS, indicator_views
from assessment.proposal_plan import PLAN_FIELDS
from assessment.summary_model import (
    ConsultationItem,
    DecisionSection,
    DissentSection,
    Fact,
    FactGroup,
    FollowUpSection,
    MedProcessSection,
    MedStepItem,
    PlanSection,
)
from assessment.summary_writer import SummaryWriter

__all__ = [
    "decision_section",
    "dissent_section",
    "follow_up_section",
    "med_process_section",
    "plan_section",
    "reference_line",
]

# The plan's groups in the order a decision paper has them; communication comes from the decision.
TIMETABLE = N_("Timetable and communication")
PLAN_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Economy"), ("cost", "funding")),
    (N_("Consequences for staff"), ("staff_hours", "staff_tasks", "staff_skills", "staff_agreements")),
    (N_("Work environment"), ("work_environment", "apv_agreed_on")),
    (TIMETABLE, ("timetable",)),
)


def _official(writer: SummaryWriter, person_id: int | None) -> str:
    _ = writer.translator
    if person_id is None:
        return _("Not named")
    return writer.reading.officials.get(person_id) or _("Not named")


def reference_line(writer: SummaryWriter) -> str:
    """The line under the title: the unit, the case number in the records system, the status."""
    _ = writer.translator
    parts = []
    if writer.reading.chain:
        parts.append(writer.reading.chain[0][0].name)
    plan = writer.reading.plan
    if plan is not None and plan.case_number:
        parts.append(_("Case no. {number}", number=plan.case_number))
    parts.append(_(lifecycle.STATUS_LABELS[writer.proposal.status]).capitalize())
    return " · ".join(parts)


def decision_section(writer: SummaryWriter) -> DecisionSection:
    _ = writer.translator
    decision = writer.reading.decision
    heading = _("The decision")
    if decision is None:
        return DecisionSection(
            heading,
            False,
            (),
            "",
            "",
            "",
            "",
            _(
                "No decision has been recorded yet. This summary describes the proposal, its options and "
                "the discussion so far."
            ),
        )
    meeting = [_.date(decision.meeting_date) if decision.meeting_date else "", decision.agenda_item]
    facts = [
        Fact(_("Chosen option"), writer.option_title(decision.chosen_option_id)),
        Fact(
            _("Decided"),
            _(
                "{date} by {name}",
                date=_.date(danish_date(decision.decided_at)),
                name=_official(writer, decision.decided_by),
            ),
        ),
        Fact(_("The meeting"), " · ".join(part for part in meeting if part) or _("Not recorded")),
    ]
    if decision.participants.strip():
        facts.append(Fact(_("Who took part"), decision.participants))
    facts.append(
        Fact(_("Responsible for carrying it out"), _official(writer, decision.implementation_responsible_id))
    )
    return DecisionSection(
        heading=heading,
        decided=True,
        facts=tuple(facts),
        justification=decision.justification,
        med_statement=decision.med_statement,
        employee_remarks=decision.employee_remarks or _("The employee side made no remarks of its own."),
        conditions=decision.conditions or _("No conditions were recorded."),
        pending="",
    )


def dissent_section(writer: SummaryWriter) -> DissentSection:
    _ = writer.translator
    decision = writer.reading.decision
    heading = _("Dissent")
    if decision is None:
        return DissentSection(
            heading,
            False,
            _("No decision has been recorded yet, so no dissent has been recorded either."),
        )
    if decision.dissent.strip():
        return DissentSection(heading, True, decision.dissent)
    return DissentSection(heading, False, _("No dissent was recorded."))


def follow_up_section(writer: SummaryWriter) -> FollowUpSection:
    _ = writer.translator
    decision = writer.reading.decision
    heading = _("Follow-up")
    if decision is None:
        text = _("A follow-up date and indicators are set when the decision is recorded.")
        return FollowUpSection(heading, (Fact(_("Follow-up"), text),))
    # The outcome indicators are told once, as ``indicators``: the documents show them as a table and a
    # chart each, the workbook as a sheet of their own; the facts hold what the decision wrote.
    facts: tuple[Fact, ...] = (
        Fact(_("Follow-up date"), _.date(decision.follow_up_date)),
        Fact(_("Responsible for the follow-up"), _official(writer, decision.follow_up_responsible_id)),
        Fact(_("Indicators"), decision.indicators),
    )
    conclusion = writer.reading.conclusion
    if conclusion is not None:
        verdict = _(VERDICT_LABELS[conclusion.verdict])
        facts += (
            Fact(
                _("Conclusion of the follow-up"),
                _(
                    "{verdict} ({date}, {name}): {reasons}",
                    verdict=verdict,
                    date=_.date(danish_date(conclusion.concluded_at)),
                    name=_official(writer, conclusion.concluded_by),
                    reasons=conclusion.reasons,
                ),
            ),
        )
    # Notes may name people; the charts need only the values, and a summary is circulated.
    measurements = [replace(m, note="") for m in writer.reading.measurements]
    indicators = indicator_views(writer.reading.indicators, measurements)
    dimensions = dimension_outcomes(writer.comparison, decision.chosen_option_id, _)
    if not dimensions:  # the follow-up has not started: there are no follow-up scores to show
        return FollowUpSection(heading, facts, indicators)
    criteria = _criterion_outcomes(writer, decision.chosen_option_id)
    scores = sum(row.follow_up_scores for row in criteria)
    note = _(READING) + " " + _(SAME_QUESTIONS)
    count = (
        _.plural("{count} follow-up score so far.", "{count} follow-up scores so far.", scores)
        if scores
        else _("No follow-up scores yet.")
    )
    return FollowUpSection(heading, facts, indicators, dimensions, criteria, f"{note} {count}")


def _criterion_outcomes(writer: SummaryWriter, option_id: int) -> tuple[OutcomeRow, ...]:
    """The chosen option's criteria, expected against actual, as on the Beslutning screen."""
    _ = writer.translator
    comparison = writer.comparison
    follow_up = comparison.results.follow_up if comparison.results is not None else {}
    rows = compare_outcomes(
        comparison.rubric,
        option_views(comparison.proposal, _.gettext),
        comparison.tallies,
        follow_up,
        profession_names=comparison.profession_names,
        language=_.language,
        translate=_.gettext,
    )
    return tuple(row for row in rows if row.option_id == option_id)


def med_process_section(writer: SummaryWriter) -> MedProcessSection:
    _ = writer.translator
    reading = writer.reading
    steps = tuple(
        MedStepItem(
            step=_(MED_STEP_LABELS[step.kind]),
            held_on=_.date(step.held_on),
            committee=reading.committee_names.get(step.committee_id, "") if step.committee_id else "",
            agenda_item=step.agenda_item,
            note=step.note,
            employee_remarks=step.employee_remarks,
        )
        for step in reading.med_steps
    )
    committees = {step.committee for step in steps}
    where = ""
    if len(committees) == 1 and "" not in committees:  # the usual case: one committee, said once
        where = _("Treated in {committee}.", committee=committees.pop())
        steps = tuple(replace(step, committee="") for step in steps)
    taken = {step.kind for step in reading.med_steps}
    missing = [_(label) for kind, label in MED_STEP_LABELS.items() if kind not in taken]
    missing_text = (
        _("Not recorded: {steps}.", steps=", ".join(label.lower() for label in missing)) if missing else ""
    )

    def day(value: object) -> str:
        return _.date(value) if value is not None else "–"  # type: ignore[arg-type]

    consultations = tuple(
        ConsultationItem(
            body=item.body,
            sent_on=day(item.sent_on),
            deadline=day(item.deadline),
            answered_on=day(item.answered_on) if item.answered_on else _("Not answered yet"),
            answer=item.answer,
        )
        for item in reading.consultations
    )
    return MedProcessSection(
        heading=_("The MED process and consultation"),
        where=where,
        steps=steps,
        steps_none=_("No MED steps were recorded."),
        missing=missing_text,
        consultations_heading=_("Consultation"),
        consultations=consultations,
        consultations_none=_("No consultation was recorded."),
    )


def plan_section(writer: SummaryWriter) -> PlanSection:
    _ = writer.translator
    plan = writer.reading.plan
    decision = writer.reading.decision
    not_described = _("Not described")
    groups = []
    for heading, names in PLAN_GROUPS:
        facts = []
        for name in names:
            value = getattr(plan, name) if plan is not None else None
            if name == "apv_agreed_on":
                if value is None:
                    continue  # the date is told only when there is one; the APV text says the rest
                text = _.date(value)
            else:
                text = str(value or "").strip() or not_described
            facts.append(Fact(_(PLAN_FIELDS[name]), text))
        if heading == TIMETABLE:
            communication = decision.communication.strip() if decision is not None else ""
            facts.append(Fact(_("Communication"), communication or not_described))
        groups.append(FactGroup(_(heading), tuple(facts)))
    return PlanSection(_("Economy, staff and work environment"), tuple(groups))
