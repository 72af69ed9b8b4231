"""Sammenlign: the options side by side after the reveal, with weights to explore and restore."""

from __future__ import annotations

import pytest

from assessment import proposals
from assessment.comparison import compare
from assessment.comparison_profile import profile_rows
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id

PAGE = "screens/compare.py"
REVEALED = "Hverdagsrehabilitering som første tilbud til nye borgere"
BLIND = "Faste makkerpar og ny vagtplan i weekenden"
EN = Translator("en")
LEADER = "birgitte.lund@fjordby.dk"  # leads Hjemmeplejen Syd, where both demo proposals in question are


def as_leader(open_page, url: str, title: str, **kwargs):
    query = {"proposal": str(proposal_id(url, title))}
    return open_page(PAGE, person=person_id(url, LEADER), query=query, **kwargs)


def proposal_id(url: str, title: str) -> int:
    engine = make_engine(url)
    try:
        found = proposals.overview(
            SqlUnitOfWork(engine), ProposalFilter(text=title), actor=SYSTEM, today=today_in_denmark()
        )
    finally:
        engine.dispose()
    [summary] = [s for s in found.proposals if s.title == title]
    return summary.id


def index_table(app, translate: Translator = EN):
    """The overall index's table, below the profile and the charts."""
    [ranking] = [frame.value for frame in app.dataframe if translate("Overall index") in frame.value.columns]
    return ranking


def indexes(app) -> dict[str, str]:
    """Option → weighted index as shown in the index table."""
    ranking = index_table(app)
    return dict(zip(ranking["Option"], ranking["Overall index"], strict=True))


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_empty_database_says_that_options_are_compared_after_the_reveal(
    empty_database, open_page, language
):
    app = open_page(PAGE, language=language)
    assert len(app.info) == 1
    assert not app.dataframe
    if language == "en":
        assert "compared after the reveal" in app.info[0].value


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_demo_discussion_shows_the_profile_in_words_and_the_index_last(
    demo_database, open_page, language
):
    app = as_leader(open_page, demo_database, REVEALED, language=language)
    engine = make_engine(demo_database)
    try:
        expected = compare(SqlUnitOfWork(engine), proposal_id(demo_database, REVEALED), actor=SYSTEM)
    finally:
        engine.dispose()
    translate = Translator(language)
    assert len(app.markdown) >= len(expected.options) == 4
    # The option cards: no rank, no index.
    cards = app.columns[: len(expected.options)]
    assert all(
        any(translate("Baseline") in m.value for m in card.markdown) == (i == 0)
        for i, card in enumerate(cards)
    )
    assert not any(
        any(c in caption.value for c in ("Rank", "Placering", "%"))
        for card in cards
        for caption in card.caption
    )
    # The profile: one row per dimension and scale, in the scales' own words, citizen involvement as its ladder.
    profile = app.table[0].value
    rows = profile_rows(expected, translate)
    assert [label.replace("\\", "") for label in profile.iloc[:, 0]] == [row.label for row in rows]
    assert not profile.iloc[:, 1:].map(lambda cell: "%" in cell).any().any()
    involvement = next(row for row in rows if row.ladder)
    assert translate("Planned") in involvement.cells[0].text
    # The index last, labelled as a summary, in whole percentages.
    headers = [header.value for header in app.header]
    assert headers.index(translate("The profile per dimension")) < headers.index(
        translate("Overall index: a summary, not a decision")
    )
    ranking = index_table(app, translate)
    assert len(ranking) == 4
    baseline = expected.index[expected.options[0].id] * 100
    assert ranking.iloc[3].tolist()[1] == translate.number(baseline, 0) + (" %" if language == "da" else "%")
    if language == "en":
        assert ranking["Option"].iloc[0] == expected.option_label(expected.ranking[0].option_id, EN)
        assert ranking["Option"].iloc[3] == "Keep as is"
        assert any("swap places" in info.value for info in app.info)
        # The baseline is marked in its column (st.badge is markdown underneath).
        assert any("Baseline" in markdown.value for markdown in app.markdown)


def test_counting_a_dimension_more_changes_the_shown_index_and_restoring_undoes_it(demo_database, open_page):
    app = as_leader(open_page, demo_database, REVEALED, language="en")
    before = indexes(app)
    assert not app.warning
    assert app.button(key="compare.restore").disabled
    app.select_slider(key="compare.weight.arbejdsmiljoe").set_value(3.0).run()
    assert not app.exception
    explored = indexes(app)
    assert explored != before
    assert any("changes neither the rubric nor the stored results" in w.value for w in app.warning)
    app.button(key="compare.restore").click().run()
    assert indexes(app) == before
    assert app.select_slider(key="compare.weight.arbejdsmiljoe").value == 1.0
    assert not app.warning


def test_exploring_changes_nothing_stored(demo_database, open_page):
    pid = proposal_id(demo_database, REVEALED)
    app = as_leader(open_page, demo_database, REVEALED, language="en")
    app.select_slider(key="compare.weight.kerneopgaven").set_value(0.0).run()
    app.select_slider(key="compare.weight.proces").set_value(3.0).run()
    engine = make_engine(demo_database)
    try:
        assert compare(SqlUnitOfWork(engine), pid, actor=SYSTEM).rubric_weights_used
    finally:
        engine.dispose()


def test_a_proposal_in_blind_scoring_is_explained_and_shows_no_numbers(demo_database, open_page):
    app = as_leader(open_page, demo_database, BLIND, language="en")
    assert any("until then scoring is blind" in info.value for info in app.info)
    assert not app.dataframe
    assert not app.table
    assert not app.select_slider
    assert not any("%" in caption.value for caption in app.caption)


def test_the_spread_of_another_criterion_can_be_chosen(demo_database, open_page):
    app = as_leader(open_page, demo_database, REVEALED, language="en")
    app.selectbox(key="compare.criterion").set_value("mening").run()
    assert not app.exception
    assert app.selectbox(key="compare.criterion").value == "mening"
