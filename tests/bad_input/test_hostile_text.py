"""Hostile text in every free-text field of every write use case, on SQLite and PostgreSQL.

Issue 6, bad input: whatever a user types is stored and shown back exactly as text, after the one
documented change, ``_clean_text`` trimming whitespace at both ends (``str.strip``). Only two
things may be refused, each with a clear Danish message: a NUL character (PostgreSQL cannot store
one) and text over the field's length limit. The exports then carry the text safely: no
spreadsheet formula, no Word markup, no Markdown link, and still recognisable in the PDF.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import Engine, text

from assessment import decision, dilemmas, discussion, organisation, people, proposals, scoring_sheet
from assessment.kernel import scoring
from assessment.kernel.errors import DomainError, FormInvalid, InvalidInput
from assessment.kernel.forms import TEXT_LIMIT, TITLE_LIMIT
from assessment.kernel.i18n import Translator
from assessment.kernel.model import DilemmaStatus, Proposal, Round, UnitLevel
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import NoteKind, UnitOfWork
from report.export import Format, export
from report.export.safe import FORMULA_TRIGGERS, markdown_text, neutralise, starts_formula, xml_text
from tests.support import Clock, World, build_world, proposal_input
from tests.tools import POPPLER

DA = Translator("da")
CORE_TASK_LIMIT = 2_000
DILEMMA_LIMIT = 4_000
NOTE_LIMIT = discussion.NOTE_LIMIT
FILLER = "Almindelig tekst"


@dataclass(frozen=True)
class Hostile:
    text: str
    marker: str  # a plain part of it that must survive into every export, PDF included
    around: tuple[str, ...] = ()  # more plain parts that must survive into Word and PDF


HOSTILE: dict[str, Hostile] = {
    "ten_thousand_characters": Hostile(("Æbler og pærer i kurven. " * 400)[:10_000], "Æbler og pærer"),
    "control_characters": Hostile(
        "før\tmellem\r\nefter\x1b[31mrød\x1b[0m\x07klokke\x0bvt\x0cff\x7fdel\x85nel slut", "klokke"
    ),
    "right_to_left_override": Hostile("Faktura \u202egpj.exe\u202c betalt", "Faktura"),
    # JavaScript ends a line at U+2028 and U+2029, so inside a chart's Vega expression they broke
    # every Word and PDF export of the proposal ("Unexpected token ILLEGAL").
    "line_and_paragraph_separators": Hostile(
        "Før skillet\u2028efter linjeskiftet\u2029efter afsnitsskiftet",
        "efter linjeskiftet",
        ("Før skillet", "efter afsnitsskiftet"),
    ),
    "zero_width_joiner": Hostile("Sygeplejerske 👩\u200d⚕️ med\u200bskjult\u2060mellemrum", "Sygeplejerske"),
    "emoji": Hostile("Tak 🙂🏳️‍🌈👍🏽 for hjælpen", "for hjælpen"),
    "script_tag": Hostile("<script>alert('x')</script><img src=x onerror=alert(1)> Hilsen", "Hilsen"),
    "markdown_link_and_image": Hostile(
        "Se [klik her](http://ond.example) og ![billede](http://ond.example/x.png) **fed** Tekst",
        "klik her",
    ),
    "sql_fragment": Hostile("'; DROP TABLE proposal; --", "DROP TABLE proposal"),
    "formula_hyperlink": Hostile('=HYPERLINK("http://x")', "HYPERLINK"),
    "formula_plus": Hostile("+1", "+1"),
    "formula_minus": Hostile("-1", "-1"),
    "formula_at": Hostile("@SUM(A1)", "SUM(A1)"),
    "formula_fullwidth": Hostile("\uff1dSUM(A1)", "SUM(A1)"),
    "leading_tab": Hostile("\t=1+1 fane", "fane"),
    "leading_carriage_return": Hostile("\r=cmd|' /C calc'!A0", "calc"),
    "danish_letters": Hostile("Æblegrød, østers og ål på Ærø – «citat» „tysk“", "Æblegrød"),
    "combining_characters": Hostile("Zalgo e\u0301 A\u030a o\u0308\u0336 Z\u0351\u0352\u0353", "Zalgo"),
    "format_placeholders": Hostile("{title} %s %(name)s {0} {{}}", "%s"),
    "quotes_and_backslashes": Hostile("C:\\Users\\x \"citat\" 'enkelt' \\n slut", "citat"),
    "surrounding_whitespace": Hostile("  \n Mellemrum omkring \t\n", "Mellemrum omkring"),
    "nul": Hostile("før\x00efter", ""),
}


def refusal(value: str, limit: int) -> str | None:
    """The Danish message a field with ``limit`` must give for ``value``, or None when it is kept."""
    cleaned = value.strip()
    if "\x00" in cleaned:
        message = "Teksten indeholder et NUL-tegn, som ikke kan gemmes."
    elif len(cleaned) > limit:
        message = f"Teksten er på {len(cleaned)} tegn; der må højst være {limit}."
    else:
        return None
    return message


def kept(value: str, limit: int) -> str:
    """What the field holds afterwards: the trimmed text, or the filler used after a refusal."""
    return value.strip() if refusal(value, limit) is None else FILLER


# A form is given as {keyword: (value, (the form field the use case reports it under, its limit))}.
Fields = dict[str, tuple[str, tuple[str, int]]]


def attempt(fields: Fields, call: Callable[[dict[str, str]], Any]) -> Any:
    """Call with every field hostile. When some must be refused, check that the refusal names
    exactly those form fields, each with the right Danish message, then call again with them plain."""
    expected: dict[str, set[str]] = {}
    for value, (form_name, limit) in fields.values():
        if (message := refusal(value, limit)) is not None:
            expected.setdefault(form_name, set()).add(message)
    if not expected:
        return call({name: value for name, (value, _spec) in fields.items()})
    with pytest.raises(DomainError) as caught:
        call({name: value for name, (value, _spec) in fields.items()})
    error = caught.value
    if isinstance(error, FormInvalid):
        shown = {name: DA.message(message) for name, message in error.problems.items()}
        assert set(shown) == set(expected), shown
        for form_name, message in shown.items():
            assert message in expected[form_name], (form_name, message)
    else:  # the use cases that take one text raise the check's own error
        assert isinstance(error, InvalidInput), error
        assert [DA.message(error)] == [m for messages in expected.values() for m in messages][:1]
    return call(
        {name: value if refusal(value, spec[1]) is None else FILLER for name, (value, spec) in fields.items()}
    )


def table_count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def leader(uow: UnitOfWork, world: World) -> Any:
    return people.actor_for(uow, world.leader_id)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_free_text_field_keeps_hostile_text_exactly_and_every_export_stays_safe(
    engine: Engine, uow: UnitOfWork, name: str, tmp_path: Path
) -> None:
    value = HOSTILE[name].text
    clock = Clock()
    world = build_world(uow, clock)
    stored = Stored(value)

    # The organisation: unit, profession and person names (an administrator's forms).
    before = table_count(engine, "unit"), table_count(engine, "profession"), table_count(engine, "person")
    unit = attempt(
        {"name": (value, ("name", TITLE_LIMIT))},
        lambda f: organisation.register_unit(
            uow, name=f["name"], level=UnitLevel.TEAM, parent_id=world.unit_id, actor=SYSTEM, clock=clock
        ),
    )
    profession = attempt(
        {"name": (value, ("name", TITLE_LIMIT))},
        lambda f: people.register_profession(uow, name=f["name"], actor=SYSTEM, clock=clock),
    )
    person = attempt(
        {"name": (value, ("name", TITLE_LIMIT))},
        lambda f: people.register_person(
            uow, name=f["name"], email="fjendtlig@fjordby.dk", profession_id=None, actor=SYSTEM, clock=clock
        ),
    )
    after = table_count(engine, "unit"), table_count(engine, "profession"), table_count(engine, "person")
    assert after == (before[0] + 1, before[1] + 1, before[2] + 1)  # refused attempts wrote nothing
    directory = organisation.directory(uow, actor=SYSTEM)
    assert (directory.unit(unit.id) or unit).name == stored.kept(TITLE_LIMIT) == unit.name
    assert (directory.profession(profession.id) or profession).name == stored.kept(TITLE_LIMIT)
    assert (directory.person(person.id) or person).name == stored.kept(TITLE_LIMIT)

    # The core task: statement and the three perspectives.
    attempt(
        {
            "statement": (value, ("statement", CORE_TASK_LIMIT)),
            "formal": (value, ("formal", TEXT_LIMIT)),
            "performed": (value, ("performed", TEXT_LIMIT)),
            "experienced": (value, ("experienced", TEXT_LIMIT)),
        },
        lambda f: organisation.record_core_task(
            uow, unit_id=world.unit_id, expected_version=0, actor=leader(uow, world), clock=clock, **f
        ),
    )
    history = organisation.core_task_history(uow, world.unit_id, actor=leader(uow, world))
    assert len(history) == 1
    assert history[0].statement == stored.kept(CORE_TASK_LIMIT)
    assert (history[0].formal, history[0].performed, history[0].experienced) == (stored.kept(TEXT_LIMIT),) * 3

    # The proposal, its options and the baseline.
    proposals_before = table_count(engine, "proposal")
    proposal: Proposal = attempt(
        {
            "title": (value, ("title", TITLE_LIMIT)),
            "description": (value, ("description", TEXT_LIMIT)),
            "management_level": (value, ("management_level", TITLE_LIMIT)),
            "med_committee": (value, ("med_committee", TITLE_LIMIT)),
            "context": (value, ("context", TEXT_LIMIT)),
            "consulted": (value, ("consulted", TEXT_LIMIT)),
            "informed": (value, ("informed", TEXT_LIMIT)),
            "baseline_description": (value, ("options", TEXT_LIMIT)),
            "option_title": (value, ("options", TITLE_LIMIT)),
            "option_description": (value, ("options", TEXT_LIMIT)),
        },
        lambda f: proposals.register_proposal(
            uow,
            proposal_input(
                world,
                **{k: v for k, v in f.items() if not k.startswith("option_")},
                options=[
                    proposals.OptionInput(f["option_title"], f["option_description"]),
                    proposals.OptionInput("Faste makkerpar", f["option_description"]),
                ],
            ),
            actor=leader(uow, world),
            clock=clock,
        ),
    )
    assert table_count(engine, "proposal") == proposals_before + 1
    proposal_id = proposal.id or 0
    read = proposals.get_proposal(uow, proposal_id, actor=leader(uow, world))
    for field in ("description", "context", "consulted", "informed"):
        assert getattr(read, field) == stored.kept(TEXT_LIMIT), field
    for field in ("title", "management_level", "med_committee"):
        assert getattr(read, field) == stored.kept(TITLE_LIMIT), field
    options = sorted(read.options, key=lambda o: o.position)
    assert options[0].description == stored.kept(TEXT_LIMIT)
    assert options[1].title == stored.kept(TITLE_LIMIT)
    assert [o.description for o in options[1:]] == [stored.kept(TEXT_LIMIT)] * 2

    # Scores: the first rater explains every score with the hostile text.
    proposals.open_scoring(uow, proposal_id, actor=leader(uow, world), clock=clock)
    first = world.raters[0]
    for rater in world.raters:
        reason = value if rater == first else ""
        attempt(
            {"reason": (reason, ("reason", TEXT_LIMIT))},
            lambda f, rater=rater: record_all_scores(uow, world, read, rater, f["reason"], clock),
        )
    with uow.read() as repo:
        reasons = {
            (s.option_id, s.criterion_key, s.reason) for s in repo.scores_of(proposal_id, first, Round.BLIND)
        }
    assert (options[1].id, "borger", stored.kept(TEXT_LIMIT)) in reasons
    assert {reason for _option, _criterion, reason in reasons} == {stored.kept(TEXT_LIMIT), ""}
    proposals.reveal(uow, proposal_id, actor=leader(uow, world), clock=clock)

    # The discussion: a dilemma with its poles and note, and a comment on a flagged gap.
    dilemma = attempt(
        {
            "text": (value, ("text", DILEMMA_LIMIT)),
            "pole_a": (value, ("pole_a", TITLE_LIMIT)),
            "pole_b": (value, ("pole_b", TITLE_LIMIT)),
        },
        lambda f: dilemmas.record_dilemma(uow, proposal_id, actor=leader(uow, world), clock=clock, **f),
    )
    attempt(
        {"note": (value, ("note", DILEMMA_LIMIT))},
        lambda f: dilemmas.set_dilemma_status(
            uow,
            proposal_id,
            dilemma.id or 0,
            status=DilemmaStatus.HANDLED,
            actor=leader(uow, world),
            clock=clock,
            **f,
        ),
    )
    [dilemma] = dilemmas.dilemmas(uow, proposal_id, actor=leader(uow, world))
    assert dilemma.text == stored.kept(DILEMMA_LIMIT) and dilemma.note == stored.kept(DILEMMA_LIMIT)
    assert dilemma.pole_a == dilemma.pole_b == stored.kept(TITLE_LIMIT)
    attempt(
        {"text": (value, ("text", NOTE_LIMIT))},
        lambda f: discussion.record_note(
            uow,
            proposal_id,
            kind=NoteKind.PERSPECTIVE_GAP,
            option_id=options[1].id,
            criterion_key="perspektiver",
            actor=leader(uow, world),
            clock=clock,
            **f,
        ),
    )
    with uow.read() as repo:
        assert [note.text for note in repo.notes_of(proposal_id)] == [stored.kept(NOTE_LIMIT)]

    # The decision.
    attempt(
        {
            field: (value, (field, TEXT_LIMIT))
            for field in ("justification", "med_statement", "dissent", "conditions", "indicators")
        },
        lambda f: decision.record_decision(
            uow,
            proposal_id,
            decision.DecisionInput(chosen_option_id=options[1].id, follow_up_date=date(2027, 6, 1), **f),
            actor=leader(uow, world),
            clock=clock,
        ),
    )
    decided = decision.get_decision(uow, proposal_id, actor=leader(uow, world))
    assert decided is not None
    for field in ("justification", "med_statement", "dissent", "conditions", "indicators"):
        assert getattr(decided, field) == stored.kept(TEXT_LIMIT), field

    check_exports(uow, proposal_id, HOSTILE[name], stored, tmp_path)


class Stored:
    def __init__(self, value: str) -> None:
        self.value = value

    def kept(self, limit: int) -> str:
        return kept(self.value, limit)


def record_all_scores(
    uow: UnitOfWork, world: World, proposal: Proposal, rater: int, reason: str, clock: Clock
) -> None:
    sheet = scoring_sheet.scoring_sheet(uow, proposal.id or 0, actor=people.actor_for(uow, rater))
    # One reason per rater is enough, and keeps the exports' appendix (every reason) small.
    entries = [
        scoring_sheet.ScoreInput(
            proposal.id or 0,
            option.id or 0,
            criterion.key,
            1,
            reason if (option.position, criterion.key) == (1, "borger") else "",
            facet,
        )
        for option in proposal.options
        for criterion in sheet.rubric.criteria
        for facet in scoring.facets_for(sheet.rubric, criterion.key, sheet.professions)
    ]
    scoring_sheet.record_scores(
        uow, proposal.id or 0, entries, actor=people.actor_for(uow, rater), clock=clock
    )


# The exports ------------------------------------------------------------------------------------------


def check_exports(
    uow: UnitOfWork, proposal_id: int, hostile: Hostile, stored: Stored, tmp_path: Path
) -> None:
    made = {fmt: export(uow, proposal_id, fmt, DA, actor=SYSTEM).data for fmt in Format}
    reason = stored.kept(TEXT_LIMIT)  # the first rater's reason for one score
    title = stored.kept(TITLE_LIMIT)
    marker = hostile.marker if reason != FILLER else FILLER
    around = hostile.around if reason != FILLER else ()

    # Excel: no formula anywhere; a cell that would start one is a string with the quote prefix.
    workbook = load_workbook(io.BytesIO(made[Format.XLSX]))
    values = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    values.add(cell.value)
                    if starts_formula(cell.value):
                        assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
    assert xml_text(reason) in values  # shown literally, only XML's illegal characters gone

    # CSV: only our own numbers may start like a formula; the reason is there, neutralised.
    rows = list(csv.reader(io.StringIO(made[Format.CSV].decode("utf-8-sig"), newline=""), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        if re.fullmatch(r"-\d+", cell):
            continue
        assert not cell.startswith(FORMULA_TRIGGERS), cell
    assert neutralise(xml_text(reason)) in cells

    # Word: the text is character data in document.xml, never markup.
    with zipfile.ZipFile(io.BytesIO(made[Format.DOCX])) as archive:
        document_xml = archive.read("word/document.xml").decode("utf-8")
    assert "<script" not in document_xml and "<img" not in document_xml
    if "<script>" in reason:
        assert "&lt;script&gt;" in document_xml
    document = Document(io.BytesIO(made[Format.DOCX]))
    word_text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert marker in word_text
    for part in around:
        assert part in word_text, part
    assert any(" ".join(p.text.split()) == " ".join(xml_text(title).split()) for p in document.paragraphs)

    # Markdown: the title in its escaped form, and no link, image or HTML made of user text.
    markdown = made[Format.MD].decode("utf-8")
    assert markdown_text(" ".join(title.split())) in markdown
    assert not re.search(r"(?<!\\)\]\(", markdown), "a link or image made of user text"
    assert "![" not in markdown and "<script" not in markdown and "<img" not in markdown
    assert "\x1b" not in markdown and "\x00" not in markdown
    assert marker.replace("+", "\\+").replace("-", "\\-") in markdown or marker in markdown

    # PDF: the marker survives into the text layer. Last, since it skips the test without poppler.
    assert made[Format.PDF].startswith(b"%PDF-")
    path = tmp_path / "summary.pdf"
    path.write_bytes(made[Format.PDF])
    pdf_text = subprocess.run(
        [POPPLER.need()["pdftotext"], "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert marker in pdf_text, marker
    for part in around:
        assert part in pdf_text, part
