"""The charts of a comparison: their data is the tested thing, on the example of test_comparison.py.

The numbers below come from the worked example in that module's docstring.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from assessment import people, proposals
from assessment.comparison import Comparison, compare
from assessment.kernel.i18n import Translator
from assessment.kernel.rubric import FIXED_LEVELS, Level, Rubric, Scale, ScaleKind
from report import charts
from tests.assessment.test_comparison import NURSE, SOSU, Example, example
from tests.fakes import FakeUnitOfWork
from tests.support import Clock, build_world, proposal_input, reveal_after_one_score

EN, DA = Translator("en"), Translator("da")


class Marked(Translator):
    """Puts every translated text in «», so a test sees that a title went through the translator."""

    def gettext(self, message_id: str) -> str:
        return f"«{message_id}»"


@pytest.fixture(scope="module")
def ex() -> Example:
    return example()


@pytest.fixture(scope="module")
def comparison(ex: Example) -> Comparison:
    return ex.compare()


def rows(data: pd.DataFrame, *columns: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in data[list(columns)].itertuples(index=False)]


def test_the_profile_data_is_the_median_and_range_on_the_effect_scale_in_words(ex, comparison):
    data = charts.profile_data(comparison, EN)
    # On the scale itself (−2…+2), as the profile on the screen says it; the ladder is left out.
    assert rows(data, "option_id", "dimension_key", "value", "lowest", "highest", "words") == [
        (ex.keep, "kerneopgaven", 0.0, 0.0, 0.0, "Unchanged"),
        (ex.teams, "kerneopgaven", 1.0, -1.0, 2.0, "Better (from Worse to Much better)"),
        (ex.pairs, "kerneopgaven", 1.0, 0.0, 1.0, "Better (from Unchanged to Better)"),
        (ex.keep, "arbejdsmiljoe", 0.0, 0.0, 0.0, "Unchanged"),
        (ex.teams, "arbejdsmiljoe", -1.0, -1.0, -1.0, "Worse"),
        (ex.pairs, "arbejdsmiljoe", 1.0, 1.0, 1.0, "Better"),
    ]
    assert list(data["option"])[:1] == ["Keep as is"]
    assert list(dict.fromkeys(data["dimension"])) == ["The core task", "Work environment"]


def test_the_profile_chart_names_the_levels_on_its_axis_and_marks_no_difference(comparison):
    spec = charts.profile_chart(comparison, EN).to_dict()
    text = str(spec)
    assert "Much worse" in text and "Much better" in text  # the level names label the axis
    assert "%" not in text  # never a percentage of mixed scales
    [domain] = {
        str(layer["encoding"]["x"]["scale"]["domain"])
        for layer in spec["layer"]
        if "scale" in layer.get("encoding", {}).get("x", {})
    }
    assert domain == "[-2, 2]"
    assert "The dashed line is no difference from carrying on as today." in text


def _on_degrees(comparison: Comparison) -> Comparison:
    """The example with the work environment asked on an ordinal scale (0…4) instead, the values
    moved up by 2 to stay where they were on it."""
    rubric = comparison.rubric
    degree = Scale(
        kind=ScaleKind.ORDINAL,
        title={"da": "Grad", "en": "Degree"},
        levels=tuple(
            Level(value=v, label={"da": f"Grad {v}", "en": f"Degree {v}"})
            for v in FIXED_LEVELS[ScaleKind.ORDINAL]
        ),
    )
    work = {c.key for c in rubric.criteria if c.dimension == "arbejdsmiljoe"}
    return replace(
        comparison,
        rubric=rubric.model_copy(
            update={
                "scales": {**rubric.scales, "grad": degree},
                "criteria": tuple(
                    c.model_copy(update={"scale": "grad"}) if c.key in work else c for c in rubric.criteria
                ),
            }
        ),
        criterion_values={
            key: (value + 2 if key[1] in work and value is not None else value)
            for key, value in comparison.criterion_values.items()
        },
    )


def _format_2(comparison: Comparison) -> Comparison:
    """The example as a format-2 rubric reads it: "keep as is" is never asked about an effect but
    fixed at "no difference" (its values in the example are 0 already)."""
    return replace(comparison, rubric=comparison.rubric.model_copy(update={"schema_version": 2}))


def test_a_dimension_on_another_scale_stays_out_of_the_chart_and_says_so(comparison):
    # The work environment asked on an ordinal scale (0…4) instead: one axis cannot carry both
    # honestly, so the chart draws the effect scale and names the row it leaves to the table.
    changed = _on_degrees(comparison)
    data = charts.profile_data(changed, EN)
    assert set(data["scale_key"]) == {"effekt", "grad"}
    text = str(charts.profile_chart(changed, EN).to_dict())
    assert "On another scale, so only in the table: Work environment." in text
    assert "Degree 3" not in text  # the chart's axis is the effect scale's


def test_the_heat_map_marks_disagreement_and_leaves_out_the_ladders(ex, comparison):
    data = charts.heatmap_data(comparison, EN)
    # Five criteria in the index × three options; the two ladders are not better or worse.
    assert len(data) == 15
    assert set(data["criterion_key"]) == {
        "borger_effekt",
        "samfund_vaerdi",
        "perspektiver",
        "mening",
        "rolle",
    }
    teams = data[data["option_id"] == ex.teams].set_index("criterion_key")
    assert teams.loc["samfund_vaerdi", "mark"] == "−1 ⚠"
    assert teams.loc["borger_effekt", "mark"] == "+2"
    # rolle disagrees for the nurses' facet only; the row for the criterion is marked.
    assert teams.loc["rolle", "disagreement"]
    assert list(data[data["disagreement"]]["option_id"]) == [ex.teams, ex.teams]


def test_the_heat_map_shows_effects_signed_on_their_own_scale_in_words(ex, comparison):
    data = charts.heatmap_data(comparison, DA)
    teams = data[data["option_id"] == ex.teams].set_index("criterion_key")
    # The median on −2…+2, never a percentage of the best level (−1 was "25 %").
    assert rows(teams.reset_index(), "criterion_key", "median", "words", "tip", "count") == [
        ("borger_effekt", 2.0, "Meget bedre", "+2 · Meget bedre", 4),
        ("samfund_vaerdi", -1.0, "Værre", "−1 · Værre", 4),
        ("perspektiver", 1.0, "Bedre", "+1 · Bedre", 4),  # every rater scores all three perspectives
        ("mening", -1.0, "Værre", "−1 · Værre", 4),
        ("rolle", -1.0, "Værre", "−1 · Værre", 4),  # the 4 raters score both professions
    ]
    assert set(data["scale_kind"]) == {"effect"}
    # Halfway between two levels, both names, as the profile says it.
    halfway = replace(comparison, criterion_values={**comparison.criterion_values, (ex.pairs, "mening"): 0.5})
    pairs = charts.heatmap_data(halfway, DA).set_index(["option_id", "criterion_key"])
    assert pairs.loc[(ex.pairs, "mening"), "tip"] == "+0,5 · Uændret/Bedre"
    # The table view: option, criterion, the median as a number and in words, the raters.
    shown = charts.table(data, DA)
    assert list(shown.columns) == [
        "Handlemulighed",
        "Kriterium",
        "Område",
        "Median",
        "Median i ord",
        "Bedømmere",
        "Uenighed",
    ]
    assert shown.iloc[4].tolist()[3:6] == ["−1", "Værre", 4]


@pytest.mark.parametrize("name", ["heatmap", "profession"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_matrices_show_no_percentage_and_centre_effects_on_no_difference(comparison, name, language):
    _ = Translator(language)
    spec = getattr(charts, f"{name}_chart")(comparison, _).to_dict()
    text = str(spec) + str(charts.table(getattr(charts, f"{name}_data")(comparison, _), _))
    assert "%" not in text
    [cells] = [
        layer for layer in spec["layer"] if layer["mark"]["type"] == "rect" and "color" in layer["encoding"]
    ]
    scale = cells["encoding"]["color"]["scale"]
    # Diverging around 0, "no difference", in the colours the text colour is worked out from.
    assert scale["domain"] == [-2, 0, 2]
    assert scale["range"] == list(charts.EFFECT_COLOURS)
    assert scale["interpolate"] == "rgb"


def test_an_ordinal_criterion_keeps_its_levels_and_its_own_colours(ex, comparison):
    changed = _on_degrees(comparison)
    data = charts.heatmap_data(changed, EN).set_index(["option_id", "criterion_key"])
    assert data.loc[(ex.teams, "mening"), "scale_kind"] == "level"
    assert data.loc[(ex.teams, "mening"), "median"] == 1.0  # level 1, not −1 and not 25 %
    assert data.loc[(ex.teams, "mening"), "tip"] == "1 · Degree 1"
    assert data.loc[(ex.pairs, "mening"), "mark"] == "3"  # no sign on an ordinal scale
    assert data.loc[(ex.teams, "borger_effekt"), "scale_kind"] == "effect"
    spec = charts.heatmap_chart(changed, EN).to_dict()
    scales = {
        str(layer["encoding"]["color"]["title"]): layer["encoding"]["color"]["scale"]
        for layer in spec["layer"]
        if layer["mark"]["type"] == "rect" and "color" in layer["encoding"]
    }
    # Each kind of scale on its own colour scale and legend: levels are not "better than today".
    assert scales["Median: level on the scale"]["domain"] == [0, 4]
    assert scales["Median: level on the scale"]["range"] == list(charts.LEVEL_COLOURS)
    assert scales["Median: difference from today"]["domain"] == [-2, 0, 2]
    assert spec["resolve"]["scale"]["color"] == "independent"
    assert "Criteria on levels: the darker the purple, the higher the level." in str(spec)


def test_the_baselines_fixed_cells_say_they_are_fixed(ex, comparison):
    fixed = _format_2(comparison)
    data = charts.heatmap_data(fixed, DA).set_index(["option_id", "criterion_key"])
    keep = data.loc[ex.keep]
    assert keep["fixed"].all()
    assert set(keep["words"]) == {"Uændret (fast)"}
    assert set(keep["mark"]) == {"0 (fast)"}
    assert set(keep["count"]) == {0}  # nobody answered
    assert not data.loc[ex.teams]["fixed"].any()
    assert data.loc[(ex.teams, "borger_effekt"), "words"] == "Meget bedre"
    text = str(charts.heatmap_chart(fixed, DA).to_dict())
    assert "»Fortsæt som i dag« vurderes ikke på virkninger: den står fast på ingen forskel." in text
    # The per-profession view reads the same: the group never answered for "keep as is".
    professions = charts.profession_data(fixed, DA)
    assert set(professions[professions["option_id"] == ex.keep]["words"]) == {"Uændret (fast)"}
    # A format-1 rubric asks about "keep as is" like any other option: nothing is fixed.
    assert not charts.heatmap_data(comparison, DA)["fixed"].any()


def _luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_text_of_every_cell_stands_out_from_its_colour(ex, comparison):
    # WCAG AA asks 4.5:1 for text; white on mid-blue was 2.7–3.9:1 (issue 16).
    frames = [
        charts.heatmap_data(comparison, EN),
        charts.heatmap_data(_on_degrees(comparison), EN),
        charts.heatmap_data(_format_2(comparison), EN),
        charts.profession_data(comparison, EN),
    ]
    used = {(row.fill, row.ink) for frame in frames for row in frame.itertuples() if row.fill}
    assert len(used) >= 6
    assert {ink for _, ink in used} == {"#000000", "#FFFFFF"}  # chosen per cell
    assert [pair for pair in used if _contrast(*pair) < 4.5] == []
    # And every colour a median can get, in quarter steps (a mean of facet medians) and finer.
    scales = [comparison.rubric.scales["effekt"], _on_degrees(comparison).rubric.scales["grad"]]
    for scale in scales:
        for step in range(-200, 201):
            fill = charts._fill(scale, step / 100)
            assert fill is not None
            assert _contrast(fill, charts._ink(fill)) >= 4.5, (scale.kind, step, fill)


def test_the_spread_counts_raters_per_level_and_facet(ex, comparison):
    # The default criterion is the one with the widest disagreement: rolle (−2…+2 for the nurses).
    assert charts.default_spread_criterion(comparison) == "rolle"
    data = charts.spread_data(comparison, EN)
    assert rows(data, "option_id", "facet", "level_value", "count") == [
        (ex.keep, SOSU, 0, 4),
        (ex.keep, NURSE, 0, 4),
        (ex.teams, SOSU, 0, 4),
        (ex.teams, NURSE, -2, 3),
        (ex.teams, NURSE, 2, 1),
        (ex.pairs, SOSU, 1, 4),
        (ex.pairs, NURSE, 1, 4),
    ]
    assert list(data["level"])[3:5] == ["Much worse", "Much better"]
    assert list(data["row"])[3] == "Faste teams på fire · Sygeplejerske"
    society = charts.spread_data(comparison, EN, "samfund_vaerdi")
    teams = society[society["option_id"] == ex.teams]
    assert rows(teams, "level_value", "count") == [(-2, 2), (0, 1), (1, 1)]


def test_citizen_and_society_value_flag_the_option_that_needs_a_justification(ex, comparison):
    data = charts.citizen_society_data(comparison, EN)
    assert rows(data, "option_id", "citizen", "society", "gap", "needs_justification", "dodge") == [
        (ex.keep, 0.0, 0.0, 0.0, False, 0.0),
        (ex.teams, 2.0, -1.0, 3.0, True, 0.0),
        (ex.pairs, 0.0, 1.0, -1.0, False, 0.0),
    ]


def test_options_on_the_same_point_are_drawn_apart_but_keep_their_values(ex):
    # Makkerpar valued like Keep as is on both: 0 and 0.
    same = ex.compare()
    same.criterion_values[(ex.pairs, "samfund_vaerdi")] = 0.0
    data = charts.citizen_society_data(same, EN)
    assert rows(data, "option_id", "society", "dodge") == [
        (ex.keep, 0.0, -charts.DODGE / 2),
        (ex.teams, -1.0, 0.0),
        (ex.pairs, 0.0, charts.DODGE / 2),
    ]


def test_involvement_planned_and_appropriate_on_the_ladder(ex, comparison):
    data = charts.involvement_data(comparison, EN)
    assert rows(data, "option_id", "kind_key", "step", "step_label") == [
        (ex.keep, "planned", 0.0, "None"),
        (ex.keep, "appropriate", 1.0, "Shared focus"),
        (ex.teams, "planned", 1.0, "Shared focus"),
        (ex.teams, "appropriate", 3.0, "Active involvement"),
        (ex.pairs, "planned", 2.0, "Heightened responsiveness"),
        (ex.pairs, "appropriate", 2.0, "Heightened responsiveness"),
    ]


def test_the_profession_matrix_only_has_groups_of_three(ex, comparison):
    data = charts.profession_data(comparison, EN)
    assert set(data["profession_key"]) == {SOSU}
    # Anne, Bo and Dorte on Faste teams, on the effect scale itself: core task borger 2, samfund
    # (−2, −2, 1) → −2, perspectives mean 1: median 1. Work environment: mening −1; rolle (0 for
    # their own facet, −2 for the nurses') → −1: −1.
    assert rows(data, "option_id", "dimension", "median", "words", "criteria", "count") == [
        (ex.keep, "The core task", 0.0, "Unchanged", 3, 3),
        (ex.keep, "Work environment", 0.0, "Unchanged", 2, 3),
        (ex.teams, "The core task", 1.0, "Better", 3, 3),
        (ex.teams, "Work environment", -1.0, "Worse", 2, 3),
        (ex.pairs, "The core task", 1.0, "Better", 3, 3),
        (ex.pairs, "Work environment", 1.0, "Better", 2, 3),
    ]
    assert list(data["mark"]) == ["0", "0", "+1", "−1", "+1", "+1"]


def test_the_perspectives_per_option_and_the_gap(ex, comparison):
    data = charts.perspective_data(comparison, EN)
    teams = data[data["option_id"] == ex.teams]
    assert rows(teams, "perspective", "value", "gap") == [
        ("Formal", 2.0, True),
        ("Performed", 1.0, True),
        ("Experienced", 0.0, True),
    ]
    assert not data[data["option_id"] != ex.teams]["gap"].any()


BUILDERS = [
    ("profile", "How each option does in each dimension"),
    ("heatmap", "Where the options are strong and weak, criterion by criterion"),
    ("spread", "How the raters scored"),
    ("citizen_society", "Value for the citizen and for society"),
    ("involvement", "Citizen involvement: as planned and as appropriate"),
    ("profession", "How each profession sees the options"),
    ("perspective", "The core task seen from three perspectives"),
]


@pytest.mark.parametrize(("name", "title"), BUILDERS)
def test_every_chart_builds_with_its_translated_title_from_few_rows(comparison, name, title):
    spec = getattr(charts, f"{name}_chart")(comparison, Marked("en")).to_dict()
    assert spec["title"]["text"] == f"«{title}»"
    inline = sum(len(values) for values in spec.get("datasets", {}).values())
    assert 0 < inline <= 50  # aggregates: at most options × criteria × levels, here far fewer
    assert spec["config"]["axis"]["labelFontSize"] >= 14
    assert spec["config"]["axis"]["titleFontSize"] >= 18


@pytest.mark.parametrize(("name", "title"), BUILDERS)
def test_every_chart_is_one_image_described_in_the_readers_language(comparison, name, title):
    """A screen reader meets the chart's title and explanation, never Vega's generated English
    ("X-axis titled … for a linear scale", "rect mark", raw field names) for its parts (issue 16)."""
    spec = charts.specification(getattr(charts, f"{name}_chart")(comparison, Marked("da")))
    subtitle = spec["title"]["subtitle"]
    assert spec["description"].startswith(f"«{title}». ")
    assert all(
        line in spec["description"] for line in ([subtitle] if isinstance(subtitle, str) else subtitle)
    )
    assert spec["config"]["aria"] is False  # axes and legends: aria-hidden, no generated names for marks
    assert spec["config"]["mark"]["aria"] is False  # every mark: aria-hidden
    assert spec["title"]["aria"] is False  # the title and subtitle are in the description


# What a pasted text may carry that breaks a chart: U+2028 and U+2029 end a string in a label
# expression's JavaScript ("Unexpected token ILLEGAL"), control characters and the non-character
# cannot be in the SVG vl-convert draws, and half a surrogate pair cannot be encoded at all.
BREAKING = "\u2028\u2029\x00\x1b\x85\x9f\x7f\ufffe\ud800\t\n\r"


class Breaking(Translator):
    """Puts every breaking character into every translated text: titles, axes, legends, tooltips."""

    def gettext(self, message_id: str) -> str:
        return f"{message_id}{BREAKING}slut"


def _broken(value: Any) -> Any:
    """The rubric's texts (dimension titles, questions, level labels) with the breaking characters;
    all but the half surrogate, which the rubric's own validation refuses."""
    if isinstance(value, dict):
        spoilt = BREAKING.replace("\ud800", "")
        return {k: f"{v}{spoilt}slut" if k in ("da", "en") else _broken(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_broken(v) for v in value]
    return value


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize(("name", "title"), BUILDERS)
def test_every_chart_text_is_made_safe_and_the_chart_still_renders(comparison, name, title):
    hostile = replace(
        comparison,
        rubric=Rubric.model_validate(_broken(comparison.rubric.model_dump())),
        options=[replace(o, title=f"{o.title}{BREAKING}slut") if o.title else o for o in comparison.options],
        profession_names={key: f"{n}{BREAKING}slut" for key, n in comparison.profession_names.items()},
    )
    chart = getattr(charts, f"{name}_chart")(hostile, Breaking("da"))

    texts = _strings(charts.specification(chart))
    assert not [text for text in texts if any(char in text for char in BREAKING)]
    assert not [text for text in texts if "\\u" in text]  # no escaped control character in an expression
    assert any(f"{title}            slut" in text for text in texts)  # a space for each character
    assert charts.to_png(chart, scale=0.5).startswith(b"\x89PNG")


def test_danish_charts_write_numbers_with_a_decimal_comma(comparison):
    spec = charts.profile_chart(comparison, DA).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert charts.profile_chart(comparison, EN).to_dict()["config"]["locale"]["number"]["decimal"] == "."
    shown = charts.table(
        pd.DataFrame({"option": ["Faste teams"], "median": [62.5], "needs_justification": [True]}), DA
    )
    assert shown.iloc[0].tolist() == ["Faste teams", "62,5", "Ja"]


def test_the_table_view_names_its_columns_and_leaves_out_ids(comparison):
    shown = charts.table(charts.profile_data(comparison, EN), EN)
    assert list(shown.columns) == [
        "Option",
        "Dimension",
        "Median",
        "Lowest criterion",
        "Highest criterion",
        "Median, in words",
    ]
    assert shown.iloc[1].tolist() == [
        "Faste teams på fire",
        "The core task",
        "1",
        "−1",
        "2",
        "Better (from Worse to Much better)",
    ]


def test_the_document_carries_four_charts_and_renders_them_offline(comparison):
    found = charts.document_charts(comparison, EN)
    assert [(chart.section, chart.caption) for chart in found] == [
        ("options", "The profile per dimension"),
        ("options", "The medians per criterion"),
        ("consequences", "Value for the citizen and for society"),
        ("involvement", "Citizen involvement"),
    ]
    png = charts.to_png(found[0].chart, scale=1.0)
    assert png.startswith(b"\x89PNG")


def test_a_rubric_without_the_special_criteria_skips_their_charts():
    uow, clock = FakeUnitOfWork(), Clock()
    world = build_world(uow, clock)
    leader = people.actor_for(uow, world.leader_id)
    proposal = proposals.register_proposal(uow, proposal_input(world), actor=leader, clock=clock)
    scoring = proposals.open_scoring(uow, proposal.id or 0, actor=leader, clock=clock)
    reveal_after_one_score(uow, world, scoring, clock)
    small = compare(uow, proposal.id or 0, actor=leader)
    assert charts.citizen_society_chart(small, EN) is None
    assert charts.citizen_society_data(small, EN).empty
    assert charts.profession_chart(small, EN) is None  # no group of three
    assert charts.involvement_chart(small, EN) is None  # nothing scored on the ladder
    assert [chart.caption for chart in charts.document_charts(small, EN)] == [
        "The profile per dimension",
        "The medians per criterion",
    ]
    charts.profile_chart(small, EN).to_dict()  # nothing scored at all still draws


def test_every_document_chart_names_a_section_of_the_summary(comparison):
    from assessment.summary_model import DecisionSummary

    assert {chart.section for chart in charts.document_charts(comparison, EN)} <= set(
        DecisionSummary.SECTIONS
    )


def _layers(chart: Any) -> int:
    spec = chart.to_dict()
    return len(spec["layer"]) if "layer" in spec else len(spec["spec"]["layer"])


def test_the_dashed_rings_are_drawn_only_when_an_option_needs_a_justification(ex, comparison):
    # An empty layer is an unnamed graphic to a screen reader (axe: svg-img-alt), and its legend
    # line would explain something the chart does not show.
    with_ring = charts.citizen_society_chart(comparison, EN)  # Faste teams: citizen +2, society −1
    assert with_ring is not None and _layers(with_ring) == 3
    assert "A dashed ring" in json.dumps(with_ring.to_dict())
    calm = ex.compare()
    calm.criterion_values[(ex.teams, "samfund_vaerdi")] = 1.0  # one step apart: no justification asked
    calm.value_gaps.clear()
    without = charts.citizen_society_chart(calm, EN)
    assert without is not None and _layers(without) == 2
    assert "A dashed ring" not in json.dumps(without.to_dict())
