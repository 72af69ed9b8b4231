"""The form that records a decision: the choice and its reasons, the meeting, the MED committee's
statement and the employee side's remarks, who carries it out and who follows it up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import streamlit as st

from assessment import decision
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.errors import N_, Message
from assessment.kernel.repository import UnitOfWork
from ui.context import current_actor, translator
from ui.outcome import Outcome, attempt_and_rerun

FOLLOW_UP_AFTER = timedelta(days=182)  # the form suggests a follow-up about half a year later


def record_decision_form(uow: UnitOfWork, view: decision.DecisionView, outcome_key: str) -> None:
    _ = translator()
    today = today_in_denmark()
    options = {option.id: option.title for option in view.options}
    people = {person.id: person.name for person in view.candidates if person.id is not None}
    date_format = "DD.MM.YYYY" if _.language == "da" else "YYYY-MM-DD"
    person_choice: dict[str, Any] = {
        "options": list(people),
        "index": None,
        "format_func": people.__getitem__,
        "placeholder": _("Choose a person"),
    }
    labels = {
        "chosen_option_id": _("Chosen option"),
        "justification": _("Justification"),
        "meeting_date": _("Date of the meeting"),
        "agenda_item": _("Agenda item"),
        "participants": _("Who took part in the decision"),
        "med_statement": _("The MED committee's statement"),
        "employee_remarks": _("The employee side's remarks"),
        "dissent": _("Dissent"),
        "conditions": _("Conditions"),
        "implementation_responsible_id": _("Responsible for carrying it out"),
        "follow_up_responsible_id": _("Responsible for the follow-up"),
        "communication": _("Communication"),
        "follow_up_date": _("Follow-up date"),
        "indicators": _("Indicators for the follow-up"),
    }
    with st.form("decision.form"):
        st.header(_("Record the decision"), anchor=False)
        st.caption(_("Fields marked * must be filled in; the others are optional."))
        chosen = st.selectbox(
            labels["chosen_option_id"] + " *",
            list(options),
            index=None,
            format_func=options.__getitem__,
            placeholder=_("Choose the option that was decided"),
            key="decision.option",
        )
        justification = st.text_area(
            labels["justification"] + " *",
            help=_(
                "Why this option: what it does for the core task, and how the scores and the discussion weighed."
            ),
            key="decision.justification",
        )
        st.markdown("**" + _("The meeting") + "**")
        left, middle = st.columns([1, 2])
        meeting_date = left.date_input(
            labels["meeting_date"],
            value=None,
            max_value=today,
            format=date_format,
            key="decision.meeting_date",
        )
        agenda_item = middle.text_input(
            labels["agenda_item"],
            placeholder=_("e.g. item 4"),
            key="decision.agenda_item",
        )
        participants = st.text_area(
            labels["participants"],
            help=_("The names and roles of those present, as in the minutes."),
            height=80,
            key="decision.participants",
        )
        med_statement = st.text_area(
            labels["med_statement"] + " *",
            help=_("What the MED committee says about the decision, as agreed in the meeting."),
            key="decision.med_statement",
        )
        employee_remarks = st.text_area(
            labels["employee_remarks"],
            help=_("The remarks of the employee side of the MED committee, in its own words."),
            key="decision.employee_remarks",
        )
        dissent = st.text_area(
            labels["dissent"],
            help=_("The minority's view in its own words."),
            key="decision.dissent",
        )
        st.caption(
            _(
                "Write any dissent (minority views) here. Leave the field empty only if there is none: the "
                "summary will then say “No dissent was recorded”."
            )
        )
        conditions = st.text_area(
            labels["conditions"],
            help=_("What must hold for the decision, e.g. resources, training or an APV revision."),
            key="decision.conditions",
        )
        st.markdown("**" + _("Carrying it out") + "**")
        left, right = st.columns(2)
        implementer = left.selectbox(
            labels["implementation_responsible_id"],
            **person_choice,
            key="decision.implementation_responsible",
        )
        follower = right.selectbox(
            labels["follow_up_responsible_id"], **person_choice, key="decision.follow_up_responsible"
        )
        communication = st.text_area(
            labels["communication"],
            help=_("Who is told about the decision, how and when: staff, citizens, relatives, partners."),
            height=80,
            key="decision.communication",
        )
        left, right = st.columns([1, 2])
        follow_up_date = left.date_input(
            labels["follow_up_date"] + " *",
            value=today + FOLLOW_UP_AFTER,
            min_value=today + timedelta(days=1),
            format=date_format,
            help=_("On this date the panel scores what actually happened, on the same rubric."),
            key="decision.follow_up_date",
        )
        indicators = right.text_area(
            labels["indicators"] + " *",
            help=_("What will show whether it worked – effects for citizens, not only activities."),
            height=100,
            key="decision.indicators",
        )
        st.warning(
            _(
                "Recording the decision locks the scores: nobody can change a score after this, and the "
                "proposal moves to “decided”."
            ),
            icon=":material/lock:",
        )
        if st.form_submit_button(_("Record the decision"), type="primary", key="decision.submit"):

            def record() -> Outcome:
                decision.record_decision(
                    uow,
                    view.proposal_id,
                    decision.DecisionInput(
                        chosen_option_id=chosen,
                        justification=justification,
                        med_statement=med_statement,
                        dissent=dissent,
                        conditions=conditions,
                        follow_up_date=follow_up_date,
                        indicators=indicators,
                        meeting_date=meeting_date,
                        agenda_item=agenda_item,
                        participants=participants,
                        employee_remarks=employee_remarks,
                        communication=communication,
                        implementation_responsible_id=implementer,
                        follow_up_responsible_id=follower,
                    ),
                    actor=current_actor(),
                )
                return Outcome(
                    success=Message(N_("The decision is recorded, and the scores are locked.")),
                    icon=":material/check:",
                )

            attempt_and_rerun(outcome_key, record, labels)
