"""Two people editing the same proposal: the later save from an older version is refused.

A property test over every order of "A loads, B loads, A saves, B saves" (each person loads
before saving) with random edits to random fields. A model of optimistic locking says which
save must succeed; the stored proposal must then be exactly what the last successful saver saw
plus their own edits. Never a mix of both people's edits, never a silent overwrite.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import people, proposals
from assessment.kernel.errors import StaleEdit
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Proposal, Role
from assessment.kernel.permissions import SYSTEM
from storage.repository import STALE_PROPOSAL
from tests.support import Clock, World, build_world, proposal_input

EVENTS = ("load_a", "load_b", "save_a", "save_b")
TEXT_FIELDS = ("title", "description", "context", "consulted", "med_committee")
FIELDS = (*TEXT_FIELDS, "option", "panel")
WORDS = ("Faste teams", "Rullende vagter", "Aftenvagt i weekenden", "Makkerpar", "Æblehaven")


def _orders() -> st.SearchStrategy[list[str]]:
    return st.permutations(EVENTS).filter(
        lambda order: (
            order.index("load_a") < order.index("save_a") and order.index("load_b") < order.index("save_b")
        )
    )


def _edits(person: str) -> st.SearchStrategy[dict[str, Any]]:
    # Each person's words carry their name: a merge of both edits could not go unnoticed.
    return st.dictionaries(
        st.sampled_from(FIELDS), st.sampled_from(WORDS).map(lambda word: f"{word} ({person})"), min_size=1
    )


def _snapshot(proposal: Proposal) -> dict[str, Any]:
    """What an editor sees and changes: every editable field of the form."""
    alternatives = sorted((o for o in proposal.options if not o.is_baseline), key=lambda o: o.position)
    return {
        **{name: getattr(proposal, name) for name in TEXT_FIELDS},
        "options": [(o.title, o.id) for o in alternatives],
        "panel": sorted(member.person_id for member in proposal.panel),
    }


def _edited(seen: dict[str, Any], edits: dict[str, Any], world: World) -> dict[str, Any]:
    wanted = {**seen, **{name: value for name, value in edits.items() if name in TEXT_FIELDS}}
    if "option" in edits:
        (_title, option_id), *others = seen["options"]
        wanted["options"] = [(edits["option"], option_id), *others]
    if "panel" in edits:
        # Adding or removing one rater, depending on who is on the panel now.
        rater = world.raters[-1]
        panel = set(seen["panel"])
        wanted["panel"] = sorted(panel - {rater} if rater in panel else panel | {rater})
    return wanted


def _input(world: World, wanted: dict[str, Any]) -> proposals.ProposalInput:
    return proposal_input(
        world,
        **{name: wanted[name] for name in TEXT_FIELDS},
        options=[proposals.OptionInput(title, id=option_id) for title, option_id in wanted["options"]],
        panel_person_ids=wanted["panel"],
    )


@pytest.fixture
def world(uow) -> World:
    # Built once per database; every Hypothesis example registers its own proposal in it.
    world = build_world(uow, Clock())
    # Two people who may both edit: the leader and a rater who also leads the unit.
    people.grant_role(uow, person_id=world.raters[0], unit_id=world.unit_id, role=Role.LEADER, actor=SYSTEM)
    return world


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=_orders(), edits_a=_edits("A"), edits_b=_edits("B"))
def test_a_save_from_an_older_version_is_refused_and_the_stored_proposal_is_one_whole_save(
    uow, world, order, edits_a, edits_b
):
    clock = Clock()
    proposal = proposals.register_proposal(
        uow, proposal_input(world), actor=people.actor_for(uow, world.leader_id), clock=clock
    )
    panel_people = {"a": (world.leader_id, edits_a), "b": (world.raters[0], edits_b)}
    names = {world.leader_id: "Lone Leder", world.raters[0]: "Anne Hansen"}
    loaded: dict[str, Proposal] = {}
    # The model: what is stored, its version, and who saved it last.
    stored, version, last_saver = _snapshot(proposal), proposal.version, world.leader_id

    for event in order:
        action, person = event.split("_")
        actor, edits = panel_people[person]
        if action == "load":
            loaded[person] = proposals.get_proposal(uow, proposal.id, actor=SYSTEM)
            continue
        seen = loaded[person]
        wanted = _edited(_snapshot(seen), edits, world)
        if seen.version == version:
            saved = proposals.update_proposal(
                uow,
                proposal.id,
                _input(world, wanted),
                expected_version=seen.version,
                actor=people.actor_for(uow, actor),
                clock=clock,
            )
            stored, version, last_saver = wanted, version + 1, actor
            assert saved.version == version
        else:
            try:
                proposals.update_proposal(
                    uow,
                    proposal.id,
                    _input(world, wanted),
                    expected_version=seen.version,
                    actor=people.actor_for(uow, actor),
                    clock=clock,
                )
            except StaleEdit as refused:
                assert refused.message.id == STALE_PROPOSAL
                assert refused.message.params["name"] == names[last_saver]
                danish = Translator("da").message(refused)
                assert danish.startswith(f"Forslaget blev ændret af {names[last_saver]}")
            else:
                raise AssertionError(f"{event} from version {seen.version} overwrote version {version}")

    current = proposals.get_proposal(uow, proposal.id, actor=SYSTEM)
    assert current.version == version
    assert _snapshot(current) == stored
