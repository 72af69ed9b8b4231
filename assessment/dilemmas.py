"""The booklet's dilemmas, offered as starting points for the dilemma log.

*Kerneopgaven i hverdagen* (Fremfærd/KL, 2016) says that the value of the core task lies in the
dialogue, and that the concrete professional and ethical dilemmas – "the necessary conflicts" –
should be named and discussed, not hidden in a fine phrase. Each starting point below is one
such dilemma, paraphrased from the booklet with its two poles, the place it comes from, and the
roles of the criteria it usually touches (so it suggests a criterion of whichever rubric is used). The MED committee adapts the text to its
own case before saving it; nothing here is stored as it stands.

The texts are English message ids (translated in ``locales/``); the booklet's own Danish words
are quoted in the comment above each, for the translator.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, WrongState
from assessment.kernel.forms import TITLE_LIMIT, Form, clean_text
from assessment.kernel.model import Dilemma, DilemmaStatus, Status
from assessment.kernel.permissions import Action, Actor, checked_proposal, use_case
from assessment.kernel.records import record_audit, require, rubric_of
from assessment.kernel.repository import UnitOfWork
from assessment.kernel.rubric import CriterionRole, Rubric

__all__ = ["STARTING_POINTS", "StartingPoint", "starting_point", "suggested_criterion"]


@dataclass(frozen=True)
class StartingPoint:
    """A dilemma from the booklet: a title for the list, the dilemma, its two poles, its source."""

    key: str
    title: str
    text: str
    pole_a: str
    pole_b: str
    source: str  # the booklet's section and page
    roles: tuple[CriterionRole, ...] = ()  # what the criteria it usually touches are about


STARTING_POINTS: tuple[StartingPoint, ...] = (
    # p. 22–23: "Der ligger ikke i kerneopgaveperspektivet noget opgør med faglig specialisering …
    # faggrupper ikke skal være 'parallelsamfund' … men blot være bedre til at åbne den for samarbejde
    # med andre fagligheder og lade den tjene et samlet formål."
    StartingPoint(
        key="specialisation_cooperation",
        title=N_("Specialisation or cooperation"),
        text=N_(
            "The core task both supports and challenges the professions. Each profession keeps its "
            "specialist expertise, but it must not become a “parallel society” with its own norms: "
            "it must open its work to the other professions and let it serve one shared purpose. "
            "Where does this option put the balance?"
        ),
        pole_a=N_("Specialist professional expertise"),
        pole_b=N_("Cooperation across professions on the shared core task"),
        source=N_("“Support and challenge strong professions”, pages 22–23"),
        roles=(
            CriterionRole.PROFESSIONAL_JUDGEMENT,
            CriterionRole.OPENNESS,
            CriterionRole.RELATIONAL_COORDINATION,
        ),
    ),
    # p. 12–13: "… og/eller for samfundet … kommunen udøver en myndighedsrolle … At have den
    # overordnede kerneopgave i baghovedet kan lige så vel være et rygstød til at gå imod den enkelte
    # borgers ønsker – ud fra hensynet til helheden."
    StartingPoint(
        key="citizen_society",
        title=N_("The citizen's wishes or the value to society"),
        text=N_(
            "The core task is value for the citizen and/or for society. The municipality also "
            "exercises authority and answers for the taxpayers' money, so the core task can just as "
            "well back us in going against one citizen's wishes out of regard for the whole. What "
            "does the citizen want here, and what does the community need?"
        ),
        pole_a=N_("The individual citizen's own wishes"),
        pole_b=N_("Value to society, the authority role and the budget"),
        source=N_("“Three misconceptions”: just “put the citizen at the centre”, pages 12–13"),
        roles=(
            CriterionRole.CITIZEN_EFFECT,
            CriterionRole.SOCIETY_VALUE,
            CriterionRole.INVOLVEMENT_APPROPRIATE,
        ),
    ),
    # p. 11: "Der er et indbygget dilemma i at have et sådant hierarki af kerneopgaver … jo tættere
    # formuleringen er på hverdagen … risikerer man … at miste det helhedssyn …"
    StartingPoint(
        key="concrete_holistic",
        title=N_("A concrete core task or the overall view"),
        text=N_(
            "Core tasks form a hierarchy. The closer to everyday work a core task is put, the more "
            "concrete, meaningful and motivating it is for staff – but the more we risk losing the "
            "overall view that the core task of the level above holds. Does this option strengthen "
            "our own core task at the cost of the whole, or the other way round?"
        ),
        pole_a=N_("A concrete, motivating core task close to everyday work"),
        pole_b=N_("The overall view of the level above"),
        source=N_("“Three misconceptions”: that an organisation has only one core task, pages 10–11"),
        roles=(CriterionRole.CORE_TASK_FIT,),
    ),
    # p. 15 and 20: "Fasthold perspektivet … kerneopgaven er levende og dynamisk. Den kan hverken lægges
    # fast én gang for alle …"; forandringer "forstyrrer per definition den etablerede orden".
    StartingPoint(
        key="continuity_flexibility",
        title=N_("Continuity or flexibility"),
        text=N_(
            "Change disturbs the established order, and in the heat of it the core task is easily "
            "lost from sight. Yet the core task is alive and cannot be fixed once and for all. What "
            "must stay the same for citizens and staff, and where do we need room to adapt?"
        ),
        pole_a=N_("Continuity: familiar faces, routines and predictability"),
        pole_b=N_("Flexibility: room to adapt and try new ways"),
        source=N_("“Navigate change”, page 20, and “Hold on to the perspective”, page 15"),
        roles=(CriterionRole.PREDICTABILITY, CriterionRole.CITIZEN_EFFECT),
    ),
    # p. 12 and 22, 24: "At effektivisere den offentlige service kan … være en måde at skabe værdi for
    # samfundet"; balancen mellem økonomistyring og "klassiske fagprofessionelle værdier"; "Det er
    # igennem arbejdet med kerneopgaven, at medarbejderne … skaber … mening for sig selv."
    StartingPoint(
        key="meaning_efficiency",
        title=N_("Meaningful work or efficiency"),
        text=N_(
            "Making the service more efficient can create value for society by freeing resources. "
            "But staff find meaning in seeing the result of their work for citizens, and when the "
            "conditions for succeeding are too poor, frustration and stress follow. How do "
            "efficiency and meaning in the work pull on each other here?"
        ),
        pole_a=N_("Meaning in the work and professional values"),
        pole_b=N_("Efficiency and financial control"),
        source=N_("“Link well-being more closely to the work”, pages 24–25, and page 12"),
        roles=(CriterionRole.MEANING, CriterionRole.WORKLOAD, CriterionRole.ECONOMY),
    ),
    # p. 23: "Måske er kerneopgaven allerede druknet i meningsløst bureaukrati, måske er det netop et
    # større fokus på systematisk dokumentation, der er nødvendigt for at skabe den ønskede effekt …"
    StartingPoint(
        key="documentation",
        title=N_("Documentation: necessary or bureaucracy"),
        text=N_(
            "Perhaps the core task has already drowned in meaningless bureaucracy – or perhaps more "
            "systematic documentation is exactly what is needed to create and show the effect for "
            "citizens. Which is it for this option?"
        ),
        pole_a=N_("Less paperwork, more time with the citizen"),
        pole_b=N_("Systematic documentation of the effect"),
        source=N_("“Support and challenge strong professions”, page 23"),
        roles=(CriterionRole.EVIDENCE, CriterionRole.WORKLOAD),
    ),
    # p. 13 and 19: "Det er en del af en traditionel fagprofessionel rolle 'at vide bedst' …"; aktiv
    # inddragelse "kræver typisk en høj grad af tillidsbaseret styring".
    StartingPoint(
        key="expertise_involvement",
        title=N_("The professional's judgement or the citizen's say"),
        text=N_(
            "Professionals have knowledge and experience, and “knowing best” is part of a "
            "traditional professional role. Involving citizens actively means sharing that say, and "
            "leaving more to staff's judgement in the situation. How much should citizens and "
            "relatives shape the help in this case?"
        ),
        pole_a=N_("The professional's judgement of what is good for the citizen"),
        pole_b=N_("The citizen's own say and resources"),
        source=N_("“Take citizens' needs and resources into account”, pages 18–19"),
        roles=(
            CriterionRole.INVOLVEMENT_PLANNED,
            CriterionRole.INVOLVEMENT_APPROPRIATE,
            CriterionRole.INFLUENCE,
        ),
    ),
    # p. 16–17: "Hvor mange af skolens ressourcer skal man bruge på at udvikle et tættere samspil med
    # lokalsamfundet …? I hvor høj grad skal forældresamarbejdet prioriteres i forhold til det direkte
    # arbejde med børnene …?"
    StartingPoint(
        key="direct_work_cooperation",
        title=N_("The direct work or the cooperation around it"),
        text=N_(
            "How much of our time should go to cooperation with relatives, parents, volunteers or "
            "the local community, compared with the direct work with the citizen? The booklet asks "
            "this about parents in day care and the school's ties to the local community."
        ),
        pole_a=N_("The direct work with the citizen"),
        pole_b=N_("Cooperation with relatives and the community"),
        source=N_("“Make a shared purpose concrete”: conflicts in the core task, pages 16–17"),
        roles=(CriterionRole.CITIZEN_EFFECT, CriterionRole.RELATIONAL_COORDINATION),
    ),
    # p. 9: "Det er ofte i kampen eller dynamikken mellem politikernes, praktikernes og borgernes
    # forskellige syn på kerneopgaven, at den virkelig værdifulde afklaring af begrebet ligger."
    StartingPoint(
        key="three_perspectives",
        title=N_("What was decided, what we do, what citizens experience"),
        text=N_(
            "The formal core task is what politicians decided; the performed one is what we actually "
            "do; the experienced one is what citizens meet. What a job consultant sees as proper "
            "casework, the unemployed may experience as paternalism. Which of the three views does "
            "this option serve, and at whose expense?"
        ),
        pole_a=N_("The formal core task, as decided"),
        pole_b=N_("The core task as citizens experience it"),
        source=N_("“Three misconceptions”: that the core task is fixed, pages 8–9"),
        roles=(CriterionRole.PERSPECTIVES,),
    ),
)


def starting_point(key: str) -> StartingPoint:
    for point in STARTING_POINTS:
        if point.key == key:
            return point
    raise KeyError(key)


@use_case
def record_dilemma(
    uow: UnitOfWork,
    proposal_id: int,
    *,
    text: str,
    pole_a: str = "",
    pole_b: str = "",
    option_id: int | None = None,
    criterion_key: str | None = None,
    actor: Actor,
    clock: Clock = utc_now,
) -> Dilemma:
    form = Form()
    text = form.text("text", text, required=True, limit=4_000)
    pole_a = form.text("pole_a", pole_a, limit=TITLE_LIMIT)
    pole_b = form.text("pole_b", pole_b, limit=TITLE_LIMIT)
    form.done()
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.DISCUSS, proposal_id)
        if proposal.status not in (Status.DISCUSSION, Status.DECIDED, Status.FOLLOW_UP):
            raise WrongState(N_("Dilemmas can only be recorded after the scores have been revealed."))
        if option_id is not None and proposal.option(option_id) is None:
            form.fail("option_id", N_("The option does not belong to this proposal."))
        if criterion_key:
            try:
                rubric_of(repo, proposal.rubric).criterion(criterion_key)
            except KeyError:
                form.fail("criterion_key", N_("The rubric has no such criterion."))
        form.done()
        dilemma = repo.add_dilemma(
            Dilemma(
                proposal_id=proposal_id,
                text=text,
                pole_a=pole_a,
                pole_b=pole_b,
                option_id=option_id,
                criterion_key=criterion_key or None,
                created_by=actor.person_id,
                created_at=clock(),
            )
        )
        record_audit(
            repo,
            actor.person_id,
            "dilemma.record",
            "proposal",
            proposal_id,
            clock,
            after={"dilemma": dilemma.id},
        )
    return dilemma


@use_case
def set_dilemma_status(
    uow: UnitOfWork,
    proposal_id: int,
    dilemma_id: int,
    *,
    status: DilemmaStatus,
    note: str = "",
    actor: Actor,
    clock: Clock = utc_now,
) -> Dilemma:
    note = clean_text(note, limit=4_000)
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.DISCUSS, proposal_id)
        dilemma = next((d for d in repo.dilemmas_of(proposal_id) if d.id == dilemma_id), None)
        dilemma = require(dilemma, N_("Dilemma"), dilemma_id)
        if proposal.status is Status.CLOSED:
            raise WrongState(N_("The proposal is closed; its dilemmas can no longer change."))
        updated = repo.update_dilemma(replace(dilemma, status=status, note=note))
        record_audit(
            repo,
            actor.person_id,
            "dilemma.status",
            "proposal",
            proposal_id,
            clock,
            before={"dilemma": dilemma_id, "status": dilemma.status.value},
            after={"dilemma": dilemma_id, "status": status.value},
        )
    return updated


@use_case
def dilemmas(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> list[Dilemma]:
    with uow.read() as repo:
        checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        return repo.dilemmas_of(proposal_id)


def suggested_criterion(point: StartingPoint, rubric: Rubric) -> str | None:
    """The key of the first criterion of this rubric that the starting point touches, if any."""
    return next((c.key for role in point.roles if (c := rubric.with_role(role)) is not None), None)
