"""The charts of Word and PDF, rendered once per summary and reused: memory, then disk, then drawn.

``report.export.render_charts`` keys a chart set by its content (the comparison, the language,
the scale), never by a proposal's id. The disk cache survives the process, so the command line
and a restarted server reuse what a download rendered, without loading Altair or vl-convert; a
damaged entry, an unwritable folder or a full disk only mean rendering again. The download
buttons prewarm the charts on a thread, with the download's own permission check and without an
audit record; a click during the prewarm waits for it instead of rendering a second time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import report.charts
import report.export
from assessment import people
from assessment.comparison import Comparison
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import SYSTEM, Action, Actor, allows
from assessment.summary import export_summary
from demo.data import DemoSummary, load_demo
from report.export import (
    CHART_CACHE_ENV,
    ChartImage,
    chart_key,
    clear_chart_cache,
    export,
    prewarm_charts,
    render_charts,
)
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork

ROOT = Path(__file__).resolve().parents[2]
DA = Translator("da")
EN = Translator("en")


def _png(width: int = 1, height: int = 1) -> bytes:
    """A real, tiny PNG (white pixels): Word and PDF read its header like a rendered chart's."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class FakeRenderer:
    """Stands in for ``report.charts.document_pngs``: counts its calls, optionally holds them."""

    def __init__(self, hold: threading.Event | None = None) -> None:
        self.calls = 0
        self.hold = hold
        self.entered = threading.Event()
        self._lock = threading.Lock()

    def __call__(
        self, comparison: Comparison, _: Translator, scale: float = 2.0
    ) -> list[tuple[str, str, bytes]]:
        with self._lock:
            self.calls += 1
            number = self.calls
        self.entered.set()
        if self.hold is not None:
            self.hold.wait(timeout=30)
        return [
            ("options", f"{_.language} profile {scale} #{number}", _png(2, 1)),
            ("involvement", f"{_.language} involvement {scale} #{number}", _png(1, 2)),
        ]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SqlUnitOfWork, DemoSummary]]:
    """The demo in a real SQLite file, loaded once through the use cases."""
    url = f"sqlite:///{tmp_path_factory.mktemp('chart-cache-demo') / 'kernekompas.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    uow = SqlUnitOfWork(engine)
    try:
        yield url, uow, load_demo(uow)
    finally:
        engine.dispose()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty disk cache of this test's own, an empty memory cache, no warning given yet."""
    folder = tmp_path / "charts"
    monkeypatch.setenv(CHART_CACHE_ENV, str(folder))
    monkeypatch.setattr(report.export, "_disk_warned", False)
    clear_chart_cache()
    yield folder
    clear_chart_cache()


@pytest.fixture
def renderer(monkeypatch: pytest.MonkeyPatch) -> FakeRenderer:
    fake = FakeRenderer()
    monkeypatch.setattr(report.charts, "document_pngs", fake)
    return fake


def _comparison(demo_db, label: str = "C", translator: Translator = DA) -> Comparison:
    _url, uow, loaded = demo_db
    return export_summary(uow, loaded.proposal_ids[label], translator, actor=SYSTEM).comparison


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.zip"))


def test_a_second_render_reads_the_disk_and_loads_no_chart_library(demo_db, cache):
    url, _uow, loaded = demo_db
    proposal_id = loaded.proposal_ids["C"]
    drawn = render_charts(_comparison(demo_db), DA)  # really rendered: Altair and vl-convert
    assert drawn and len(_entries(cache)) == 1

    probe = f"""
import hashlib, json, sys
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import SYSTEM
from assessment.summary import export_summary
from report.export import render_charts
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork

engine = make_engine({url!r})
read = export_summary(SqlUnitOfWork(engine), {proposal_id}, Translator("da"), actor=SYSTEM)
charts = render_charts(read.comparison, Translator("da"))
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("altair", "pandas", "vl_convert"))
print(json.dumps({{
    "charts": [[c.section, c.caption, hashlib.sha256(c.png).hexdigest()] for c in charts],
    "loaded": loaded,
    "report.charts": "report.charts" in sys.modules,
}}))
"""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), CHART_CACHE_ENV: str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["loaded"] == [] and not found["report.charts"]
    assert found["charts"] == [[c.section, c.caption, hashlib.sha256(c.png).hexdigest()] for c in drawn]


def test_with_the_memory_emptied_the_charts_come_from_the_disk(demo_db, cache, renderer):
    comparison = _comparison(demo_db)
    first = render_charts(comparison, DA)
    assert renderer.calls == 1
    clear_chart_cache()  # memory only
    assert render_charts(comparison, DA) == first
    assert renderer.calls == 1
    assert render_charts(comparison, DA) == first  # and then from memory
    assert renderer.calls == 1


def test_other_content_has_another_key_and_another_file(demo_db, cache, renderer):
    decided, other = _comparison(demo_db, "C"), _comparison(demo_db, "B")
    keys = {
        chart_key(decided, "da", 1.5),
        chart_key(other, "da", 1.5),
        chart_key(decided, "en", 1.5),
        chart_key(decided, "da", 1.0),
    }
    assert None not in keys and len(keys) == 4
    assert chart_key(_comparison(demo_db, "C"), "da", 1.5) == chart_key(decided, "da", 1.5)  # read again

    render_charts(decided, DA)
    render_charts(other, DA)
    render_charts(_comparison(demo_db, "C", EN), EN)
    assert renderer.calls == 3 and len(_entries(cache)) == 3
    clear_chart_cache()
    english = render_charts(_comparison(demo_db, "C", EN), EN)
    assert renderer.calls == 3
    assert all(chart.caption.startswith("en ") for chart in english)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_a_byte_of_an_image(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(b"IDAT") + 8  # inside the first image's pixel data: its CRC no longer holds
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def _another_key(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["key"] = "0" * 64
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(
    "damage",
    [_truncate, _flip_a_byte_of_an_image, _another_key, lambda path: path.write_bytes(b"")],
    ids=["truncated", "bad-checksum", "other-key", "empty"],
)
def test_a_damaged_entry_is_ignored_and_replaced(demo_db, cache, renderer, damage):
    comparison = _comparison(demo_db)
    render_charts(comparison, DA)
    (entry,) = _entries(cache)
    damage(entry)
    clear_chart_cache()

    again = render_charts(comparison, DA)
    assert renderer.calls == 2  # rendered again, not read from the damaged file
    assert [chart.caption for chart in again] == ["da profile 1.5 #2", "da involvement 1.5 #2"]
    assert _entries(cache) == [entry]
    clear_chart_cache()
    assert render_charts(comparison, DA) == again  # the replacement reads back whole
    assert renderer.calls == 2


def test_an_unwritable_cache_still_exports_with_one_warning(demo_db, cache, renderer, monkeypatch, caplog):
    _url, uow, loaded = demo_db
    blocker = cache.parent / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CHART_CACHE_ENV, str(blocker / "charts"))  # cannot be created
    caplog.set_level(logging.WARNING, logger="report.export")

    for fmt in ("docx", "pdf"):
        clear_chart_cache()
        made = export(uow, loaded.proposal_ids["C"], fmt, DA, actor=SYSTEM)
        assert made.data[:4] in (b"PK\x03\x04", b"%PDF")
    assert renderer.calls == 2
    warnings = [r for r in caplog.records if r.name == "report.export" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "charts" in warnings[0].getMessage()


def test_a_full_disk_still_exports(demo_db, cache, renderer, monkeypatch):
    _url, uow, loaded = demo_db

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report.export.os, "replace", full)
    made = export(uow, loaded.proposal_ids["C"], "docx", DA, actor=SYSTEM)
    assert made.data.startswith(b"PK")
    assert list(cache.iterdir()) == []  # no half-written file left behind


def test_pruning_keeps_the_newest_sets_up_to_the_limit(demo_db, cache, renderer, monkeypatch):
    monkeypatch.setattr(report.export, "CHART_SETS_ON_DISK", 3)
    comparison = _comparison(demo_db)
    scales = (1.0, 1.1, 1.2, 1.3, 1.4)
    written: list[Path] = []
    for number, scale in enumerate(scales):
        if number == 3:  # a temporary file left by a crashed writer, long ago
            (cache / ".crashed.tmp").write_bytes(b"half")
            os.utime(cache / ".crashed.tmp", (1_000_000, 1_000_000))
        render_charts(comparison, DA, scale=scale)
        (new,) = set(_entries(cache)) - set(written)
        written.append(new)
        os.utime(new, (2_000_000 + number, 2_000_000 + number))  # distinct ages, oldest first
        assert len(_entries(cache)) <= 3
    assert _entries(cache) == sorted(written[2:])
    assert not (cache / ".crashed.tmp").exists()

    clear_chart_cache()
    render_charts(comparison, DA, scale=1.2)  # kept: from the disk
    assert renderer.calls == 5
    render_charts(comparison, DA, scale=1.0)  # pruned: drawn again
    assert renderer.calls == 6


def test_the_prewarm_and_concurrent_clicks_render_once(demo_db, cache, monkeypatch):
    _url, uow, loaded = demo_db
    proposal_id = loaded.proposal_ids["C"]
    release = threading.Event()
    fake = FakeRenderer(hold=release)
    monkeypatch.setattr(report.charts, "document_pngs", fake)

    prewarm = prewarm_charts(uow, proposal_id, DA, actor=SYSTEM, identity="test-db")
    assert prewarm is not None
    assert fake.entered.wait(timeout=30)  # the prewarm is drawing
    assert prewarm_charts(uow, proposal_id, DA, actor=SYSTEM, identity="test-db") is None  # once

    comparison = _comparison(demo_db)
    results: list[list[ChartImage]] = []
    clicks = [
        threading.Thread(target=lambda: results.append(render_charts(comparison, DA))) for _ in range(3)
    ]
    for click in clicks:
        click.start()
    time.sleep(0.3)  # the clicks reach render_charts while the prewarm still draws
    release.set()
    for thread in (prewarm, *clicks):
        thread.join(timeout=30)
    assert fake.calls == 1
    assert len(results) == 3 and all(result == results[0] for result in results)
    assert len(_entries(cache)) == 1


def test_a_failed_rendering_lets_the_waiting_caller_render(demo_db, cache, monkeypatch):
    comparison = _comparison(demo_db)
    release, entered = threading.Event(), threading.Event()
    calls: list[int] = []

    def failing_then_fine(comparison: Comparison, _: Translator, scale: float = 2.0):
        calls.append(1)
        entered.set()
        if len(calls) == 1:
            release.wait(timeout=30)
            raise RuntimeError("vl-convert fell over")
        return [("options", "fine", _png())]

    monkeypatch.setattr(report.charts, "document_pngs", failing_then_fine)
    errors: list[BaseException] = []

    def first() -> None:
        try:
            render_charts(comparison, DA)
        except RuntimeError as error:
            errors.append(error)

    failing = threading.Thread(target=first)
    failing.start()
    assert entered.wait(timeout=30)
    waiting: list[list[ChartImage]] = []
    second = threading.Thread(target=lambda: waiting.append(render_charts(comparison, DA)))
    second.start()
    time.sleep(0.2)
    release.set()
    failing.join(timeout=30)
    second.join(timeout=30)
    assert len(errors) == 1 and [chart.caption for chart in waiting[0]] == ["fine"]
    assert len(calls) == 2


def _an_actor_who_may_not_export(uow: SqlUnitOfWork, proposal_id: int) -> Actor:
    from assessment.proposals import get_proposal

    proposal = get_proposal(uow, proposal_id, actor=SYSTEM)
    for person_id in range(1, 40):
        try:
            actor = people.actor_for(uow, person_id)
        except Exception:  # no such person
            continue
        if actor.roles and not allows(actor, Action.EXPORT_SUMMARY, proposal.unit_id, proposal.status):
            return actor
    return Actor(person_id=None)  # no roles at all


def _export_records(uow: SqlUnitOfWork, proposal_id: int) -> int:
    with uow.read() as repo:
        return sum(e.action == "summary.export" for e in repo.events_for("proposal", str(proposal_id)))


def test_the_prewarm_respects_permissions_and_leaves_no_audit_record(demo_db, cache, renderer):
    _url, uow, loaded = demo_db
    proposal_id = loaded.proposal_ids["C"]
    records = _export_records(uow, proposal_id)
    outsider = _an_actor_who_may_not_export(uow, proposal_id)

    refused = prewarm_charts(uow, proposal_id, DA, actor=outsider, identity="test-db")
    assert refused is not None
    refused.join(timeout=30)
    assert renderer.calls == 0 and _entries(cache) == []

    allowed = prewarm_charts(uow, proposal_id, DA, actor=SYSTEM, identity="test-db")  # tried again
    assert allowed is not None
    allowed.join(timeout=30)
    assert renderer.calls == 1 and len(_entries(cache)) == 1
    assert _export_records(uow, proposal_id) == records  # no file left the app


def test_the_prewarm_draws_the_outcome_indicators_charts_too(demo_db, cache, monkeypatch):
    # D's follow-up has three indicators: after the prewarm, the click finds their charts drawn.
    _url, uow, loaded = demo_db
    proposal_id = loaded.proposal_ids["D"]
    monkeypatch.setattr(report.charts, "document_pngs", FakeRenderer())  # the comparison's: not the point
    with report.charts._PNG_LOCK:
        report.charts._PNG_CACHE.clear()
    assert report.export.warm_charts(uow, proposal_id, DA, actor=SYSTEM)
    real, drawn = report.charts.vlc.vegalite_to_png, []

    def counting(*args, **kwargs):
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(report.charts.vlc, "vegalite_to_png", counting)
    summary = export_summary(uow, proposal_id, DA, actor=SYSTEM).summary
    # Three indicators, and the panel's follow-up scores per dimension.
    assert [image.section for image in report.export.outcome_charts(summary, DA)] == ["follow_up"] * 3 + [
        "follow_up_panel"
    ]
    assert drawn == []


def test_the_outcome_charts_are_kept_on_disk_for_the_next_process(demo_db, cache):
    # The command line and the other server processes find D's follow-up charts drawn, and load no chart
    # library to read them.
    url, uow, loaded = demo_db
    proposal_id = loaded.proposal_ids["D"]
    summary = export_summary(uow, proposal_id, DA, actor=SYSTEM).summary
    drawn = report.export.outcome_charts(summary, DA)
    assert [image.section for image in drawn] == ["follow_up"] * 3 + ["follow_up_panel"]
    assert len(_entries(cache)) == 1

    probe = f"""
import hashlib, json, sys
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import SYSTEM
from assessment.summary import export_summary
from report.export import outcome_charts
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork

engine = make_engine({url!r})
summary = export_summary(SqlUnitOfWork(engine), {proposal_id}, Translator("da"), actor=SYSTEM).summary
charts = outcome_charts(summary, Translator("da"))
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("altair", "pandas", "vl_convert"))
print(json.dumps({{"charts": [[c.section, c.caption, hashlib.sha256(c.png).hexdigest()] for c in charts], "loaded": loaded}}))
"""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), CHART_CACHE_ENV: str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["loaded"] == []
    assert found["charts"] == [[c.section, c.caption, hashlib.sha256(c.png).hexdigest()] for c in drawn]


def test_other_follow_up_values_draw_other_outcome_charts(demo_db, cache):
    _url, uow, loaded = demo_db
    summary = export_summary(uow, loaded.proposal_ids["D"], DA, actor=SYSTEM).summary
    first = report.export.outcome_charts(summary, DA)
    indicators = summary.follow_up.indicators
    first_view = indicators[0]
    moved = replace(
        first_view,
        indicator=replace(first_view.indicator, target_value=first_view.indicator.target_value + 5),
    )
    changed = replace(summary, follow_up=replace(summary.follow_up, indicators=(moved, *indicators[1:])))
    assert report.export.outcome_charts(changed, DA) != first
    assert len(_entries(cache)) == 2
