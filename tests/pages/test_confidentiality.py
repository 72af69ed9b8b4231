"""A draft is seen by its unit's leaders only, on every screen, whoever used the server before.

Every page is rendered as the leader who wrote the draft, then as people who may not see it, in
the same process (so anything cached by the first would be served to the others). The draft's
text must appear for the leader and nowhere for the others.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment import people, proposals
from assessment.kernel.model import Status
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id

SECRET = "HEMMELIGT-UDKAST-7Q"
SCREENS = sorted(f"screens/{path.name}" for path in (Path(__file__).parents[2] / "screens").glob("*.py"))


def _all_text(app: AppTest) -> str:
    """Everything the page sent, as text: labels, values, options, table bytes."""
    parts: list[str] = []
    stack = [app._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        children = getattr(node, "children", {})
        stack.extend(children.values() if isinstance(children, dict) else children)
    return "\n".join(parts)


@pytest.fixture
def draft(demo_database: str) -> int:
    engine = make_engine(demo_database)
    try:
        uow = SqlUnitOfWork(engine)
        leader = people.actor_for(uow, person_id(demo_database, "birgitte.lund@fjordby.dk"))
        existing = next(
            summary
            for summary in proposals.find_proposals(uow, ProposalFilter(), actor=leader)
            if summary.status is Status.SCORING
        )
        source = proposals.get_proposal(uow, existing.id, actor=SYSTEM)
        data = proposals.ProposalInput(
            unit_id=source.unit_id,
            title=f"Udkast {SECRET}",
            description=f"Beskrivelse {SECRET}",
            change_type=source.change_type,
            origin=source.origin,
            management_level=source.management_level,
            med_committee=source.med_committee,
            rubric=source.rubric,
            options=[proposals.OptionInput(f"Mulighed {SECRET}")],
            affected_profession_ids=source.affected_profession_ids,
            panel_person_ids=[member.person_id for member in source.panel],
        )
        return proposals.register_proposal(uow, data, actor=leader).id or 0
    finally:
        engine.dispose()


def _render_everywhere(open_page, person: int, proposal_id: int) -> dict[str, str]:
    """Every screen the person's menu offers; a screen it leaves out cannot be opened at all."""
    seen = {}
    for screen in SCREENS:
        try:
            app = open_page(screen, person=person, query={"proposal": str(proposal_id)})
        except ValueError as error:
            assert "Could not find a navigation page" in str(error)
            continue
        seen[screen] = _all_text(app)
    return seen


def test_only_the_units_leader_sees_a_draft_on_any_screen(open_page, demo_database, draft):
    leader = person_id(demo_database, "birgitte.lund@fjordby.dk")
    seen_by_leader = _render_everywhere(open_page, leader, draft)
    # The test can fail: the leader does see the draft, on the overview and the proposal screen.
    assert SECRET in seen_by_leader["screens/overview.py"]
    assert SECRET in seen_by_leader["screens/proposal.py"]

    others = {
        "rater in the same unit": "fatima.hassan@fjordby.dk",
        "leader of another unit": "susanne.dahl@fjordby.dk",
        "reader of the whole municipality": "pia.soendergaard@fjordby.dk",
        "administrator": "henrik.holm@fjordby.dk",
    }
    leaks = {
        (who, screen)
        for who, email in others.items()
        for screen, text in _render_everywhere(open_page, person_id(demo_database, email), draft).items()
        if SECRET in text
    }
    assert leaks == set()
