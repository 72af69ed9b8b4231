"""The panel's follow-up scores against what it expected, per dimension: the table, the chart (one
axis per scale, ladders left to the table), its description, and the image in the Word summary.

Rows are built by hand on the scales of the shipped rubric (rubrics/kerneopgave.toml), whose level
names are the ones people read: on »virkning« −2…+2 is »Klart dårligere« … »Klart bedre«.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assessment.comparison_profile import ProfileCell, level_name
from assessment.follow_up_profile import DimensionOutcome
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.rubric import Rubric
from assessment.kernel.rubric_loading import load_rubric
from assessment.summary import export_summary
from demo.data import DemoSummary, load_demo
from report import panel_outcome_charts as panel
from report.export import outcome_charts
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork

ROOT = Path(__file__).resolve().parents[2]
DA, EN = Translator("da"), Translator("en")


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric(ROOT / "rubrics" / "kerneopgave.toml")


def cell(rubric: Rubric, scale: str, value: float | None) -> ProfileCell:
    """A profile cell as the profile makes it: the median on the scale, in the scale's Danish words."""
    if value is None:
        return ProfileCell(1, "–", None)
    found = rubric.scales[scale]
    return ProfileCell(1, level_name(found, value, "da"), found.normalise(value), value, value, value)


def row(
    rubric: Rubric, label: str, scale: str, expected: float | None, actual: float | None
) -> DimensionOutcome:
    return DimensionOutcome(
        dimension_key=label.lower(),
        label=label,
        scale=rubric.scales[scale],
        ladder=False,
        expected=cell(rubric, scale, expected),
        actual=cell(rubric, scale, actual),
    )


def ladder(rubric: Rubric) -> DimensionOutcome:
    """A ladder row. The profile gives a ladder no value; these have one, so that it is the row being
    a ladder, not a missing number, that keeps it out of the chart."""
    return DimensionOutcome(
        dimension_key="borgerinddragelse",
        label="Borgerinddragelse",
        scale=rubric.scales["inddragelse"],
        ladder=True,
        expected=ProfileCell(1, "Planlagt: Fælles fokus · Passende: Skærpet lydhørhed", None, 1.5),
        actual=ProfileCell(1, "Planlagt: Fælles fokus · Passende: Fælles fokus", None, 1),
    )


@pytest.fixture
def effects(rubric: Rubric) -> list[DimensionOutcome]:
    """Three effect rows (better, worse by a quarter step, as expected), an unscored one and a ladder."""
    return [
        row(rubric, "Kerneopgaven", "virkning", 1, 2),
        row(rubric, "Arbejdsmiljø", "virkning", 0.5, 0.25),
        row(rubric, "Fagligheder", "virkning", -1, -1),
        row(rubric, "Samarbejde", "virkning", 1, None),
        ladder(rubric),
    ]


def spec_of(dimensions: list[DimensionOutcome], _: Translator = DA) -> dict[str, Any]:
    chart = panel.chart(dimensions, _)
    assert chart is not None
    return chart.to_dict()


def layers(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The layers of each sub-chart: one per scale."""
    return [part["layer"] for part in spec["vconcat"]] if "vconcat" in spec else [spec["layer"]]


def data_of(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    return spec["datasets"][layer["data"]["name"]]


def points(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Per sub-chart, the points drawn: the layer whose marks are the rings and dots."""
    found = []
    for part in layers(spec):
        [dots] = [layer for layer in part if layer["mark"]["type"] == "point"]
        found.append(data_of(spec, dots))
    return found


# The table ---------------------------------------------------------------------------------------


def test_the_table_says_expected_and_actual_in_words_and_the_difference_signed(effects):
    table = panel.table(effects, DA)
    assert list(table.columns) == ["Område", "Forventet", "Faktisk", "Forskel"]
    assert table.values.tolist() == [
        ["Kerneopgaven", "Lidt bedre", "Klart bedre", "+1"],
        # 0,5 is halfway between two levels, 0,25 nearer »Ingen forskel«; the difference is a quarter
        # step, which one decimal would round away.
        ["Arbejdsmiljø", "Ingen forskel/Lidt bedre", "Ingen forskel", "\N{MINUS SIGN}0,25"],
        ["Fagligheder", "Lidt dårligere", "Lidt dårligere", "0"],
        ["Samarbejde", "Lidt bedre", "–", "–"],
        # A ladder is steps: said in words, never subtracted.
        [
            "Borgerinddragelse",
            "Planlagt: Fælles fokus · Passende: Skærpet lydhørhed",
            "Planlagt: Fælles fokus · Passende: Fælles fokus",
            "–",
        ],
    ]


# The chart ---------------------------------------------------------------------------------------


def test_each_row_is_a_ring_for_expected_and_a_dot_for_actual_with_a_line_between(effects):
    spec = spec_of(effects)
    [part] = layers(spec)
    [drawn] = points(spec)
    assert [(p["dimension"], p["series"], p["value"]) for p in drawn] == [
        ("Kerneopgaven", "Forventet efter drøftelsen", 1),
        ("Kerneopgaven", "Faktisk ved opfølgningen", 2),
        ("Arbejdsmiljø", "Forventet efter drøftelsen", 0.5),
        ("Arbejdsmiljø", "Faktisk ved opfølgningen", 0.25),
        ("Fagligheder", "Forventet efter drøftelsen", -1),
        ("Fagligheder", "Faktisk ved opfølgningen", -1),
        ("Samarbejde", "Forventet efter drøftelsen", 1),  # not scored at the follow-up: the ring alone
    ]
    [dots] = [layer for layer in part if layer["mark"]["type"] == "point"]
    encoding = dots["encoding"]
    # Told apart without colour: the ring is hollow (white inside) and larger than the filled dot.
    assert encoding["fill"]["scale"]["domain"] == ["Forventet efter drøftelsen", "Faktisk ved opfølgningen"]
    assert encoding["fill"]["scale"]["range"][0] == "#FFFFFF"
    assert encoding["fill"]["scale"]["range"][1] == encoding["stroke"]["scale"]["range"][1] != "#FFFFFF"
    big, small = encoding["size"]["scale"]["range"]
    assert big > small
    [line] = [layer for layer in part if layer["mark"]["type"] == "rule" and "y" in layer["encoding"]]
    assert [(r["dimension"], r["expected"], r["actual"]) for r in data_of(spec, line)] == [
        ("Kerneopgaven", 1, 2),
        ("Arbejdsmiljø", 0.5, 0.25),
        ("Fagligheder", -1, -1),
    ]


def test_a_ladder_is_not_drawn_but_named_in_the_subtitle(effects):
    spec = spec_of(effects)
    drawn = {p["dimension"] for part in points(spec) for p in part}
    assert "Borgerinddragelse" not in drawn
    subtitle = spec["title"]["subtitle"]
    assert "Kun i tabellen, fordi de er trin og ikke tal: Borgerinddragelse." in subtitle
    assert "Endnu ikke vurderet ved opfølgningen: Samarbejde." in subtitle
    assert "Den stiplede linje er ingen forskel fra at fortsætte som i dag." in subtitle


def test_the_axis_is_the_scales_levels_with_a_dashed_line_at_no_difference(effects):
    spec = spec_of(effects)
    [part] = layers(spec)
    axis = next(layer["encoding"]["x"]["axis"] for layer in part if "axis" in layer["encoding"].get("x", {}))
    assert axis["values"] == [-2, -1, 0, 1, 2]
    assert axis["title"] == "Forskel fra i dag"
    assert "Klart dårligere" in axis["labelExpr"] and "Klart bedre" in axis["labelExpr"]
    [middle] = [layer for layer in part if layer["mark"].get("strokeDash")]
    assert data_of(spec, middle) == [{"x": 0}]


def test_rows_on_two_scales_are_two_charts_each_on_its_own_axis(rubric, effects):
    degree = row(rubric, "Proces", "grad", 2, 3)
    spec = spec_of([*effects, degree])
    assert len(spec["vconcat"]) == 2
    assert spec["resolve"]["scale"]["x"] == "independent"
    assert [sorted({p["dimension"] for p in part}) for part in points(spec)] == [
        ["Arbejdsmiljø", "Fagligheder", "Kerneopgaven", "Samarbejde"],
        ["Proces"],
    ]
    domains, titles, dashed = [], [], []
    for part in layers(spec):
        x = next(layer["encoding"]["x"] for layer in part if "axis" in layer["encoding"].get("x", {}))
        domains.append(x["scale"]["domain"])
        titles.append(x["axis"]["title"])
        dashed.append(any(layer["mark"].get("strokeDash") for layer in part))
    assert titles == ["Forskel fra i dag", "I hvor høj grad"]
    assert domains[0] != domains[1]  # −2…+2 against 0…4: never one axis
    assert dashed == [True, False]  # »no difference« only means something on the effect scale
    # The legend is one, shared: the two series are the same in both.
    assert {part["layer"][-1]["encoding"]["fill"]["scale"]["domain"][0] for part in spec["vconcat"]} == {
        "Forventet efter drøftelsen"
    }


def test_nothing_to_draw_gives_no_chart(rubric):
    assert panel.chart([], DA) is None
    assert panel.chart([ladder(rubric)], DA) is None
    unscored = row(rubric, "Kerneopgaven", "virkning", None, None)
    assert panel.chart([unscored, ladder(rubric)], DA) is None
    assert panel.document_png([unscored], DA) is None
    assert panel.specification([unscored], DA) is None
    # Still a table: the reader learns the dimension is there, unscored.
    assert panel.table([unscored], DA).values.tolist() == [["Kerneopgaven", "–", "–", "–"]]


# The description ---------------------------------------------------------------------------------


def test_the_description_is_the_title_and_a_sentence_per_drawn_row(effects):
    text = panel.description(effects, DA)
    assert text == " ".join(
        [
            "Forventet og faktisk på hvert område.",
            "Kerneopgaven: forventet Lidt bedre, faktisk Klart bedre (bedre end forventet).",
            "Arbejdsmiljø: forventet Ingen forskel/Lidt bedre, faktisk Ingen forskel (dårligere end forventet).",
            "Fagligheder: forventet Lidt dårligere, faktisk Lidt dårligere (som forventet).",
            "Samarbejde: forventet Lidt bedre, endnu ikke vurderet ved opfølgningen.",
            "Kun i tabellen, fordi de er trin og ikke tal: Borgerinddragelse.",
        ]
    )
    # The chart carries it as its description, the accessible name; Vega adds no English names.
    spec = panel.specification(effects, DA)
    assert spec is not None and spec["description"] == text
    assert spec["config"]["aria"] is False and spec["config"]["mark"]["aria"] is False
    assert spec["title"]["aria"] is False


def test_the_english_chart_has_no_danish_words_but_the_rubrics(effects):
    spec = spec_of(effects, EN)
    text = json.dumps(spec, ensure_ascii=False)
    assert "Expected after the discussion" in text and "Actual at the follow-up" in text
    assert "Forventet" not in text and "Faktisk" not in text
    assert panel.description(effects, EN).startswith(
        "Expected and actual in each dimension. Kerneopgaven: expected "
    )


def test_the_document_image_is_a_png(effects):
    png = panel.document_png(effects, DA, scale=1.0)
    assert png is not None and png.startswith(b"\x89PNG")


# In the Word and PDF summaries -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SqlUnitOfWork, DemoSummary]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('panel') / 'demo.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        uow = SqlUnitOfWork(engine)
        yield url, uow, load_demo(uow)
    finally:
        engine.dispose()


def test_the_summary_of_d_draws_the_panels_follow_up_after_its_indicators(demo):
    _url, uow, loaded = demo
    summary = export_summary(uow, loaded.proposal_ids["D"], DA, actor=SYSTEM).summary
    dimensions = summary.follow_up.dimensions
    assert dimensions, "D is followed up: its dimensions are in the summary"
    images = outcome_charts(summary, DA)
    assert [image.section for image in images] == ["follow_up"] * len(summary.follow_up.indicators) + [
        "follow_up_panel"
    ]
    last = images[-1]
    assert last.caption == panel.description(dimensions, DA)
    assert last.caption.startswith("Forventet og faktisk på hvert område. Kerneopgaven: forventet ")
    assert last.png == panel.document_png(dimensions, DA)  # the same content: drawn once, kept in memory


def test_a_summary_without_a_follow_up_draws_nothing_and_loads_no_chart_library(demo):
    url, _uow, loaded = demo
    probe = f"""
import json, sys
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import SYSTEM
from assessment.summary import export_summary
from report.export import outcome_charts
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork

summary = export_summary(SqlUnitOfWork(make_engine({url!r})), {loaded.proposal_ids["C"]}, Translator("da"),
                         actor=SYSTEM).summary
assert not summary.follow_up.dimensions and not summary.follow_up.indicators
images = outcome_charts(summary, Translator("da"))
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("altair", "pandas", "vl_convert"))
print(json.dumps({{"images": len(images), "loaded": loaded}}))
"""
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"images": 0, "loaded": []}
