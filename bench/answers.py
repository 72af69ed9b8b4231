"""What a rater must answer: questions per rater and the estimated time, for every shipped rubric.

    .venv/bin/python -m bench.answers

The case is the one new users tried (issue 13): 3 options besides "keep as is", 5 affected
professions. The estimate is the one the proposal form shows the leader
(:func:`assessment.scoring_sheet.rater_workload`): the words of each question per answer, its
help and level descriptions once per question, read at WORDS_PER_MINUTE, and SECONDS_PER_ANSWER to
choose. The target (at most 50 answers, under 15 minutes) is issue 13's.
"""

from __future__ import annotations

from pathlib import Path

from assessment.kernel.model import Profession
from assessment.kernel.rubric_loading import load_rubric
from assessment.scoring_sheet import SECONDS_PER_ANSWER, WORDS_PER_MINUTE, rater_workload

RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"
OPTIONS = 4  # three alternatives and "keep as is"
PROFESSIONS = [Profession(name=f"Faggruppe {n}", key=f"fag{n}", id=n) for n in range(1, 6)]
TARGET_ANSWERS = 50
TARGET_MINUTES = 15


def main() -> None:
    print(
        f"Answers per rater: {OPTIONS} options (keep as is included), {len(PROFESSIONS)} affected professions"
    )
    print(
        f"Time: question words per answer + help and levels once, {WORDS_PER_MINUTE} words/min, {SECONDS_PER_ANSWER} s/answer"
    )
    for path in sorted(RUBRICS.glob("*.toml")):
        rubric = load_rubric(path)
        workload = rater_workload(rubric, OPTIONS, PROFESSIONS)
        verdict = (
            "within" if workload.answers <= TARGET_ANSWERS and workload.minutes < TARGET_MINUTES else "over"
        )
        print(
            f"  {rubric.id} {rubric.version}: {workload.answers} answers, about {workload.minutes} min; "
            f"+{workload.per_profession} answers per further profession; {verdict} the target "
            f"(<= {TARGET_ANSWERS} answers, < {TARGET_MINUTES} min)"
        )


if __name__ == "__main__":
    main()
