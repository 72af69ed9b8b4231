"""How much each rater will have to answer, shown while the leader chooses professions and panel.

A question asked per affected profession is asked once more for every option with each profession
chosen here, so the form a rater faces can grow with each choice; the leader should see that before
scoring starts.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from assessment import organisation
from assessment.kernel.lifecycle import OPTIONS_EDITABLE
from assessment.kernel.model import Proposal
from assessment.workload import SECONDS_PER_ANSWER, WORDS_PER_MINUTE, rater_workload
from ui.context import translator
from ui.tabs import proposal_fields as fields
from ui.tabs import proposal_form as form


def show(
    directory: organisation.Directory, rubrics: Sequence[organisation.RubricEntry], proposal: Proposal | None
) -> None:
    """The number of answers per rater and the time it takes, for the form as it stands now."""
    _ = translator()
    state = st.session_state
    chosen = {entry.ref: entry.rubric for entry in rubrics}.get(state.get(fields.FIELD["rubric"].key))
    if chosen is None:
        return
    wanted = set(fields.FIELD["professions"].read(state.get(fields.FIELD["professions"].key)))
    professions = [p for p in directory.professions if p.id in wanted]
    frozen = proposal is not None and proposal.status not in OPTIONS_EDITABLE
    options = len(proposal.options) if frozen and proposal else 1 + int(state.get(form.COUNT, 1))
    workload = rater_workload(chosen, options, professions)
    text = _(
        "Each rater will answer {answers} questions ({options} options, “Keep as is” included): "
        "about {minutes} minutes.",
        answers=workload.answers,
        options=options,
        minutes=workload.minutes,
    )
    if workload.per_profession:
        text += " " + _(
            "Each affected profession you add gives every rater {count} more.", count=workload.per_profession
        )
    if workload.leader_answers:
        text += " " + _.plural(
            "You answer {count} question about the proposal's readiness once, for the whole proposal.",
            "You answer {count} questions about the proposal's readiness once, for the whole proposal.",
            workload.leader_answers,
        )
    how = _(
        "Estimated for the scoring screen, which shows one question at a time for all options: each "
        "question, its help and the names of its levels read once, at {words} words a minute, and {seconds} "
        "seconds to choose each answer. The descriptions of the levels are a click away and not counted.",
        words=WORDS_PER_MINUTE,
        seconds=SECONDS_PER_ANSWER,
    )
    st.info(f"{text}\n\n{how}", icon=":material/timer:")
