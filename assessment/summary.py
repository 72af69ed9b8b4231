"""The decision summary: one object per proposal, in the reader's language, rendered by every export.

A MED committee takes the summary into its meeting and its minutes, the municipality files it,
and politicians, staff and citizens read it. :func:`export_summary` reads everything in one
read transaction – the proposal, the comparison of its options, its unit's core task and the
level above, the citizen evidence, what the raters scored and wrote, the dilemmas and discussion notes, the decision
and any dissent – and :func:`summary_from` says it in words with the user's
:class:`~assessment.kernel.i18n.Translator`: the sections of
:mod:`assessment.summary_sections` and :mod:`assessment.summary_findings`, as the plain data of
:mod:`assessment.summary_model`. The Word, PDF, Excel, Markdown and CSV renderers in ``report/``
only lay it out, so every format says the same thing. :func:`record_export` writes in the
audit trail that a file left the app.

Rules that protect people live here:

* blind scoring stays blind: before the reveal the summary is refused (``NotAllowed``);
* raters are pseudonymised by default ("Deltager A, sygeplejerske"); names appear only when the
  caller asks for them *and* the proposal allows it; e-mail addresses never appear, nor does
  the name of whoever registered or wrote anything. People acting in an office are named, as
  minutes name them: who decided, who carries the decision out and who follows it up, and the
  MED committee's chair and representatives;
* dissent is never silently empty: without any, the summary says that none was recorded.

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from assessment.citizen_evidence import evidence_in
from assessment.comparison import Comparison, comparison_from
from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.i18n import Translator
from assessment.kernel.model import CoreTask, Proposal, Unit
from assessment.kernel.permissions import Action, Actor, checked_proposal, use_case
from assessment.kernel.records import core_task_of, record_audit, units_above
from assessment.kernel.repository import Repository, UnitOfWork
from assessment.med_committees import committee_for_summary
from assessment.med_process import med_process_in
from assessment.summary_findings import (
    citizen_voice_section,
    consequence_section,
    disagreement_section,
    involvement_section,
    options_section,
)
from assessment.summary_meeting import (
    decision_section,
    dissent_section,
    follow_up_section,
    med_process_section,
    plan_section,
    reference_line,
)
from assessment.summary_model import DecisionSummary
from assessment.summary_sections import (
    appendix_section,
    change_section,
    consultation_section,
    context_section,
    dilemma_section,
    governance_section,
    status_section,
    unit_section,
)
from assessment.summary_writer import SummaryReading, SummaryWriter

__all__ = ["SummaryExport", "export_summary", "record_export", "summary_from"]


@dataclass(frozen=True)
class SummaryExport:
    """What a document of the decision summary is made from: the summary, and the comparison its
    charts are drawn from (the same one the summary was written from)."""

    summary: DecisionSummary
    comparison: Comparison


@use_case
def export_summary(
    uow: UnitOfWork,
    proposal_id: int,
    translator: Translator,
    *,
    actor: Actor,
    pseudonymise: bool = True,
    dimension_weights: Mapping[str, float] | None = None,
    clock: Clock = utc_now,
) -> SummaryExport:
    """The decision summary of a revealed proposal, in the translator's language, with its
    comparison; everything read in one read transaction.

    Refused with :class:`~assessment.kernel.errors.NotAllowed` before the reveal (blind scoring
    stays blind). Raters are pseudonymised unless ``pseudonymise=False`` *and* the proposal shows
    rater names. ``dimension_weights`` are exploring weights for the index, as in
    :func:`assessment.comparison.compare`.
    """
    now = clock()
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.EXPORT_SUMMARY, proposal_id)
        comparison = comparison_from(repo, proposal_id, dimension_weights, actor=actor)
        reading = _reading(repo, proposal, actor, now)
    summary = summary_from(
        comparison,
        reading,
        translator,
        show_names=not pseudonymise and proposal.show_rater_names,
        now=now,
    )
    return SummaryExport(summary, comparison)


@use_case
def record_export(
    uow: UnitOfWork, proposal_id: int, *, file_format: str, named: bool, actor: Actor, clock: Clock = utc_now
) -> None:
    """Write in the audit trail that ``actor`` took the summary out of the app, in which format and
    whether with rater names: a document that leaves the app can be traced."""
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.EXPORT_SUMMARY, proposal_id)
        record_audit(
            repo,
            actor.person_id,
            "summary.export",
            "proposal",
            proposal_id,
            clock,
            after={"format": file_format, "names": named},
        )


def _reading(repo: Repository, proposal: Proposal, actor: Actor, now: datetime) -> SummaryReading:
    """What the summary needs besides the comparison, from the caller's transaction."""
    proposal_id = proposal.id or 0
    decision = repo.get_decision(proposal_id)
    scores = tuple(repo.all_scores(proposal_id))
    people = {m.person_id: repo.get_person(m.person_id) for m in proposal.panel}
    # Whoever scored and is no longer on the panel is still a participant of the appendix.
    for rater_id in sorted({s.rater_id for s in scores} - set(people)):
        people[rater_id] = repo.get_person(rater_id)
    moment = decision.decided_at if decision is not None else now
    med = med_process_in(repo, proposal, actor)
    conclusion = repo.get_conclusion(proposal_id)
    official_ids = (
        {decision.decided_by, decision.implementation_responsible_id, decision.follow_up_responsible_id}
        if decision is not None
        else set()
    ) | ({conclusion.concluded_by} if conclusion is not None else set())
    officials = {
        person_id: person.name
        for person_id in official_ids
        if person_id is not None and (person := repo.get_person(person_id)) is not None
    }
    return SummaryReading(
        decision=decision,
        dilemmas=tuple(repo.dilemmas_of(proposal_id)),
        notes=tuple(repo.notes_of(proposal_id)),
        scores=scores,
        people=people,
        professions={p.id: p for p in repo.list_professions() if p.id is not None},
        chain=_chain(repo, proposal.unit_id, moment),
        evidence=evidence_in(repo, proposal, actor).items,
        plan=repo.plan_of(proposal_id),
        med_steps=med.steps,
        consultations=med.consultations,
        committee_names=dict(med.committee_names),
        officials=officials,
        committee=(
            committee_for_summary(repo, proposal.med_committee_id)
            if proposal.med_committee_id is not None
            else None
        ),
        indicators=tuple(repo.indicators_of(proposal_id)),
        measurements=tuple(repo.measurements_of(proposal_id)),
        conclusion=conclusion,
    )


def _chain(repo: Repository, unit_id: int, moment: datetime) -> tuple[tuple[Unit, CoreTask | None], ...]:
    """The unit and the unit above it, each with the core task that was valid at ``moment``."""
    unit = repo.get_unit(unit_id)
    if unit is None:
        return ()
    return ((unit, core_task_of(repo, unit_id, at=moment)), *units_above(repo, unit, levels=1, at=moment))


def summary_from(
    comparison: Comparison,
    reading: SummaryReading,
    _: Translator,
    *,
    show_names: bool,
    now: datetime,
) -> DecisionSummary:
    """The summary from what :func:`export_summary` read; pure."""
    writer = SummaryWriter(comparison, reading, _, show_names)
    proposal = comparison.proposal
    return DecisionSummary(
        language=_.language,
        proposal_id=proposal.id or 0,
        document_title=_("Decision summary"),
        title=proposal.title,
        generated_at=now,
        generated=_("Made with Kernekompas on {moment}.", moment=_.datetime(now)),
        pseudonymised=not show_names,
        privacy_note=(
            _("Raters are named, as the proposal allows.")
            if show_names
            else _(
                "Raters appear under a pseudonym (Participant A, B, …), with their profession where "
                "three or more of that profession took part. Their names are not part of this document."
            )
        ),
        reference=reference_line(writer),
        decision=decision_section(writer),
        dissent=dissent_section(writer),
        follow_up=follow_up_section(writer),
        governance=governance_section(writer),
        med_process=med_process_section(writer),
        consultation=consultation_section(writer),
        plan=plan_section(writer),
        consequences=consequence_section(writer),
        status=status_section(writer),
        unit=unit_section(writer),
        context=context_section(writer),
        change=change_section(writer),
        options=options_section(writer),
        citizen_voice=citizen_voice_section(writer),
        involvement=involvement_section(writer),
        disagreements=disagreement_section(writer),
        dilemmas=dilemma_section(writer),
        appendix=appendix_section(writer),
    )
