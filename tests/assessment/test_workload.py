"""What one rater answers and how long it takes: the numbers the leader sees and bench.answers prints."""

from __future__ import annotations

import math
from pathlib import Path

from assessment.kernel.model import Profession
from assessment.kernel.rubric_loading import load_rubric, parse_rubric
from assessment.workload import SECONDS_PER_ANSWER, WORDS_PER_MINUTE, rater_workload
from tests.assessment.kernel.test_rubric_format2 import FORMAT_2, NURSE, SOSU

DATA = Path(__file__).resolve().parent / "kernel" / "data"
FIVE = [Profession(name=f"Faggruppe {n}", key=f"fag{n}", id=n) for n in range(5)]

# FORMAT_2 read once per question: every question is two words ("Spørgsmål effekt?"), no help; the
# bipolar scale's level names are 10 words, the ordinal scale's 6. Descriptors are not read.
READ_ONCE = 4 * (2 + 10) + (2 + 6)


def test_a_format_1_rubric_gives_exactly_the_answers_it_always_did():
    rubric = load_rubric(DATA / "kerneopgave-1.1.toml")
    none = rater_workload(rubric, 4, [])
    full = rater_workload(rubric, 4, FIVE)

    assert (none.answers, none.per_profession, none.leader_answers) == (76, 12, 0)
    assert full.answers == none.answers + 5 * none.per_profession == 136  # issue 13's 136 choices
    assert rater_workload(rubric, 2, FIVE).answers == 68  # half the options, half the questions
    assert none.minutes < full.minutes


def test_a_format_2_rater_answers_each_option_and_only_what_keep_as_is_asks():
    workload = rater_workload(parse_rubric(FORMAT_2), 4, [SOSU, NURSE])

    # Each of 3 options: effekt, spurgt, egen (own profession once), pr_fag (twice), forankring = 6;
    # "keep as is": spurgt only. The readiness question "med" is the leader's, once.
    assert (workload.answers, workload.per_profession, workload.leader_answers) == (19, 3, 1)


def test_without_an_affected_profession_there_is_no_own_profession_question():
    workload = rater_workload(parse_rubric(FORMAT_2), 4, [])
    assert (workload.answers, workload.per_profession) == (3 * 3 + 1, 3)


def test_per_profession_is_zero_when_no_question_is_asked_per_profession():
    rubric = parse_rubric(FORMAT_2.replace('facets = "profession"', ""))
    assert rater_workload(rubric, 4, [SOSU, NURSE]).per_profession == 0


def test_the_time_reads_each_question_once_and_takes_seconds_per_answer():
    rubric = parse_rubric(FORMAT_2)
    for options, answers in ((4, 19), (31, 6 * 30 + 1)):
        seconds = READ_ONCE * 60 / WORDS_PER_MINUTE + answers * SECONDS_PER_ANSWER
        workload = rater_workload(rubric, options, [SOSU, NURSE])
        assert (workload.answers, workload.minutes) == (answers, math.ceil(seconds / 60))


def test_the_level_descriptions_are_a_click_away_and_not_counted():
    rubric = parse_rubric(FORMAT_2)
    wordy = parse_rubric(FORMAT_2.replace('da = "Trin 1."', 'da = "' + "ord " * 900 + '"'))
    assert rater_workload(wordy, 31, [SOSU]).minutes == rater_workload(rubric, 31, [SOSU]).minutes


def test_the_shipped_default_rubric_meets_issue_13s_target():
    workload = rater_workload(
        load_rubric(Path(__file__).resolve().parents[2] / "rubrics" / "kerneopgave.toml"), 4, FIVE
    )
    assert workload.answers <= 50 and workload.minutes < 15
