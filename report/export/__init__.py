"""The decision summary as files: Word, PDF, Excel, Markdown and CSV.

:func:`export` is what a page's download button and ``python -m report`` call: one use case,
:func:`~assessment.summary.export_summary`, reads the summary and the comparison its charts are
drawn from in one read transaction; this package only renders them (the charts offline, for
Word and PDF), writes in the audit trail that the file left the app
(:func:`~assessment.summary.record_export`) and hands back the file's bytes with a name and a
media type. Each ``to_*`` function renders an already built
:class:`~assessment.summary_model.DecisionSummary`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import secrets
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from assessment.comparison import Comparison
from assessment.kernel.errors import DomainError
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import Actor
from assessment.kernel.repository import UnitOfWork
from assessment.summary import export_summary, record_export
from assessment.summary_model import DecisionSummary
from report.export.csv_file import to_csv
from report.export.layout import ChartImage
from report.export.markdown import to_markdown

if TYPE_CHECKING:
    from assessment.kernel.rubric import Rubric

__all__ = [
    "ChartImage",
    "Export",
    "Format",
    "chart_cache_folder",
    "chart_key",
    "clear_chart_cache",
    "export",
    "file_name",
    "file_name_for",
    "outcome_charts",
    "prewarm_charts",
    "render_charts",
    "start_chart_engine",
    "to_csv",
    "to_docx",
    "to_markdown",
    "to_pdf",
    "to_xlsx",
    "warm_charts",
]


class Format(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"
    MD = "md"
    CSV = "csv"


MEDIA_TYPES: dict[Format, str] = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PDF: "application/pdf",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.MD: "text/markdown; charset=utf-8",
    Format.CSV: "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Export:
    """One file, ready for a download button or the disk."""

    data: bytes
    file_name: str
    media_type: str


# Word, PDF and Excel are made by libraries that take a good part of a second to import: each is
# imported by the first file of its kind, so `python -m report --format md` never loads the others.


def to_docx(summary: DecisionSummary, charts: Sequence[ChartImage] = ()) -> bytes:
    """The summary as a Word document (:func:`report.export.word.to_docx`)."""
    from report.export.word import to_docx as word

    return word(summary, charts)


def to_pdf(summary: DecisionSummary, charts: Sequence[ChartImage] = ()) -> bytes:
    """The summary as a PDF (:func:`report.export.pdf.to_pdf`)."""
    from report.export.pdf import to_pdf as pdf

    return pdf(summary, charts)


def to_xlsx(summary: DecisionSummary, rubric: Rubric | None = None) -> bytes:
    """The summary as an Excel workbook (:func:`report.export.excel.to_xlsx`)."""
    from report.export.excel import to_xlsx as excel

    return excel(summary, rubric)


# The charts of a summary, rendered once and reused: by the hash of everything they are drawn from
# (the whole comparison: options, scores, rubric; the language; the scale), never by a proposal's
# id. Another user's or workspace's summary, or a proposal whose scores have changed since, has
# another key. Each entry is the 4 images of one summary, about 1-2 MB; a few are kept in memory,
# more on disk (below), so a later process (the command line, a restarted server) reuses them too.
_CHARTS: OrderedDict[str, tuple[ChartImage, ...]] = OrderedDict()
CHART_SETS_KEPT = 8
DOCUMENT_SCALE = 1.5  # pixels per pixel of a chart: 1350 px across 17 cm, about 200 dpi in print
_CHARTS_LOCK = threading.Lock()
# Keys being rendered (or read from disk) right now: a second caller waits for the first.
_IN_FLIGHT: dict[str, threading.Event] = {}

# The disk cache: one zip file per chart set (named by its key and the renderer), holding ``manifest.json`` (each
# chart's section, caption and member name) and the PNG files, stored uncompressed. Written to a
# temporary file and renamed into place, so a reader sees a whole file or none; anything that does
# not read back whole (truncated, bad checksum, another format) is ignored and rendered again.
CHART_CACHE_ENV = "KERNEKOMPAS_CHART_CACHE"
CHART_SETS_ON_DISK = 60  # about 60-120 MB; the oldest by modification time go first (a read renews it)
_DISK_FORMAT = "kernekompas-charts/1"
_MANIFEST = "manifest.json"
_ENTRY = re.compile(r"^[0-9a-f]{64}\.zip$")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_STALE_TEMPORARY = 600.0  # seconds: a temporary file this much older than a new entry was left by a crash
_log = logging.getLogger(__name__)
_disk_warned = False
# What draws the charts besides the comparison: a set rendered by other code, another catalogue
# of the texts, or another Altair or vl-convert (a new release deployed), has another file name.
_RENDERER_FILES = (
    "report/charts.py",
    "report/outcome_charts.py",
    "report/panel_outcome_charts.py",
    "assessment/outcome_rules.py",
    "assessment/follow_up_profile.py",
    "report/export/safe.py",
    "assessment/comparison_profile.py",
    "assessment/organisation.py",
    "assessment/kernel/i18n.py",
)
_RENDERER_PACKAGES = ("altair", "vl-convert-python")
_ROOT = Path(__file__).resolve().parents[2]


def chart_key(comparison: Comparison, language: str, scale: float) -> str | None:
    """The cache key of a comparison's charts; None when its text shows no content to key on."""
    content = repr(comparison)  # dataclasses all the way down: every value the charts are drawn from
    if " at 0x" in content:  # an object without a content repr: no key rather than a wrong one
        return None
    return hashlib.sha256(f"{language}\n{scale!r}\n{content}".encode()).hexdigest()


def chart_cache_folder() -> Path:
    """Where rendered chart sets are kept: ``KERNEKOMPAS_CHART_CACHE``, else ``data/chart-cache/``."""
    configured = os.environ.get(CHART_CACHE_ENV, "").strip()
    if configured:
        return Path(configured)
    from storage.engine import REPO_ROOT

    return REPO_ROOT / "data" / "chart-cache"


@functools.cache
def _renderer(language: str) -> str:
    """A fingerprint of the code, texts and libraries that draw the charts in ``language``."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(_DISK_FORMAT.encode())
    for name in (*_RENDERER_FILES, f"locales/{language}/LC_MESSAGES/kernekompas.po"):
        try:
            digest.update(f"\n{name}\n".encode() + (_ROOT / name).read_bytes())
        except OSError:
            digest.update(f"\n{name}\n-".encode())
    for package in _RENDERER_PACKAGES:
        try:
            digest.update(f"\n{package} {version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"\n{package} -".encode())
    return digest.hexdigest()


def _disk_name(key: str, language: str) -> str:
    """The chart set's file: the content key together with the renderer that drew it."""
    return hashlib.sha256(f"{_renderer(language)}\n{key}".encode()).hexdigest() + ".zip"


def render_charts(comparison: Comparison, _: Translator, scale: float = DOCUMENT_SCALE) -> list[ChartImage]:
    """The document charts as PNG images, each tagged with the section of the summary it belongs in.

    Rendering takes a second or two, so the images of the same content are made once
    (:func:`chart_key`) and looked for in memory, then on disk (:func:`chart_cache_folder`),
    before they are drawn; Word and then PDF of one summary, a second download, or the command
    line later reuse them, and charts found on disk load neither Altair nor vl-convert. Callers
    asking for the same key at the same time (a prewarm and a click) wait for one rendering.
    """
    return _kept(chart_key(comparison, _.language, scale), _.language, lambda: _draw(comparison, _, scale))


def _kept(key: str | None, language: str, draw: Callable[[], tuple[ChartImage, ...]]) -> list[ChartImage]:
    """The chart set of ``key`` from memory, else from disk, else drawn once by ``draw`` and kept in both;
    without a key, drawn every time."""
    if key is None:
        return list(draw())
    while True:
        with _CHARTS_LOCK:
            found = _CHARTS.get(key)
            if found is not None:
                _CHARTS.move_to_end(key)
                return list(found)
            in_flight = _IN_FLIGHT.get(key)
            if in_flight is None:
                _IN_FLIGHT[key] = threading.Event()
                break
        in_flight.wait()  # then from memory; or, if that rendering failed, this caller tries
    try:
        folder = chart_cache_folder()
        name = _disk_name(key, language)
        images = _read_chart_set(folder / name, key)
        if images is None:
            images = draw()
            _write_chart_set(folder, name, key, images)
        with _CHARTS_LOCK:
            _CHARTS[key] = images
            while len(_CHARTS) > CHART_SETS_KEPT:
                _CHARTS.popitem(last=False)
    finally:
        with _CHARTS_LOCK:
            _IN_FLIGHT.pop(key).set()
    return list(images)


def _draw(comparison: Comparison, _: Translator, scale: float) -> tuple[ChartImage, ...]:
    start_chart_engine()
    _ENGINE_WANTED.set()  # the engine starts while Altair and pandas are imported and the charts built
    from report.charts import document_pngs  # Altair and vl-convert only when drawing

    return tuple(
        ChartImage(caption, png, section) for section, caption, png in document_pngs(comparison, _, scale)
    )


def _read_chart_set(path: Path, key: str) -> tuple[ChartImage, ...] | None:
    """The chart set of ``key`` in ``path``, or None when there is none or it does not read back whole."""
    try:
        with zipfile.ZipFile(path) as archive:  # each member's CRC is checked as it is read
            manifest = json.loads(archive.read(_MANIFEST))
            if manifest["format"] != _DISK_FORMAT or manifest["key"] != key:
                return None
            images = tuple(
                ChartImage(str(chart["caption"]), archive.read(str(chart["file"])), str(chart["section"]))
                for chart in manifest["charts"]
            )
    except FileNotFoundError:
        return None
    except Exception as error:  # truncated, corrupt, unreadable: render again
        _log.debug("chart cache entry %s ignored: %r", path, error)
        return None
    if not all(image.png.startswith(_PNG_SIGNATURE) for image in images):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # in use: pruned last
    return images


def _write_chart_set(folder: Path, name: str, key: str, images: Sequence[ChartImage]) -> None:
    """Store a chart set atomically, then prune the folder; a cache that cannot be written is skipped."""
    global _disk_warned
    temporary = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        manifest = {
            "format": _DISK_FORMAT,
            "key": key,
            "charts": [
                {"section": image.section, "caption": image.caption, "file": f"{index}.png"}
                for index, image in enumerate(images)
            ],
        }
        try:
            with open(temporary, "xb") as file, zipfile.ZipFile(file, "w", zipfile.ZIP_STORED) as archive:
                archive.writestr(_MANIFEST, json.dumps(manifest, ensure_ascii=False))
                for index, image in enumerate(images):
                    archive.writestr(f"{index}.png", image.png)
            os.replace(temporary, folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(folder, keep=CHART_SETS_ON_DISK, written=folder / name)
    except Exception as error:  # read-only deployment, disk full: the export goes on without the cache
        with _CHARTS_LOCK:
            warn, _disk_warned = not _disk_warned, True
        if warn:
            _log.warning(
                "Rendered charts cannot be kept in %s (%s); they are rendered for every download",
                folder,
                error,
            )


def _prune(folder: Path, *, keep: int, written: Path) -> None:
    """Keep the ``keep`` newest chart sets by modification time (``written``, the one just written,
    among them in any case), and no temporary file left by a crashed writer."""
    entries: list[tuple[float, str]] = []
    temporaries: list[tuple[float, str]] = []
    written_at = 0.0
    with os.scandir(folder) as found:
        for entry in found:
            try:
                modified = entry.stat().st_mtime
            except FileNotFoundError:  # pruned by another process meanwhile
                continue
            if entry.name == written.name:
                written_at = modified
            elif _ENTRY.match(entry.name):
                entries.append((modified, entry.path))
            elif entry.name.startswith(".") and entry.name.endswith(".tmp"):
                temporaries.append((modified, entry.path))
    entries.sort()
    stale = [path for _, path in entries[: max(0, len(entries) - (keep - 1))]]
    stale += [path for modified, path in temporaries if modified < written_at - _STALE_TEMPORARY]
    for path in stale:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def clear_chart_cache() -> None:
    """Forget every chart rendered and prewarmed in this process (benchmarks time the rendering
    itself). The disk cache is left alone: point ``KERNEKOMPAS_CHART_CACHE`` at an empty folder."""
    from report.charts import clear_png_cache

    with _CHARTS_LOCK:
        _CHARTS.clear()
        _WARMED.clear()
    clear_png_cache()


# vl-convert's JavaScript engine takes a third of a second to start, outside Python's lock. It is
# started once per process, when the first chart is to be drawn, so it starts while Altair and
# pandas are imported; charts found in a cache never start it.
_ENGINE_WANTED = threading.Event()
_ENGINE_LOCK = threading.Lock()
_engine_thread: threading.Thread | None = None


def start_chart_engine() -> threading.Thread:
    """Get vl-convert's engine ready in the background, once per process.

    The returned daemon thread starts the engine as soon as charts are to be drawn: when
    :func:`render_charts` finds a summary's charts in neither cache. A command that may draw
    charts calls this first; if every chart comes from a cache, vl-convert is never imported.
    """
    global _engine_thread

    def start() -> None:
        _ENGINE_WANTED.wait()
        import vl_convert

        vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})

    with _ENGINE_LOCK:
        if _engine_thread is None:
            _engine_thread = threading.Thread(target=start, name="chart-engine", daemon=True)
            _engine_thread.start()
        return _engine_thread


# Prewarming: a screen that shows the download buttons has the charts rendered in the background,
# so the first click finds them ready. Once per process per (database, proposal, language); the
# marks of the last few hundred are kept.
_WARMED: OrderedDict[tuple[str, int, str], None] = OrderedDict()
WARMED_KEPT = 256


def prewarm_charts(
    uow: UnitOfWork, proposal_id: int, translator: Translator, *, actor: Actor, identity: str
) -> threading.Thread | None:
    """Render the charts a Word or PDF download of the proposal would need, on a daemon thread.

    ``identity`` names the database (``uow``'s): the same proposal id in another database is
    another proposal. Returns the thread, or None when this was done (or started) before.
    Nothing is written in the audit trail: no file leaves the app.
    """
    mark = (identity, proposal_id, translator.language)
    with _CHARTS_LOCK:
        if mark in _WARMED:
            _WARMED.move_to_end(mark)
            return None
        _WARMED[mark] = None
        while len(_WARMED) > WARMED_KEPT:
            _WARMED.popitem(last=False)

    def warm() -> None:
        try:
            warmed = warm_charts(uow, proposal_id, translator, actor=actor)
        except Exception:  # the click will render, and report any error to the person
            _log.warning("Prewarming the charts of proposal %s failed", proposal_id, exc_info=True)
            warmed = False
        if not warmed:  # refused or failed: another person's screen may try again
            with _CHARTS_LOCK:
                _WARMED.pop(mark, None)

    thread = threading.Thread(target=warm, name=f"chart-prewarm-{proposal_id}", daemon=True)
    thread.start()
    return thread


def warm_charts(uow: UnitOfWork, proposal_id: int, translator: Translator, *, actor: Actor) -> bool:
    """What a Word download does for its charts, without the file and the audit record.

    The summary is read as a download reads it (``actor`` permission-checked, raters
    pseudonymised, the rubric's weights); False, with nothing rendered, when it is refused.
    """
    try:
        read = export_summary(uow, proposal_id, translator, actor=actor)
    except DomainError:
        return False
    render_charts(read.comparison, translator)
    outcome_charts(read.summary, translator)  # kept in memory by content: the click finds them drawn
    return True


def outcome_charts(summary: DecisionSummary, translator: Translator) -> list[ChartImage]:
    """Expected against actual for each outcome indicator, in the follow-up section, then the panel's
    follow-up scores against what it expected, per dimension, after the panel's tables
    ("follow_up_panel"); each with its words as the caption. Kept like the comparison's charts, by
    the hash of what they are drawn from, in memory and on disk: the download buttons' prewarm, a
    click, or the command line later find them drawn, and loading them needs no chart library."""
    follow_up = summary.follow_up
    if not follow_up.indicators and not follow_up.dimensions:
        return []
    content = repr((follow_up.indicators, follow_up.dimensions))
    key = (
        None
        if " at 0x" in content
        else hashlib.sha256(f"outcomes\n{translator.language}\n{content}".encode()).hexdigest()
    )
    return _kept(key, translator.language, lambda: _draw_outcomes(summary, translator))


def _draw_outcomes(summary: DecisionSummary, translator: Translator) -> tuple[ChartImage, ...]:
    follow_up = summary.follow_up
    # Altair, pandas and vl-convert only when there is something to draw (see render_charts).
    images: list[ChartImage] = []
    if follow_up.indicators:
        from report import outcome_charts as drawn

        images.extend(
            ChartImage(drawn.description(view, translator), drawn.document_png(view, translator), "follow_up")
            for view in follow_up.indicators
        )
    if follow_up.dimensions:
        from report import panel_outcome_charts as panel

        png = panel.document_png(follow_up.dimensions, translator)
        if png is not None:
            images.append(
                ChartImage(panel.description(follow_up.dimensions, translator), png, "follow_up_panel")
            )
    return tuple(images)


def file_name(summary: DecisionSummary, fmt: Format | str) -> str:
    return file_name_for(summary.proposal_id, summary.title, summary.language, fmt)


def file_name_for(proposal_id: int, title: str, language: str, fmt: Format | str) -> str:
    """ "beslutningsreferat-12-faste-aargangsteams.docx": the document, the proposal, plain ASCII."""
    fmt = Format(fmt)
    folded = unicodedata.normalize("NFKD", title.lower().translate(_DANISH))
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")[:50].strip("-")
    kind = "scores" if fmt is Format.CSV else _DOCUMENT.get(language, "decision-summary")
    if fmt is Format.CSV and language == "da":
        kind = "vurderinger"
    return f"{kind}-{proposal_id}-{slug or 'forslag'}.{fmt.value}"


_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_DOCUMENT = {"da": "beslutningsreferat", "en": "decision-summary"}


def export(
    uow: UnitOfWork,
    proposal_id: int,
    fmt: Format | str,
    translator: Translator,
    *,
    actor: Actor,
    pseudonymise: bool = True,
    dimension_weights: Mapping[str, float] | None = None,
) -> Export:
    """The proposal's decision summary as one file; refused before the reveal like the summary.

    One read transaction for everything the file says; once the file is made, one write for
    the audit trail.
    """
    fmt = Format(fmt)
    read = export_summary(
        uow,
        proposal_id,
        translator,
        actor=actor,
        pseudonymise=pseudonymise,
        dimension_weights=dimension_weights,
    )
    summary, comparison = read.summary, read.comparison
    if fmt is Format.DOCX:
        data = to_docx(
            summary, [*render_charts(comparison, translator), *outcome_charts(summary, translator)]
        )
    elif fmt is Format.PDF:
        data = to_pdf(summary, [*render_charts(comparison, translator), *outcome_charts(summary, translator)])
    elif fmt is Format.XLSX:
        data = to_xlsx(summary, comparison.rubric)
    elif fmt is Format.MD:
        data = to_markdown(summary).encode("utf-8")
    else:
        data = to_csv(summary)
    done = Export(data, file_name(summary, fmt), MEDIA_TYPES[fmt])
    record_export(uow, proposal_id, file_format=fmt.value, named=not summary.pseudonymised, actor=actor)
    return done
