"""Checking the demo's hand-written content against the rubric it is loaded with.

Every criterion, facet, option and level :mod:`demo.content` names must exist and be one a rater
(or, for the readiness checklist, the leader) is actually asked; :func:`check_spec` lists every
one that is not, so the loader stops before writing anything rather than silently dropping a
hand-written reason.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessment.kernel.model import ChangeType, Perspective
from assessment.kernel.rubric import BaselineRule, Criterion, FacetKind, Rubric, Scope
from demo import content
from demo.content import ProposalSpec


class DemoDataError(Exception):
    """The demo's hand-written content no longer fits the rubric or the use cases."""


PROFESSION_OF = {person.handle: person.profession for person in content.PEOPLE}


def check_spec(spec: ProposalSpec, rubric: Rubric) -> None:
    """Raise :class:`DemoDataError` naming everything in ``spec`` the rubric does not ask."""
    problems = _Problems(spec, rubric)
    problems.centers()
    problems.hand()
    problems.revisions()
    problems.readiness()
    problems.follow_up()
    problems.rest()
    if problems.found:
        raise DemoDataError(
            f"The demo proposal {spec.label} ({spec.title}) no longer fits the rubric {rubric.label}; "
            "update demo/content.py:\n- " + "\n- ".join(problems.found)
        )


class _Problems:
    def __init__(self, spec: ProposalSpec, rubric: Rubric) -> None:
        self.spec = spec
        self.rubric = rubric
        self.found: list[str] = []
        self.n_options = len(spec.options) + 1
        self.affected = set(spec.affected)
        self.perspectives = {p.value for p in Perspective}
        self.planned = {plan.person for plan in spec.raters}

    def criterion(self, key: str | None, where: str, scope: Scope = Scope.OPTION) -> Criterion | None:
        if key is None:
            return None
        try:
            criterion = self.rubric.criterion(key)
        except KeyError:
            self.found.append(f"{where}: the criterion {key!r} is not in the rubric {self.rubric.label}")
            return None
        if self.rubric.scope_of(criterion) is not scope:
            asked = "once per proposal (put it in readiness)" if scope is Scope.OPTION else "per option"
            self.found.append(f"{where}: {key} is asked {asked}")
            return None
        return criterion

    def asked_of_baseline(self, criterion: Criterion) -> bool:
        return self.rubric.baseline_rule(criterion) is BaselineRule.ASK

    def facets(self, criterion: Criterion) -> set[str]:
        if criterion.facets is None:
            return {""}
        if criterion.facets is FacetKind.PERSPECTIVE:
            return self.perspectives
        return self.affected

    def cell(self, index: int, criterion: Criterion, facet: str, person: str, where: str) -> None:
        """A cell ``person`` answers: an option that exists and is asked, a facet that is theirs."""
        if not 0 <= index < self.n_options:
            self.found.append(f"{where}: there is no option {index}")
        elif index == 0 and not self.asked_of_baseline(criterion):
            self.found.append(f"{where}: {criterion.key} is not asked for “keep as is”")
        if facet not in self.facets(criterion):
            self.found.append(
                f"{where}: {criterion.key} is not scored for {facet!r} (allowed: {sorted(self.facets(criterion))})"
            )
        elif criterion.facets is FacetKind.OWN_PROFESSION and facet != PROFESSION_OF.get(person):
            self.found.append(f"{where}: {person} answers {criterion.key} only for their own profession")
        if person not in self.planned:
            self.found.append(f"{where}: {person} is not on the panel")

    def level(self, criterion: Criterion, level: int | None, where: str) -> None:
        if level is not None and level not in self.rubric.scale_of(criterion).values:
            self.found.append(f"{where}: {level} is not a level of {criterion.key}'s scale")

    def centers(self) -> None:
        for key, centers in self.spec.centers.items():
            where = f"centers[{key!r}]"
            criterion = self.criterion(key, where)
            if criterion is None:
                continue
            if len(centers) != self.n_options:
                self.found.append(f"{where}: {len(centers)} values for {self.n_options} options")
            if centers and centers[0] is not None and not self.asked_of_baseline(criterion):
                self.found.append(f"{where}: {key} is not asked for “keep as is”, so its center is None")
            for center in centers:
                if not isinstance(center, Mapping):
                    continue
                if criterion.facets is None:
                    self.found.append(f"{where}: {key} has no facets, so give one number per option")
                elif set(center) != self.facets(criterion):
                    self.found.append(
                        f"{where}: facets {sorted(center)} instead of {sorted(self.facets(criterion))}"
                    )

    def hand(self) -> None:
        for (index, key, facet), by_person in self.spec.hand.items():
            where = f"hand[{(index, key, facet)!r}]"
            criterion = self.criterion(key, where)
            if criterion is None:
                continue
            for person, (level, _reason) in by_person.items():
                self.cell(index, criterion, facet, person, f"{where}[{person}]")
                self.level(criterion, level, f"{where}[{person}]")

    def revisions(self) -> None:
        for revision in self.spec.revisions:
            index, key, facet = revision.cell
            where = f"revision {revision.person} {revision.cell!r}"
            criterion = self.criterion(key, where)
            if criterion is not None:
                self.cell(index, criterion, facet, revision.person, where)
                self.level(criterion, revision.level, where)

    def readiness(self) -> None:
        for key, (level, _note) in self.spec.readiness.items():
            criterion = self.criterion(key, f"readiness[{key!r}]", Scope.PROPOSAL)
            if criterion is not None:
                self.level(criterion, level, f"readiness[{key!r}]")

    def follow_up(self) -> None:
        """The follow-up's centers, one per criterion for the chosen option, and its hand-written answers."""
        plan, decided = self.spec.follow_up, self.spec.decision
        if plan is None:
            return
        if decided is None:
            self.found.append("follow_up: only a decided proposal is followed up")
            return
        for person in plan.raters:
            if person not in self.planned:
                self.found.append(f"follow_up.raters: {person} is not on the panel")
        for key, center in plan.centers.items():
            where = f"follow_up.centers[{key!r}]"
            criterion = self.criterion(key, where)
            if criterion is None or not isinstance(center, Mapping):
                continue
            if criterion.facets is None:
                self.found.append(f"{where}: {key} has no facets, so give one number")
            elif set(center) != self.facets(criterion):
                self.found.append(
                    f"{where}: facets {sorted(center)} instead of {sorted(self.facets(criterion))}"
                )
        for person, key, level, _reason in plan.rescores:
            where = f"follow_up.rescores[{person}, {key!r}]"
            criterion = self.criterion(key, where)
            if criterion is None:
                continue
            if criterion.facets is FacetKind.PERSPECTIVE:
                self.found.append(f"{where}: {key} is answered once per perspective; leave it to the centers")
            facet = PROFESSION_OF.get(person, "") if criterion.facets is FacetKind.OWN_PROFESSION else ""
            self.cell(decided.option, criterion, facet, person, where)
            self.level(criterion, level, where)

    def rest(self) -> None:
        for dilemma in self.spec.dilemmas:
            where = f"dilemma {dilemma.pole_a!r}"
            if dilemma.criterion is not None and dilemma.criterion not in {
                c.key for c in self.rubric.criteria
            }:
                self.found.append(
                    f"{where}: the criterion {dilemma.criterion!r} is not in the rubric {self.rubric.label}"
                )
            if dilemma.option is not None and not 0 <= dilemma.option < self.n_options:
                self.found.append(f"{where}: there is no option {dilemma.option}")
        for plan in self.spec.raters:
            if not 0 <= plan.share <= plan.share + plan.drafted <= 1:
                self.found.append(
                    f"rater {plan.person}: submitted and drafted shares must add up to at most 1"
                )
        if self.spec.core_task_draft is not None and self.spec.change_type is not ChangeType.CORE_TASK:
            self.found.append("core_task_draft: only a change of the core task itself opens a draft of it")
