"""A full disk: the user reads a clear message in their language, and nothing is half-written.

On SQLite the database really runs out of room (``PRAGMA max_page_count`` on every connection
caps its size). On PostgreSQL a trigger raises the server's own ``disk_full`` error (SQLSTATE
53100) in the middle of a registration, after the proposal row itself has been written.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, text

from assessment import people, proposals, scoring_sheet
from assessment.kernel.errors import DomainError, StorageFull
from assessment.kernel.i18n import Translator
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork
from tests.conftest import empty_database
from tests.support import Clock, build_world, proposal_input, scoring_proposal

TABLES = ("proposal", "option", "panel_member", "proposal_profession", "score", "audit_event")
DANISH = "Databasen er fuld. Intet blev gemt. Bed IT-afdelingen om at skaffe mere diskplads."


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in TABLES
        }


def _contents(engine: Engine) -> tuple[dict[str, int], list[tuple]]:
    """Row counts, and every score as stored: an update in place changes no count."""
    with engine.connect() as connection:
        scores = connection.execute(text("SELECT id, level, reason, updated_at FROM score ORDER BY id")).all()
    return _counts(engine), [tuple(row) for row in scores]


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    with empty_database("sqlite", tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


def _cap_size_near_current(engine: Engine, room: int = 12) -> None:
    """From now on the file may grow by ``room`` pages only (every new connection gets the limit)."""
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
    engine.dispose()

    @event.listens_for(engine, "connect")
    def cap(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + room}")


def test_registering_proposals_until_the_sqlite_file_is_full_ends_in_a_clear_message_and_no_half_proposal(
    sqlite_engine,
):
    uow = SqlUnitOfWork(sqlite_engine)
    clock = Clock()
    world = build_world(uow, clock)
    _cap_size_near_current(sqlite_engine)
    long = "Faste teams i hjemmeplejen. " * 200  # a few kB per proposal: the file fills quickly

    registered = 0
    with pytest.raises(StorageFull) as full:  # the loop runs until the disk is full
        for _ in range(1000):
            before = _counts(sqlite_engine)
            proposals.register_proposal(
                uow,
                proposal_input(world, description=long),
                actor=people.actor_for(uow, world.leader_id),
                clock=clock,
            )
            registered += 1

    assert registered > 0, "the cap must leave room for some proposals, or nothing was tested"
    assert _counts(sqlite_engine) == before  # the refused registration left no row anywhere
    assert isinstance(full.value, DomainError)  # so every screen shows it with show_error
    assert Translator("da").message(full.value) == DANISH
    assert Translator("en").message(full.value).startswith("The database is full. Nothing was saved.")
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        # Every proposal that was registered is whole: the baseline and two options, the panel.
        assert (
            connection.execute(
                text(
                    "SELECT count(*) FROM proposal p WHERE (SELECT count(*) FROM option o "
                    "WHERE o.proposal_id = p.id) <> 3 OR NOT EXISTS "
                    "(SELECT 1 FROM panel_member m WHERE m.proposal_id = p.id)"
                )
            ).scalar_one()
            == 0
        )


def test_a_sheet_of_scores_that_does_not_fit_is_not_saved_at_all(sqlite_engine):
    uow = SqlUnitOfWork(sqlite_engine)
    clock = Clock()
    world = build_world(uow, clock)
    proposal = scoring_proposal(uow, world, clock)
    _cap_size_near_current(sqlite_engine)
    reason = "Fru Jensen får færre nye ansigter. " * 100

    saved = 0
    with pytest.raises(StorageFull):  # the loop runs until the disk is full
        for number in range(1000):
            entries = [
                scoring_sheet.ScoreInput(proposal.id, option.id, "borger", number % 2, f"{reason} {number}")
                for option in proposal.options
            ]
            before = _contents(sqlite_engine)
            scoring_sheet.record_scores(
                uow,
                proposal.id,
                entries,
                actor=people.actor_for(uow, world.raters[number % 3]),
                clock=clock,
            )
            saved += 1

    assert saved > 0
    assert _contents(sqlite_engine) == before  # not one cell of the refused sheet changed


@pytest.mark.postgres
def test_postgresql_disk_full_in_the_middle_of_a_registration_becomes_the_same_message(tmp_path):
    with empty_database("postgres", tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        try:
            uow = SqlUnitOfWork(engine)
            clock = Clock()
            world = build_world(uow, clock)
            with engine.begin() as connection:
                # The options come after the proposal row: the failure lands mid-transaction.
                connection.exec_driver_sql(
                    "CREATE FUNCTION disk_is_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "RAISE EXCEPTION 'could not extend file: No space left on device' "
                    "USING ERRCODE = 'disk_full'; END $$"
                )
                connection.exec_driver_sql(
                    'CREATE TRIGGER disk_is_full BEFORE INSERT ON "option" '
                    "FOR EACH ROW EXECUTE FUNCTION disk_is_full()"
                )
            before = _counts(engine)

            with pytest.raises(StorageFull) as full:
                proposals.register_proposal(
                    uow, proposal_input(world), actor=people.actor_for(uow, world.leader_id), clock=clock
                )

            assert _counts(engine) == before
            assert Translator("da").message(full.value) == DANISH
            assert full.value.__cause__ is not None
            assert getattr(full.value.__cause__.orig, "sqlstate", None) == "53100"
        finally:
            engine.dispose()
