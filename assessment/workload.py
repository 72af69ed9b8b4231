"""How much one rater of a proposal answers, and about how long it takes: shown to the leader
while choosing professions and panel (issue 13), and printed by ``python -m bench.answers``.

Answers are counted with :func:`assessment.kernel.scoring.questions_for`, exactly as the scoring
screen asks them. Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assessment.kernel.model import Option, Profession
from assessment.kernel.rubric import Criterion, Rubric
from assessment.kernel.scoring import questions_for

__all__ = ["SECONDS_PER_ANSWER", "WORDS_PER_MINUTE", "Workload", "rater_workload"]

# How the time a rater needs is estimated, for the scoring screen that shows one question at a
# time across all options: each question's text, help and the names of its scale's levels read
# once (not once per option), at the pace of an adult reading Danish non-fiction; and a few
# seconds per answer to weigh the levels and click. The level descriptions are one click away
# and not counted: a rater opens only those they need.
WORDS_PER_MINUTE = 200
SECONDS_PER_ANSWER = 8


@dataclass(frozen=True)
class Workload:
    """What each rater of a proposal must answer, and about how long it takes."""

    answers: int  # what one rater whose profession is affected answers
    minutes: int
    per_profession: int  # the answers each more affected profession adds (facets = "profession")
    leader_answers: int = 0  # the questions the leader answers once for the whole proposal


def rater_workload(rubric: Rubric, options: int, professions: Sequence[Profession]) -> Workload:
    """The questions one rater answers for ``options`` options, "keep as is" being one of them.

    The rater has the first affected profession (none when none is affected); answers are counted
    with :func:`questions_for`, as the scoring screen asks them. See the note above for the time.
    """
    rater = professions[0] if professions else None
    scored = [Option("", is_baseline=True)] + [Option("") for _ in range(options - 1)] if options else []

    def asked(affected: Sequence[Profession]) -> list[tuple[Criterion, str]]:
        return [question for option in scored for question in questions_for(rubric, option, affected, rater)]

    questions = asked(professions)
    one_more = Profession(key="__another_profession__", name="")
    per_profession = len(asked([*professions, one_more])) - len(questions)
    words = sum(_reading(rubric, criterion) for criterion in {c.key: c for c, _facet in questions}.values())
    seconds = words * 60 / WORDS_PER_MINUTE + len(questions) * SECONDS_PER_ANSWER
    return Workload(len(questions), math.ceil(seconds / 60), per_profession, len(rubric.proposal_criteria))


def _reading(rubric: Rubric, criterion: Criterion) -> int:
    """The words read once for a question: its text, its help and the names of its levels."""
    scale = rubric.scale_of(criterion)
    return (
        _words(criterion.question("da"))
        + _words(criterion.help.da if criterion.help else "")
        + sum(_words(level.label.da) for level in scale.levels)
    )


def _words(text: str) -> int:
    return len(text.split())
