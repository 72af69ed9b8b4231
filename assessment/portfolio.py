"""The leadership team's portfolio of decided proposals, and the search across earlier decisions.

:func:`portfolio` lists every decided proposal (decided, in follow-up or closed) in the units a
person leads (``Role.LEADER``, which holds in the units below, as everywhere) or sits on an open MED
committee of (a seat not removed; a committee covers its unit and the units below), with its
follow-up state (``assessment.outcome_rules``) and counts for a chart. It reads proposals,
decisions, indicators, their newest measurements and conclusions in two queries, never a score.

:func:`search_decisions` answers "has anyone here decided something like this?" across the titles
and descriptions, the decisions' justification, dissent and conditions, and the dilemmas of every
proposal whose results the person may see (``Action.VIEW_RESULTS``). No role grants reading across
units by itself; a role held in a unit higher up the tree holds in every unit below it, so a reader
at the municipality searches the whole municipality's decisions.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, datetime

from assessment.kernel.clock import Clock, danish_date, utc_now
from assessment.kernel.errors import N_
from assessment.kernel.model import ChangeType, Status, Unit, Verdict
from assessment.kernel.permissions import Action, Actor, proposal_scope, use_case
from assessment.kernel.repository import DecisionText, PortfolioEntry, Repository, UnitOfWork
from assessment.outcome_rules import FollowUpState, IndicatorState, follow_up_state, state_at

__all__ = [
    "Portfolio",
    "PortfolioFilter",
    "PortfolioRow",
    "SearchHit",
    "portfolio",
    "portfolio_units",
    "search_decisions",
]


@dataclass(frozen=True)
class PortfolioFilter:
    """What the portfolio is narrowed to; every filter left empty matches everything."""

    unit_id: int | None = None  # the unit and the units below it
    change_type: ChangeType | None = None
    year: int | None = None  # the year of the decision, on the Danish calendar
    state: FollowUpState | None = None


@dataclass(frozen=True)
class PortfolioRow:
    """One decided proposal in the portfolio."""

    proposal_id: int
    title: str
    unit_id: int
    unit_name: str
    change_type: ChangeType
    status: Status
    decided_at: datetime
    decision_year: int
    follow_up_date: date
    state: FollowUpState
    verdict: Verdict | None
    indicators: int
    on_track: int
    off_track: int
    not_measured: int


@dataclass(frozen=True)
class Portfolio:
    """The rows that match the filter (newest decision first) and their counts for the chart; the
    units and years the filters can offer come from every row the person may see."""

    rows: tuple[PortfolioRow, ...]
    by_unit: dict[str, int]  # unit name → proposals
    by_change_type: dict[ChangeType, int]
    by_year: dict[int, int]
    by_state: dict[FollowUpState, int]
    units: tuple[tuple[int, str], ...]  # (id, name) of the units with a decided proposal, by name
    years: tuple[int, ...]  # newest first
    total: int  # every decided proposal the person may see, before the filter


def _below(units: list[Unit], roots: set[int]) -> set[int]:
    """``roots`` and every unit below them (a unit met twice is not followed again)."""
    children: dict[int | None, list[int]] = {}
    for unit in units:
        if unit.id is not None:
            children.setdefault(unit.parent_id, []).append(unit.id)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        unit_id = stack.pop()
        if unit_id in found:
            continue
        found.add(unit_id)
        stack.extend(children.get(unit_id, ()))
    return found


def portfolio_units(repo: Repository, actor: Actor) -> frozenset[int] | None:
    """The units whose decided proposals the actor's portfolio holds (``None``: every unit, for a
    trusted program). Counts as the permission check of the use case that asks."""
    scope = proposal_scope(actor, Action.VIEW_PORTFOLIO)
    if scope is None:
        return None
    led = {unit_id for units, _statuses in scope for unit_id in units}
    seats: set[int] = set()
    if actor.person_id is not None and actor.is_signed_in_person:
        committees = {c.id: c for c in repo.list_committees() if c.is_open}
        seats = {
            committees[seat.committee_id].unit_id
            for seat in repo.committee_seats_of(actor.person_id)
            if seat.active and seat.committee_id in committees
        }
    if seats:
        led |= _below(repo.list_units(), seats)
    return frozenset(led)


class _RecentRows:
    """The portfolio's rows for the last few (database and its newest change, units, day): a screen
    reruns on every filter, and rebuilding thousands of rows took most of a rerun. Exact, not a
    guess: every change records an audit event in its own transaction, which changes the stamp."""

    SIZE = 16

    def __init__(self) -> None:
        self._rows: OrderedDict[Hashable, tuple[PortfolioRow, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[PortfolioRow, ...] | None:
        with self._lock:
            rows = self._rows.get(key)
            if rows is not None:
                self._rows.move_to_end(key)
            return rows

    def put(self, key: Hashable, rows: tuple[PortfolioRow, ...]) -> tuple[PortfolioRow, ...]:
        with self._lock:
            self._rows[key] = rows
            while len(self._rows) > self.SIZE:
                self._rows.popitem(last=False)
        return rows


_ROWS = _RecentRows()


def forget_rows() -> None:
    """Drop the kept rows (for a benchmark of the first rerun after a change)."""
    global _ROWS
    _ROWS = _RecentRows()


def _row(entry: PortfolioEntry, today: date) -> PortfolioRow:
    states = [state_at(reading, reading.measured_on, reading.value) for reading in entry.readings]
    return PortfolioRow(
        proposal_id=entry.id,
        title=entry.title,
        unit_id=entry.unit_id,
        unit_name=entry.unit_name,
        change_type=entry.change_type,
        status=entry.status,
        decided_at=entry.decided_at,
        decision_year=danish_date(entry.decided_at).year,
        follow_up_date=entry.follow_up_date,
        state=follow_up_state(
            concluded=entry.verdict is not None,
            follow_up_date=entry.follow_up_date,
            today=today,
            indicator_states=states,
        ),
        verdict=entry.verdict,
        indicators=len(states),
        on_track=states.count(IndicatorState.ON_TRACK),
        off_track=states.count(IndicatorState.OFF_TRACK),
        not_measured=states.count(IndicatorState.NOT_MEASURED),
    )


@use_case
def portfolio(
    uow: UnitOfWork, *, actor: Actor, filters: PortfolioFilter | None = None, clock: Clock = utc_now
) -> Portfolio:
    """Every decided proposal in the units the actor leads or sits on the MED committee of, with its
    follow-up state; narrowed by ``filters`` (unit and below, change type, decision year, state)."""
    wanted = filters or PortfolioFilter()
    today = danish_date(clock())
    with uow.read() as repo:
        units = portfolio_units(repo, actor)
        key = (repo.change_stamp(), units, today)
        every = _ROWS.get(key)
        if every is None:
            entries = repo.portfolio(units) if units is None or units else []
            every = _ROWS.put(key, tuple(_row(entry, today) for entry in entries))
        narrowed = _below(repo.list_units(), {wanted.unit_id}) if wanted.unit_id is not None else None
    rows = tuple(
        row
        for row in every
        if (narrowed is None or row.unit_id in narrowed)
        and (wanted.change_type is None or row.change_type is wanted.change_type)
        and (wanted.year is None or row.decision_year == wanted.year)
        and (wanted.state is None or row.state is wanted.state)
    )
    return Portfolio(
        rows=rows,
        by_unit=dict(Counter(row.unit_name for row in rows)),
        by_change_type=dict(Counter(row.change_type for row in rows)),
        by_year=dict(sorted(Counter(row.decision_year for row in rows).items())),
        by_state={state: n for state in FollowUpState if (n := sum(row.state is state for row in rows))},
        units=tuple(
            sorted({(row.unit_id, row.unit_name) for row in every}, key=lambda u: (u[1].casefold(), u[0]))
        ),
        years=tuple(sorted({row.decision_year for row in every}, reverse=True)),
        total=len(every),
    )


# Search -------------------------------------------------------------------------------------------

# Where a hit was found, in the order the excerpt is looked for.
FIELD_LABELS: dict[str, str] = {
    "title": N_("Title"),
    "description": N_("Description"),
    "justification": N_("Justification"),
    "conditions": N_("Conditions"),
    "dissent": N_("Dissent"),
    "dilemma": N_("Dilemma"),
}
EXCERPT_AROUND = 60  # characters on each side of the first hit
SEARCH_LIMIT = 50
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchHit:
    """A proposal whose texts hold every word searched for, with an excerpt around the first hit."""

    proposal_id: int
    title: str
    unit_id: int
    unit_name: str
    status: Status
    decided_at: datetime | None
    field: str  # where the excerpt is from: a key of FIELD_LABELS
    excerpt: str


def _fields(text: DecisionText) -> list[tuple[str, str]]:
    return [
        ("title", text.title),
        ("description", text.description),
        ("justification", text.justification),
        ("conditions", text.conditions),
        ("dissent", text.dissent),
        *(("dilemma", dilemma) for dilemma in text.dilemmas),
    ]


def _excerpt(value: str, words: list[str]) -> str | None:
    """``value`` around the first of ``words`` in it, whitespace collapsed; None when none is in it."""
    flat = " ".join(value.split())
    lowered = flat.lower()
    found = [at for word in words if (at := lowered.find(word)) >= 0]
    if not found:
        return None
    first = min(found)
    start, end = max(first - EXCERPT_AROUND, 0), min(first + EXCERPT_AROUND, len(flat))
    if start > 0:  # begin and end on a whole word
        space = flat.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if end < len(flat):
        space = flat.rfind(" ", first, end)
        end = space if space > first else end
    return ("… " if start > 0 else "") + flat[start:end].strip() + (" …" if end < len(flat) else "")


def _hit(text: DecisionText, words: list[str]) -> SearchHit | None:
    fields = _fields(text)
    everything = "\n".join(value for _field, value in fields).lower()
    if not all(word in everything for word in words):
        return None
    for field, value in fields:
        excerpt = _excerpt(value, words)
        if excerpt is not None:
            return SearchHit(
                proposal_id=text.id,
                title=text.title,
                unit_id=text.unit_id,
                unit_name=text.unit_name,
                status=text.status,
                decided_at=text.decided_at,
                field=field,
                excerpt=excerpt,
            )
    return None  # pragma: no cover - every word is in some field


@use_case
def search_decisions(
    uow: UnitOfWork, query: str, *, actor: Actor, limit: int = SEARCH_LIMIT
) -> list[SearchHit]:
    """Proposals, decisions and dilemmas the actor may see whose texts hold every word of ``query``
    (case does not matter, æ, ø and å included; a word may be part of a longer one), most recently
    changed first; at most ``limit``."""
    words = list(dict.fromkeys(word.lower() for word in _WORD.findall(query)))
    scope = proposal_scope(actor, Action.VIEW_RESULTS)
    if not words:
        return []
    with uow.read() as repo:
        texts = repo.decision_texts(scope)
    hits = []
    for text in texts:
        hit = _hit(text, words)
        if hit is not None:
            hits.append(hit)
            if len(hits) >= limit:
                break
    return hits


@use_case
def has_portfolio(uow: UnitOfWork, *, actor: Actor) -> bool:
    """Whether the person's portfolio holds any unit (they lead one, or sit on an open MED committee):
    the menu offers the screen only then."""
    with uow.read() as repo:
        units = portfolio_units(repo, actor)
    return units is None or bool(units)
