"""Tallies computed by the database equal tallies counted by hand from the same saved scores."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.kernel.model import Round, Score
from assessment.kernel.scoring import Tally
from tests.storage.world import World, at

RATERS = ("nurse", "carer1", "carer2", "therapist", "leader")  # the leader is not on the panel

saves = st.lists(
    st.tuples(
        st.sampled_from(RATERS),
        st.integers(min_value=1, max_value=2),  # option (0 is the baseline; 1 and 2 are enough)
        st.sampled_from([("borger", ""), ("perspektiver", "formal"), ("perspektiver", "performed")]),
        st.sampled_from([Round.BLIND, Round.REVISED, Round.FOLLOW_UP]),
        st.one_of(st.none(), st.integers(min_value=-2, max_value=2)),
    ),
    max_size=40,
)


def _by_hand(final: dict[tuple, int | None], round: Round, profession_of: dict[str, str] | None) -> dict:
    """The rule, counted in Python: REVISED takes a rater's round 2 where given, else round 1."""
    effective: dict[tuple, int | None] = {}
    for (rater, option, criterion, facet, saved_round), level in sorted(final.items(), key=lambda i: i[0][4]):
        wanted = saved_round == round or (round is Round.REVISED and saved_round is Round.BLIND)
        if wanted:
            effective[(rater, option, criterion, facet)] = level
    cells: dict[tuple, list[int | None]] = {}
    for (rater, option, criterion, facet), level in effective.items():
        if profession_of is None:
            cells.setdefault((option, criterion, facet), []).append(level)
        elif rater in profession_of:
            cells.setdefault((option, criterion, facet, profession_of[rater]), []).append(level)
    return {
        cell: Tally(Counter(v for v in levels if v is not None), sum(v is None for v in levels))
        for cell, levels in cells.items()
    }


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(saves=saves)
def test_database_tallies_match_the_rule_counted_by_hand(world: World, saves):
    proposal = world.add_proposal()
    final: dict[tuple, int | None] = {}
    with world.uow.write() as repo:
        for rater, option, (criterion, facet), round, level in saves:
            option_id = proposal.options[option].id
            repo.save_score(
                Score(
                    proposal.id, option_id, criterion, facet, world.people[rater].id, round, level, "", at(1)
                )
            )
            final[(world.people[rater].id, option_id, criterion, facet, round)] = level
    profession_of = {
        world.people[key].id: key_of
        for key, key_of in (("nurse", "spl"), ("carer1", "ssh"), ("carer2", "ssh"))
    }
    with world.uow.read() as repo:
        for round in Round:
            assert repo.tallies(proposal.id, round) == _by_hand(final, round, None)
            assert repo.profession_tallies(proposal.id, round) == _by_hand(final, round, profession_of)
