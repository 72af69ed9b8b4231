"""How much each rater will have to answer, shown while the leader chooses professions and panel.

Every affected profession adds the profession questions once more for every option, so the form a
rater faces grows with each choice here; the leader should see that before scoring starts.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from assessment import organisation
from assessment.kernel.lifecycle import OPTIONS_EDITABLE
from assessment.kernel.model import Proposal
from assessment.scoring_sheet import SECONDS_PER_ANSWER, WORDS_PER_MINUTE, rater_workload
from ui.context import translator
from ui.tabs import proposal_form as form


def show(
    directory: organisation.Directory, rubrics: Sequence[organisation.RubricEntry], proposal: Proposal | None
) -> None:
    """The number of answers per rater and the time it takes, for the form as it stands now."""
    _ = translator()
    state = st.session_state
    chosen = {entry.ref: entry.rubric for entry in rubrics}.get(state.get(form.FIELD["rubric"].key))
    if chosen is None:
        return
    wanted = set(form.FIELD["professions"].read(state.get(form.FIELD["professions"].key)))
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
    how = _(
        "Estimated from the words of the questions and their level descriptions, read at {words} words a "
        "minute, and {seconds} seconds to choose each answer.",
        words=WORDS_PER_MINUTE,
        seconds=SECONDS_PER_ANSWER,
    )
    st.info(f"{text}\n\n{how}", icon=":material/timer:")
