"""Forslag, "Økonomi og konsekvenser": the case number, the economy, the consequences for staff and the
work environment, and the timetable, as a decision paper states them. Every field is optional.

Kept up by the proposal's leaders until the decision, with its own save; everyone else reads it.
"""

from __future__ import annotations

import streamlit as st

from assessment import proposal_plan
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.errors import N_, Message
from assessment.kernel.model import Proposal
from assessment.proposal_plan import PLAN_FIELDS, TEXT_FIELDS, PlanInput, PlanView
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt_and_rerun, show_outcome
from ui.widgets import plain

OUTCOME = "proposal.plan.outcome"
PREFIX = "proposal.plan."

# The groups a decision paper has, each with its fields.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Economy"), ("cost", "funding")),
    (N_("Consequences for staff"), ("staff_hours", "staff_tasks", "staff_skills", "staff_agreements")),
    (N_("Work environment"), ("work_environment", "apv_agreed_on")),
    (N_("Timetable"), ("timetable",)),
)
HELP: dict[str, str] = {
    "case_number": N_(
        "The number of the case in the municipality's records system (ESDH), e.g. 27.00.00-A00-12-26."
    ),
    "cost": N_("What it costs or saves, once and each year, e.g. 80,000 kr. for training in 2027."),
    "funding": N_("Where the money comes from, e.g. the unit's own budget or a pool."),
    "staff_hours": N_("Changes to working hours, shifts and rotas."),
    "staff_tasks": N_("Tasks that move from one profession to another."),
    "staff_skills": N_("Training or new skills the change needs."),
    "staff_agreements": N_(
        "What the union representative says, and local agreements or collective agreements affected."
    ),
    "work_environment": N_("The result of the APV or work-environment assessment of the change."),
    "timetable": N_("When what happens: start, milestones, evaluation."),
}


def _key(name: str, proposal_id: int) -> str:
    return f"{PREFIX}{proposal_id}.{name}"


def _save(view: PlanView) -> Outcome:
    state = st.session_state
    values = {name: state.get(_key(name, view.proposal_id)) for name in PLAN_FIELDS}
    proposal_plan.save_plan(
        unit_of_work(),
        view.proposal_id,
        PlanInput(
            case_number=values["case_number"] or "",
            apv_agreed_on=values["apv_agreed_on"],
            **{name: values[name] or "" for name in TEXT_FIELDS},
        ),
        expected_version=view.plan.version,
        actor=current_actor(),
    )
    for name in PLAN_FIELDS:
        state.pop(_key(name, view.proposal_id), None)  # the next run shows what was stored
    return Outcome(success=Message(N_("The economy and consequences are saved.")), icon=":material/check:")


def _read_only(view: PlanView) -> None:
    _ = translator()
    plan = view.plan
    shown = False
    for name, label in PLAN_FIELDS.items():
        value = getattr(plan, name)
        if not value:
            continue
        shown = True
        text = _.date(value) if name == "apv_agreed_on" else str(value)
        st.markdown(f"**{plain(_(label))}**")
        st.text(text)
    if not shown:
        st.caption(_("Nothing has been described yet."))


def _editor(view: PlanView) -> None:
    _ = translator()
    plan = view.plan
    labels = {name: _(label) for name, label in PLAN_FIELDS.items()}
    with st.form(f"proposal.plan.form.{view.proposal_id}", border=True):
        st.text_input(
            labels["case_number"],
            value=plan.case_number,
            help=_(HELP["case_number"]),
            key=_key("case_number", view.proposal_id),
        )
        for group, names in GROUPS:
            st.markdown("**" + _(group) + "**")
            for name in names:
                if name == "apv_agreed_on":
                    st.date_input(
                        labels[name],
                        value=plan.apv_agreed_on,
                        max_value=today_in_denmark(),
                        format="DD.MM.YYYY" if _.language == "da" else "YYYY-MM-DD",
                        key=_key(name, view.proposal_id),
                    )
                else:
                    st.text_area(
                        labels[name],
                        value=getattr(plan, name),
                        help=_(HELP[name]),
                        height=80,
                        key=_key(name, view.proposal_id),
                    )
        if st.form_submit_button(_("Save the economy and consequences"), icon=":material/save:"):
            attempt_and_rerun(OUTCOME, lambda: _save(view), labels)


def show(proposal: Proposal | None, *, editable: bool = True) -> None:
    """The plan of the proposal in hand; for a proposal not saved yet, a line on when it comes.

    ``editable`` False shows it read-only even to who may edit it (a decided proposal's record).
    """
    _ = translator()
    st.header(_("Economy and consequences"), anchor=False)
    if proposal is None or proposal.id is None:
        st.caption(_("The economy and consequences can be described once the proposal has been saved."))
        return
    view = proposal_plan.proposal_plan(unit_of_work(), proposal.id, actor=current_actor())
    st.caption(
        _(
            "What the decision paper says about money, staff, the work environment and the timetable. "
            "Every field is optional; the summary says so where nothing is described."
        )
    )
    if view.updated_by and view.plan.updated_at is not None:
        st.caption(
            _(
                "Last saved by {name}, {time}",
                name=plain(view.updated_by),
                time=_.datetime(view.plan.updated_at),
            )
        )
    show_outcome(OUTCOME)
    if editable and view.can_edit:
        _editor(view)
    else:
        _read_only(view)
