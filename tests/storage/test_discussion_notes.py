"""Discussion notes are stored and read back faithfully, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from assessment.kernel.repository import DiscussionNote, NoteKind
from tests.storage.world import World


def _note(world: World, proposal_id: int, **changes: object) -> DiscussionNote:
    values: dict[str, object] = {
        "proposal_id": proposal_id,
        "kind": NoteKind.PERSPECTIVE_GAP,
        "text": "Borgerne oplever det ikke, som byrådet har besluttet.",
        "author_id": world.people["leader"].id,
        "created_at": world.tick(),
        "criterion_key": "perspektiver",
    }
    values.update(changes)
    return DiscussionNote(**values)  # type: ignore[arg-type]


def test_a_note_is_stored_with_its_link_author_and_time(world):
    proposal = world.add_proposal()
    option_id = proposal.options[1].id
    note = _note(world, proposal.id, option_id=option_id, text="Æblet 🍎 <b>ikke fed</b> [link](x)")
    with world.uow.write() as repo:
        stored = repo.add_note(note)
    assert stored.id is not None

    with world.uow.read() as repo:
        (found,) = repo.notes_of(proposal.id)
    assert found == DiscussionNote(
        proposal_id=proposal.id,
        kind=NoteKind.PERSPECTIVE_GAP,
        text="Æblet 🍎 <b>ikke fed</b> [link](x)",
        author_id=world.people["leader"].id,
        created_at=note.created_at,
        option_id=option_id,
        criterion_key="perspektiver",
        id=stored.id,
    )
    assert found.created_at.utcoffset() is not None


def test_notes_come_back_oldest_first_and_only_for_their_proposal(world):
    first, other = world.add_proposal("Første"), world.add_proposal("Anden")
    with world.uow.write() as repo:
        repo.add_note(_note(world, first.id, text="1"))
        repo.add_note(_note(world, other.id, text="andet forslag"))
        repo.add_note(
            _note(
                world, first.id, text="2", kind=NoteKind.VALUE_DIVERGENCE, criterion_key=None, author_id=None
            )
        )
    with world.uow.read() as repo:
        notes = repo.notes_of(first.id)
        assert repo.notes_of(12345) == []
    assert [(n.text, n.kind) for n in notes] == [
        ("1", NoteKind.PERSPECTIVE_GAP),
        ("2", NoteKind.VALUE_DIVERGENCE),
    ]
    assert notes[1].author_id is None and notes[1].criterion_key is None


def test_a_note_on_an_unknown_proposal_is_refused_and_nothing_is_kept(world):
    with pytest.raises(IntegrityError), world.uow.write() as repo:
        repo.add_note(_note(world, 999_999))
    with world.uow.read() as repo:
        assert repo.notes_of(999_999) == []


def test_a_failed_action_rolls_its_note_back(world):
    proposal = world.add_proposal()
    with pytest.raises(RuntimeError), world.uow.write() as repo:
        repo.add_note(_note(world, proposal.id))
        raise RuntimeError("the user action failed after the note was written")
    with world.uow.read() as repo:
        assert repo.notes_of(proposal.id) == []
