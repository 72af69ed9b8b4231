"""User text is shown as text, and a failure shows a sentence, not a traceback."""

from __future__ import annotations

import ast
import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment import decision, dilemmas, organisation, people, proposals, scoring_sheet
from assessment.kernel import scoring
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.model import UnitLevel
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import APP, person_id, shown
from tests.support import record_score
from ui.document import declare_language

ROOT = Path(__file__).parents[2]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "screens").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
# Ways to put raw HTML on a page; none of them may be used, with user text or without, except in
# ui/document.py's declare_language, which writes only a language code from LANGUAGES, and in
# ui/focus_style.py's show_focus, which writes a fixed style sheet with a colour checked to be hex.
RAW_HTML_CALLS = {"html", "components"}
ALLOWED_RAW_HTML = {("document.py", "declare_language"), ("focus_style.py", "show_focus")}


def _allowed_lines(path: Path, tree: ast.Module) -> set[int]:
    return {
        line
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and (path.name, node.name) in ALLOWED_RAW_HTML
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)
    }


@pytest.mark.parametrize("path", UI_FILES, ids=lambda path: path.name)
def test_no_page_renders_raw_html(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    unsafe = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword)
        and node.arg == "unsafe_allow_html"
        and not (isinstance(node.value, ast.Constant) and node.value.value is False)
    ]
    raw = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in RAW_HTML_CALLS
        and getattr(node.value, "id", "") == "st"
        and node.lineno not in _allowed_lines(path, tree)
    ]
    assert (unsafe, raw) == ([], [])


def test_the_language_declaration_writes_only_a_known_language_code():
    with pytest.raises(ValueError):
        declare_language('en";alert(1);"')


def test_a_page_that_fails_shows_a_sentence_in_danish_and_no_trace(tmp_path, monkeypatch):
    # A database file inside a folder that does not exist: every query fails.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing' / 'app.db'}")
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert not app.exception
    assert [error.value for error in app.error] == [
        "Noget gik galt, og intet blev gemt. Prøv igen; sker det igen, så fortæl IT-afdelingen, hvornår det skete."
    ]


def test_markup_in_a_title_is_shown_as_typed_not_as_a_link_or_image(open_page, demo_database):
    hostile = "[klik her](https://evil.example) ![x](https://evil.example/x.png) <b>fed</b> **stjerne**"
    engine = make_engine(demo_database)
    try:
        uow = SqlUnitOfWork(engine)
        leader = people.actor_for(uow, person_id(demo_database, "birgitte.lund@fjordby.dk"))
        existing = proposals.find_proposals(uow, ProposalFilter(), actor=leader)[0]
        source = proposals.get_proposal(uow, existing.id, actor=SYSTEM)
        data = proposals.ProposalInput(
            unit_id=source.unit_id,
            title=hostile,
            description=hostile,
            change_type=source.change_type,
            origin=source.origin,
            management_level=source.management_level,
            med_committee=source.med_committee,
            rubric=source.rubric,
            options=[proposals.OptionInput("Noget andet")],
            affected_profession_ids=source.affected_profession_ids,
            panel_person_ids=[member.person_id for member in source.panel],
        )
        made = proposals.register_proposal(uow, data, actor=leader)
    finally:
        engine.dispose()
    app = open_page(
        "screens/overview.py",
        person=person_id(demo_database, "birgitte.lund@fjordby.dk"),
        query={"proposal": str(made.id)},
    )
    # Shown back exactly as typed, in a table cell (which renders text, never Markdown)...
    titles = [title for frame in app.dataframe for title in frame.value.get("Titel", [])]
    assert hostile in titles
    # ...and wherever Markdown is rendered, escaped: no link, image, bold or HTML comes through.
    rendered = [element.value for element in (*app.markdown, *app.caption) if "klik her" in element.value]
    assert all("\\[klik her\\]" in text and "<b>" not in text for text in rendered), rendered


# Hostile text on every screen --------------------------------------------------------------------

# What people could type to make a screen show a link, formatting or one of Streamlit's own
# Markdown extensions (coloured text, Material icons, emoji, LaTeX) instead of their text.
HOSTILE = (
    "https://evil.example www.evil.example evil@example.com [klik](https://evil.example) "
    "**fed** _skrå_ :red[rød] $x^2$ :material/home: :smile: <b>html</b>"
)
# What makes one of those in the Markdown source as Streamlit receives it: an unescaped marker.
MARKUP_IN_SOURCE = {
    "a link": r"(?<!\\)\[klik",
    "bold text": r"(?<!\\)\*\*fed",
    "italic text": r"(?<!\\)_skrå",
    "coloured text": r"(?<!\\):red\[",
    "KaTeX": r"(?<!\\)\$x\^2",
    "HTML": r"(?<!\\)<b>",
}
# What makes one of those in the text once the escapes are read: Streamlit's Markdown finds bare
# addresses (GFM autolinks), Material icons and emoji shortcodes in the parsed text, where a
# backslash no longer stands in the way.
MARKUP_IN_TEXT = {
    "a link to a web address": r"(?i)https?://evil",
    "a link to a www address": r"(?i)www\.evil",
    "a mailto link": r"evil@example",
    "a Material icon": r":material_home:",
    "an emoji": r":smile:",
}
# Where Streamlit renders a string as Markdown (StreamlitMarkdown in its frontend): text elements,
# alerts, headings, page links, and every label and radio option; table cells are read below.
MARKDOWN_VALUES = {
    "markdown",
    "caption",
    "error",
    "warning",
    "info",
    "success",
    "title",
    "header",
    "subheader",
}


def parsed_text(source: str) -> str:
    """The text Streamlit's Markdown plug-ins search: escapes and entities read, and (as its
    frontend does before parsing) ``:material/`` turned into ``:material_``."""
    source = source.replace(":material/", ":material_")
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source))


def markdown_sources(app: AppTest) -> list[str]:
    """Every string on the page that Streamlit renders as Markdown."""
    found: list[str] = []
    for root in (app.main, app.sidebar):
        for node in root:
            kind = getattr(node, "type", "")
            if kind in MARKDOWN_VALUES or kind == "page_link":
                found.append(node.value)
            elif kind == "table":
                frame = node.value
                found += [str(name) for name in frame.columns]
                found += [str(cell) for cell in frame.to_numpy().ravel()]
            if kind == "radio":
                found += [*node.options, *node.proto.captions]
            label = node.proto.label if kind != "page_link" and hasattr(node.proto, "label") else None
            if label:
                found.append(label)
    return found


def markup_from_user_text(app: AppTest) -> list[str]:
    """Each place where the hostile text would be rendered as anything but the text as typed."""
    problems = []
    for source in markdown_sources(app):
        if "evil" not in source:
            continue
        text = parsed_text(source)
        found = [what for what, pattern in MARKUP_IN_SOURCE.items() if re.search(pattern, source)]
        found += [what for what, pattern in MARKUP_IN_TEXT.items() if re.search(pattern, text)]
        if HOSTILE not in shown(source):
            found.append("other text than was typed")
        if found:
            problems.append(f"{', '.join(found)} in {source[:90]!r}")
    return problems


def test_no_screen_turns_user_text_into_links_formatting_icons_or_latex(open_page, demo_database):
    url = demo_database
    engine = make_engine(url)
    uow = SqlUnitOfWork(engine)
    leader = person_id(url, "birgitte.lund@fjordby.dk")
    panel = [
        leader,
        person_id(url, "anne.mortensen@fjordby.dk"),
        person_id(url, "mads.christensen@fjordby.dk"),
    ]
    seen: dict[str, list[str]] = {}

    def look_at(screen: str, app: AppTest) -> None:
        assert not app.exception, (screen, [e.value for e in app.exception])
        sources = [source for source in markdown_sources(app) if "evil" in source]
        assert sources, f"{screen} shows none of the hostile text in Markdown; the test would prove nothing"
        seen[screen] = markup_from_user_text(app)

    try:
        directory = organisation.directory(uow, actor=SYSTEM)
        parent = next(unit for unit in directory.units if unit.name == "Hjemmeplejen Syd")
        unit = organisation.register_unit(
            uow, name="Enhed " + HOSTILE, level=UnitLevel.TEAM, parent_id=parent.id, actor=SYSTEM
        )

        # Forslag: registered through the form, so the save message names the title.
        app = open_page("screens/proposal.py", person=leader)
        app.text_input(key="proposal.title").input("Forslag " + HOSTILE)
        app.text_area(key="proposal.description").input(HOSTILE)
        app.selectbox(key="proposal.unit").set_value(unit.id)
        app.text_input(key="proposal.management_level").input("Områdeledelsen")
        with uow.read() as repo:  # the MED committee of Hjemmeplejen Syd, above the new team
            local = next(c.id for c in repo.list_committees() if c.unit_id == parent.id)
        app.session_state["proposal.committee"] = local
        app.multiselect(key="proposal.panel").set_value(panel)
        app.text_input(key="proposal.option.0.title").input("Mulighed A " + HOSTILE)
        app.text_area(key="proposal.option.0.description").input(HOSTILE)
        app.button(key="proposal.add_option").click().run()
        app.text_input(key="proposal.option.1.title").input("Mulighed B " + HOSTILE)
        app.button(key="proposal.save").click().run()
        assert [shown(success.value) for success in app.success] == [
            f"Forslaget »Forslag {HOSTILE}« er gemt som kladde."
        ]
        look_at("Forslag, saved", app)
        proposal = next(
            summary
            for summary in proposals.find_proposals(uow, ProposalFilter(), actor=SYSTEM)
            if summary.unit_id == unit.id
        )
        query = {"proposal": str(proposal.id)}

        # Blind scoring: every rater explains every score of the first criterion.
        proposals.open_scoring(uow, proposal.id, actor=people.actor_for(uow, leader))
        for rater in panel:
            actor = people.actor_for(uow, rater)
            sheet = scoring_sheet.scoring_sheet(uow, proposal.id, actor=actor)
            criterion = sheet.rubric.criteria[0]
            level = sheet.rubric.scale_of(criterion).values[(rater % 2) * -1]
            for option in proposals.get_proposal(uow, proposal.id, actor=SYSTEM).options:
                asked = scoring.questions_for(sheet.rubric, option, sheet.professions, sheet.rater_profession)
                for facet in (facet for asked_criterion, facet in asked if asked_criterion == criterion):
                    record_score(
                        uow,
                        scoring_sheet.ScoreInput(
                            proposal.id, option.id or 0, criterion.key, level, "Begrundelse " + HOSTILE, facet
                        ),
                        actor=actor,
                    )
        look_at("Overblik", open_page(person=leader))
        look_at("Forslag, frozen", open_page("screens/proposal.py", person=leader, query=query))
        look_at("Vurdering", open_page("screens/scoring.py", person=leader, query=query))
        look_at("Sammenlign, before the reveal", open_page("screens/compare.py", person=leader, query=query))

        # The discussion.
        proposals.reveal(uow, proposal.id, actor=people.actor_for(uow, leader))
        options = proposals.get_proposal(uow, proposal.id, actor=SYSTEM).options
        dilemmas.record_dilemma(
            uow,
            proposal.id,
            text=HOSTILE,
            pole_a=HOSTILE,
            pole_b=HOSTILE,
            option_id=options[1].id,
            actor=people.actor_for(uow, leader),
        )
        look_at("Sammenlign", open_page("screens/compare.py", person=leader, query=query))
        look_at("Drøftelse", open_page("screens/discussion.py", person=leader, query=query))
        look_at("Forslag, after the reveal", open_page("screens/proposal.py", person=leader, query=query))

        # The decision.
        decision.record_decision(
            uow,
            proposal.id,
            decision.DecisionInput(
                chosen_option_id=options[1].id or 0,
                justification=HOSTILE,
                med_statement=HOSTILE,
                dissent=HOSTILE,
                conditions=HOSTILE,
                follow_up_date=today_in_denmark() + timedelta(days=100),
                indicators=HOSTILE,
            ),
            actor=people.actor_for(uow, leader),
        )
        look_at("Beslutning", open_page("screens/decision.py", person=leader, query=query))
        look_at(
            "Kerneopgaver", open_page("screens/core_tasks.py", person=leader, query={"unit": str(unit.id)})
        )
    finally:
        engine.dispose()

    # Administration, where the messages name what was added, and a person is named in sentences.
    app = open_page("screens/admin.py")
    app.text_input(key="admin.unit.name").input("Ny enhed " + HOSTILE)
    app.button(key="admin.unit.add").click().run()
    assert [shown(success.value) for success in app.success] == [f"Enheden Ny enhed {HOSTILE} er tilføjet."]
    look_at("Administration, a unit added", app)
    app.text_input(key="admin.person.name").input("Person " + HOSTILE)
    app.text_input(key="admin.person.email").input("fjendtlig@fjordby.dk")
    app.button(key="admin.person.add").click().run()
    # Each confirmation is said once: the unit's is gone when the person is added.
    assert [shown(success.value) for success in app.success] == [f"Person {HOSTILE} er tilføjet."]
    look_at("Administration, a person added", app)
    app.selectbox(key="admin.manage.person").set_value(person_id(url, "fjendtlig@fjordby.dk")).run()
    assert app.checkbox(key="admin.pseudonymise.confirm").label
    look_at("Administration, a person", app)

    problems = [f"{screen}: {problem}" for screen, found in seen.items() for problem in found]
    assert not problems, "\n".join(problems)
