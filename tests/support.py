"""Small, readable test data shared by the use-case tests."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from assessment import decision, organisation, people, proposals, scoring_sheet
from assessment.kernel.model import ChangeType, Origin, Proposal, Role, RubricRef, Score, UnitLevel
from assessment.kernel.permissions import SYSTEM, Actor
from assessment.kernel.repository import Repository, UnitOfWork

SMALL_RUBRIC = """
schema_version = 1
id = "lille"
version = "1.0"
title = { da = "Lille rubrik", en = "Small rubric" }
description = { da = "Til test", en = "For tests" }

[scales.effekt]
kind = "bipolar"
title = { da = "Effekt", en = "Effect" }
levels = [
  { value = -2, label = { da = "Meget værre", en = "Much worse" } },
  { value = -1, label = { da = "Værre", en = "Worse" } },
  { value = 0, label = { da = "Uændret", en = "Unchanged" } },
  { value = 1, label = { da = "Bedre", en = "Better" } },
  { value = 2, label = { da = "Meget bedre", en = "Much better" } },
]

[scales.trappe]
kind = "ladder"
title = { da = "Inddragelse", en = "Involvement" }
levels = [
  { value = 0, label = { da = "Ingen", en = "None" } },
  { value = 1, label = { da = "Fælles fokus", en = "Shared focus" } },
  { value = 2, label = { da = "Samskabelse", en = "Co-creation" } },
]

[[dimensions]]
key = "kerneopgaven"
title = { da = "Kerneopgaven", en = "The core task" }

[[dimensions]]
key = "inddragelse"
title = { da = "Borgerinddragelse", en = "Citizen involvement" }

[[criteria]]
key = "borger"
dimension = "kerneopgaven"
scale = "effekt"
weight = 2
question = { da = "Effekt for borgeren?", en = "Effect for the citizen?" }
descriptors."-2" = { da = "Fru Jensen mister selvhjulpenhed", en = "Mrs Jensen loses self-reliance" }
descriptors."-1" = { da = "Lidt værre", en = "A little worse" }
descriptors."0" = { da = "Ingen forskel", en = "No difference" }
descriptors."1" = { da = "Lidt bedre", en = "A little better" }
descriptors."2" = { da = "Fru Jensen bliver mere selvhjulpen", en = "Mrs Jensen becomes more self-reliant" }

[[criteria]]
key = "perspektiver"
dimension = "kerneopgaven"
scale = "effekt"
facets = "perspective"
question = { da = "Effekt set fra hvert perspektiv?", en = "Effect from each perspective?" }
descriptors."-2" = { da = "Meget værre", en = "Much worse" }
descriptors."-1" = { da = "Værre", en = "Worse" }
descriptors."0" = { da = "Uændret", en = "Unchanged" }
descriptors."1" = { da = "Bedre", en = "Better" }
descriptors."2" = { da = "Meget bedre", en = "Much better" }

[[criteria]]
key = "rolle"
dimension = "kerneopgaven"
scale = "effekt"
facets = "profession"
question = { da = "Bliver faggruppens rolle klarere?", en = "Does the profession's role get clearer?" }
descriptors."-2" = { da = "Meget uklar", en = "Much less clear" }
descriptors."-1" = { da = "Uklarere", en = "Less clear" }
descriptors."0" = { da = "Uændret", en = "Unchanged" }
descriptors."1" = { da = "Klarere", en = "Clearer" }
descriptors."2" = { da = "Meget klarere", en = "Much clearer" }

[[criteria]]
key = "inddragelse_planlagt"
dimension = "inddragelse"
scale = "trappe"
aggregate = false
question = { da = "Hvor meget inddrages borgerne?", en = "How much are citizens involved?" }
descriptors."0" = { da = "Ingen", en = "None" }
descriptors."1" = { da = "Fælles fokus", en = "Shared focus" }
descriptors."2" = { da = "Samskabelse", en = "Co-creation" }
"""


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@dataclass
class World:
    """A unit with three raters from two professions and a leader, and a small rubric."""

    unit_id: int
    leader_id: int
    raters: list[int]
    profession_ids: list[int]
    rubric: RubricRef
    top_unit_id: int = 0  # the unit above, the top of the tree: organisation-wide roles are held here


def build_world(uow: UnitOfWork, clock: Clock) -> World:
    rubric = organisation.register_rubric(
        uow, content=SMALL_RUBRIC.encode(), source_name="lille.toml", actor=SYSTEM, clock=clock
    ).ref
    top = organisation.register_unit(
        uow,
        name="Ældre og Sundhed",
        level=UnitLevel.ADMINISTRATION,
        parent_id=None,
        actor=SYSTEM,
        clock=clock,
    )
    unit = organisation.register_unit(
        uow,
        name="Hjemmeplejen Nord",
        level=UnitLevel.INSTITUTION,
        parent_id=top.id,
        actor=SYSTEM,
        clock=clock,
    )
    sosu = people.register_profession(uow, name="Social- og sundhedsassistent", actor=SYSTEM, clock=clock)
    nurse = people.register_profession(uow, name="Sygeplejerske", actor=SYSTEM, clock=clock)
    leader = people.register_person(
        uow, name="Lone Leder", email="lone@kommune.dk", profession_id=None, actor=SYSTEM, clock=clock
    )
    raters = [
        people.register_person(
            uow,
            name=name,
            email=f"{name.split()[0].lower()}@kommune.dk",
            profession_id=prof.id,
            actor=SYSTEM,
            clock=clock,
        )
        for name, prof in (("Anne Hansen", sosu), ("Bo Nielsen", sosu), ("Cecilie Berg", nurse))
    ]
    # The roles the stories in the tests need: the leader leads, the three score.
    people.grant_role(
        uow, person_id=leader.id or 0, unit_id=unit.id or 0, role=Role.LEADER, actor=SYSTEM, clock=clock
    )
    for rater in raters:
        people.grant_role(
            uow, person_id=rater.id or 0, unit_id=unit.id or 0, role=Role.RATER, actor=SYSTEM, clock=clock
        )
    return World(
        unit_id=unit.id or 0,
        leader_id=leader.id or 0,
        raters=[r.id or 0 for r in raters],
        profession_ids=[sosu.id or 0, nurse.id or 0],
        rubric=rubric,
        top_unit_id=top.id or 0,
    )


def proposal_input(world: World, **changes: object) -> proposals.ProposalInput:
    data = proposals.ProposalInput(
        unit_id=world.unit_id,
        title="Faste teams i hjemmeplejen",
        description="Skal borgerne have faste teams i stedet for skiftende medarbejdere?",
        change_type=ChangeType.ORGANISATIONAL,
        origin=Origin.OWN_INITIATIVE,
        management_level="Områdeledelsen",
        med_committee="Lokal-MED Hjemmeplejen",
        rubric=world.rubric,
        options=[proposals.OptionInput("Faste teams på fire"), proposals.OptionInput("Faste makkerpar")],
        affected_profession_ids=world.profession_ids,
        panel_person_ids=world.raters,
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def scoring_proposal(uow: UnitOfWork, world: World, clock: Clock) -> Proposal:
    proposal = proposals.register_proposal(
        uow, proposal_input(world), actor=people.actor_for(uow, world.leader_id), clock=clock
    )
    return proposals.open_scoring(
        uow, proposal.id or 0, actor=people.actor_for(uow, world.leader_id), clock=clock
    )


def reveal_after_one_score(uow: UnitOfWork, world: World, proposal: Proposal, clock: Clock) -> Proposal:
    """Reveal a proposal in scoring, after the first rater's one blind score: nobody may reveal nothing."""
    record_score(
        uow,
        scoring_sheet.ScoreInput(proposal.id or 0, proposal.options[1].id or 0, "borger", 1, ""),
        actor=people.actor_for(uow, world.raters[0]),
        clock=clock,
    )
    return proposals.reveal(uow, proposal.id or 0, actor=people.actor_for(uow, world.leader_id), clock=clock)


def proposal_owner(uow: UnitOfWork, proposal_id: int) -> Actor:
    """The leader who registered the proposal, with her roles now: she runs its discussion and exports."""
    with uow.read() as repo:
        proposal = repo.get_proposal(proposal_id)
    assert proposal is not None and proposal.created_by is not None, proposal_id
    return people.actor_for(uow, proposal.created_by)


def record_score(uow, entry: scoring_sheet.ScoreInput, *, actor, clock=None) -> Score:
    """One score, saved as a program saves scores (the screen saves a whole option's form)."""
    kwargs = {} if clock is None else {"clock": clock}
    return scoring_sheet.record_scores(uow, entry.proposal_id, [entry], actor=actor, **kwargs)[0]


class CountingUnitOfWork:
    """A unit of work that counts the transactions it hands out."""

    def __init__(self, inner: UnitOfWork) -> None:
        self.inner = inner
        self.reads = 0
        self.writes = 0

    def read(self) -> AbstractContextManager[Repository]:
        self.reads += 1
        return self.inner.read()

    def write(self) -> AbstractContextManager[Repository]:
        self.writes += 1
        return self.inner.write()


# The small rubric in format 2, with a readiness checklist: two questions about the whole proposal.
READY_RUBRIC = (
    SMALL_RUBRIC.replace("schema_version = 1", "schema_version = 2").replace('id = "lille"', 'id = "parat"')
    + """
[scales.grad]
kind = "ordinal"
title = { da = "Grad", en = "Degree" }
levels = [
  { value = 0, label = { da = "Slet ikke", en = "Not at all" } },
  { value = 1, label = { da = "Lidt", en = "A little" } },
  { value = 2, label = { da = "Delvist", en = "Partly" } },
  { value = 3, label = { da = "Meget", en = "Much" } },
  { value = 4, label = { da = "Helt", en = "Fully" } },
]

[[dimensions]]
key = "proces"
title = { da = "Proces", en = "Process" }

[[criteria]]
key = "apv"
dimension = "proces"
scale = "grad"
scope = "proposal"
question = { da = "Er APV'en gennemgået?", en = "Has the APV been reviewed?" }
descriptors."0" = { da = "Ikke gennemgået", en = "Not reviewed" }
descriptors."1" = { da = "Planlagt", en = "Planned" }
descriptors."2" = { da = "I gang", en = "Under way" }
descriptors."3" = { da = "Næsten", en = "Nearly" }
descriptors."4" = { da = "Gennemgået", en = "Reviewed" }

[[criteria]]
key = "oekonomi"
dimension = "proces"
scale = "grad"
scope = "proposal"
question = { da = "Er udgifterne kendt og finansieret?", en = "Are the costs known and funded?" }
descriptors."0" = { da = "Ukendt", en = "Unknown" }
descriptors."1" = { da = "Anslået", en = "Estimated" }
descriptors."2" = { da = "Kendt", en = "Known" }
descriptors."3" = { da = "Delvist finansieret", en = "Partly funded" }
descriptors."4" = { da = "Finansieret", en = "Funded" }
"""
)


def ready_proposal(uow: UnitOfWork, world: World, clock: Clock, *, scoring: bool = True) -> Proposal:
    """A proposal of the world's unit on :data:`READY_RUBRIC`, registered by the leader (and opened
    for blind scoring, unless ``scoring`` is False)."""
    rubric = organisation.register_rubric(
        uow, content=READY_RUBRIC.encode(), source_name="parat.toml", actor=SYSTEM, clock=clock
    ).ref
    leader = people.actor_for(uow, world.leader_id)
    proposal = proposals.register_proposal(
        uow, proposal_input(world, rubric=rubric), actor=leader, clock=clock
    )
    if not scoring:
        return proposal
    return proposals.open_scoring(uow, proposal.id or 0, actor=leader, clock=clock)


def decide_on_first_option(uow: UnitOfWork, world: World, proposal: Proposal, clock: Clock) -> None:
    """Record the leader's decision on the proposal's first alternative (it must be in discussion)."""
    option = next(option for option in proposal.options if not option.is_baseline)
    decision.record_decision(
        uow,
        proposal.id or 0,
        decision.DecisionInput(
            option.id,
            "Bedst for borgerne.",
            "MED anbefaler forslaget.",
            "",
            "",
            date(2027, 6, 1),
            "Færre ansigter.",
        ),
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
