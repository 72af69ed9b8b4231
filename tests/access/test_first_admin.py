"""The first administrator of a new installation, made on the server's command line."""

from __future__ import annotations

from assessment import people
from assessment.kernel.model import Role
from server.first_admin import main
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork


def test_an_empty_database_gets_its_top_unit_and_administrator_and_again_changes_nothing(
    tmp_path, monkeypatch
):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    upgrade_to_head(url)
    monkeypatch.setenv("DATABASE_URL", url)
    arguments = ["--name", "Henrik Holm", "--email", "Henrik.Holm@fjordby.dk", "--unit", "Fjordby Kommune"]
    assert main(arguments) == 0
    assert main(arguments) == 0
    engine = make_engine(url)
    try:
        uow = SqlUnitOfWork(engine)
        person = people.person_for_sign_in(uow, "henrik.holm@fjordby.dk")
        assert person is not None
        actor = people.actor_for(uow, person.id or 0)
        assert [set(roles) for roles in actor.roles.values()] == [{Role.ADMIN}]
        with uow.read() as repo:
            assert len(repo.list_units()) == 1 and len(repo.list_people()) == 1
            assert len(repo.memberships_of(person.id or 0)) == 1
    finally:
        engine.dispose()


def test_a_bad_address_is_refused_in_danish(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    upgrade_to_head(url)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["--name", "X", "--email", "ikke-en-adresse", "--unit", "Fjordby Kommune"]) == 2
    assert "e-mailadresse" in capsys.readouterr().err
