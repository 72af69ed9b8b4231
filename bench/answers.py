"""What a rater must answer: answers per rater, the leader's answers and the estimated time, per rubric.

    .venv/bin/python -m bench.answers

The case is the one new users tried (issue 13): 3 options besides "keep as is", 5 affected
professions, and a rater whose profession is one of them. The numbers are the ones the proposal
form shows the leader (:func:`assessment.workload.rater_workload`), counted question by question
as the scoring screen asks them (:func:`assessment.kernel.scoring.questions_for`): "keep as is" is
asked only what its baseline rule asks, a question on the rater's own profession once, and what is
answered once per proposal (readiness) goes to the leader, not the raters.

The time is estimated for the scoring screen, which shows one question at a time for all options:
each question's text, its help and the names of its scale's levels are read once (not once per
option) at WORDS_PER_MINUTE, and each answer takes SECONDS_PER_ANSWER to choose. The level
descriptions are one click away and not counted; how long it takes if a rater reads every one of
them once is printed beside it, as the upper end. The target (at most 50 answers, under 15
minutes) is issue 13's. The shipped rubrics are printed, and the format-1 versions they replaced
(kept for the hash tests) for comparison.
"""

from __future__ import annotations

import math
from pathlib import Path

from assessment.kernel.model import Profession
from assessment.kernel.rubric_loading import load_rubric
from assessment.workload import SECONDS_PER_ANSWER, WORDS_PER_MINUTE, rater_workload

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = ROOT / "rubrics"
EARLIER = ROOT / "tests" / "assessment" / "kernel" / "data"
OPTIONS = 4  # three alternatives and "keep as is"
PROFESSIONS = [Profession(name=f"Faggruppe {n}", key=f"fag{n}", id=n) for n in range(1, 6)]
TARGET_ANSWERS = 50
TARGET_MINUTES = 15


def main() -> None:
    print(
        f"Answers per rater: {OPTIONS} options (keep as is included), {len(PROFESSIONS)} affected "
        "professions, the rater's own among them"
    )
    print(
        "Time: one question at a time across all options; question, help and level names read once per "
        f"question at {WORDS_PER_MINUTE} words/min, {SECONDS_PER_ANSWER} s per answer; level descriptions "
        "are a click away and not counted"
    )
    paths = sorted(RUBRICS.glob("*.toml")) + sorted(EARLIER.glob("*-1.1.toml"))
    for path in paths:
        rubric = load_rubric(path)
        workload = rater_workload(rubric, OPTIONS, PROFESSIONS)
        verdict = (
            "within" if workload.answers <= TARGET_ANSWERS and workload.minutes < TARGET_MINUTES else "over"
        )
        descriptions = sum(
            len(text.da.split())
            for criterion in rubric.option_criteria
            for text in criterion.descriptors.values()
        )
        every_description = workload.minutes + math.ceil(descriptions / WORDS_PER_MINUTE)
        print(
            f"  {rubric.id} {rubric.version} (format {rubric.schema_version}): {workload.answers} answers "
            f"per rater, about {workload.minutes} min (about {every_description} min if every level "
            f"description is read once); +{workload.per_profession} per further profession; "
            f"leader answers {workload.leader_answers} once per proposal; {verdict} the target "
            f"(<= {TARGET_ANSWERS} answers, < {TARGET_MINUTES} min)"
        )


if __name__ == "__main__":
    main()
