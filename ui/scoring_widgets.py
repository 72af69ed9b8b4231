"""Streamlit pieces of the scoring screen: the proposal picker, one option's form, saving it.

Widget keys carry the proposal, the rater and the round, so switching the person in the
sidebar or moving on to round 2 never shows one person's or one round's answers in another's
form. Saving runs as the submit button's callback, before the page is drawn again, so the
progress and the pre-filled answers shown afterwards are what was stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from assessment import scoring_sheet
from assessment.kernel.errors import N_, Message
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Option, Perspective, Round, Score
from assessment.kernel.rubric import Criterion, FacetKind, Scale, ScaleKind
from assessment.kernel.scoring import CellKey
from assessment.scoring_sheet import Answer, Row, SaveOutcome, ScoringForm, Section
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt, show_outcome
from ui.widgets import plain

DONT_KNOW_CHOICE = "dont_know"  # the radio's choice for "ved ikke"; stored as level None
READABLE_WIDTH = 960  # pixels: lines stay readable on a wide projector

# Perspective facets: a short name and one line on what it means (from the booklet).
PERSPECTIVE_NAMES: dict[str, str] = {
    Perspective.FORMAL: N_("Formal core task"),
    Perspective.PERFORMED: N_("Performed core task"),
    Perspective.EXPERIENCED: N_("Experienced core task"),
}
PERSPECTIVE_HINTS: dict[str, str] = {
    Perspective.FORMAL: N_("As it is set out in laws, policies and decisions."),
    Perspective.PERFORMED: N_(
        "As staff actually carry it out every day, with their expertise and judgement."
    ),
    Perspective.EXPERIENCED: N_("As citizens experience what they receive."),
}


# Keys --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormKeys:
    """The widget keys of one rater's forms on one proposal in one round ("score.…")."""

    proposal_id: int
    rater_id: int
    round: Round

    @property
    def _base(self) -> str:
        return f"{self.proposal_id}.{self.rater_id}.{int(self.round)}"

    def level(self, option_id: int, criterion_key: str, facet: str = "") -> str:
        return f"score.level.{self._base}.{option_id}.{criterion_key}.{facet or '-'}"

    def reason(self, option_id: int, criterion_key: str, facet: str = "") -> str:
        return f"score.reason.{self._base}.{option_id}.{criterion_key}.{facet or '-'}"

    def form(self, option_id: int) -> str:
        return f"score.form.{self._base}.{option_id}"

    def save(self, option_id: int, place: str = "end") -> str:
        return f"score.save.{self._base}.{option_id}.{place}"

    def outcome(self, option_id: int, place: str = "end") -> str:
        """Where the outcome of a save is kept, shown beside the button that was clicked.

        Not by round: a save refused because the round changed must still be explained.
        """
        return f"score.outcome.{self.proposal_id}.{self.rater_id}.{option_id}.{place}"


# Texts ---------------------------------------------------------------------------------------


def option_title(option: Option, _: Translator) -> str:
    return _("Keep as is") if option.is_baseline else option.title


def level_label(scale: Scale, value: int, language: str) -> str:
    """The level's words first and its number after, e.g. Somewhat better (+1), for the discussion."""
    number = f"{value:+d}".replace("-", "−") if scale.kind is ScaleKind.BIPOLAR and value else str(value)
    return f"{scale.label(value, language)} ({number})"


def facet_name(form: ScoringForm, criterion: Criterion, facet: str, _: Translator) -> str:
    if criterion.facets is FacetKind.PERSPECTIVE:
        return _(PERSPECTIVE_NAMES[facet])
    profession = next((p for p in form.sheet.professions if p.key == facet), None)
    return profession.name if profession else facet


# The head of the form ----------------------------------------------------------------------


def round_intro(round_: Round) -> None:
    """What this round is for, in one box above the form."""
    _ = translator()
    if round_ is Round.BLIND:
        st.info(
            _(
                "Blind scoring: nobody sees your scores before the reveal, and you see nobody else's. "
                "Score each option against carrying on as today. Choose “Don't know” when you cannot judge "
                "a question."
            ),
            icon=":material/visibility_off:",
        )
    elif round_ is Round.REVISED:
        st.info(
            _(
                "Round 2, after the reveal: your scores from round 1 are filled in. Change a score where "
                "the discussion changed your view. Every change in round 2 is logged."
            ),
            icon=":material/history:",
        )
    else:
        st.info(
            _(
                "Follow-up: score what actually happened with the chosen option, not what you expected. "
                "Your answers are compared with what the panel expected."
            ),
            icon=":material/event_repeat:",
        )


def progress_summary(form: ScoringForm) -> None:
    """How far the rater is: all options together, and each option on one line."""
    _ = translator()
    overall = form.progress()
    st.progress(
        overall.share,
        text=_("You have scored {scored} of {total}", scored=overall.scored, total=overall.total),
    )
    if len(form.options) > 1:
        per_option = []
        for option in form.options:
            progress = form.progress(option.id)
            done = " ✓" if progress.done else ""
            per_option.append(f"{plain(option_title(option, _))}: {progress.scored}/{progress.total}{done}")
        st.caption(" · ".join(per_option))


# One option's form ---------------------------------------------------------------------------


def option_form(form: ScoringForm, keys: FormKeys, option: Option) -> None:
    """Every criterion of one option, grouped by dimension, saved with one click."""
    _ = translator()
    option_id = option.id or 0
    title = option_title(option, _)
    progress = form.progress(option_id)
    st.progress(
        progress.share,
        text=_("This option: {scored} of {total} scored", scored=progress.scored, total=progress.total),
    )
    if option.description:
        st.markdown(plain(option.description))
    number = {criterion.key: position for position, criterion in enumerate(form.sheet.rubric.criteria, 1)}
    # The outcome of the last save is shown beside the button that was clicked, where the user is.
    questions = _questions(form, option_id, _)
    with st.form(keys.form(option_id), border=False, enter_to_submit=False):
        for section in form.sections:
            _section(form, keys, option_id, section, number)
            place = section.dimension.key
            if section is form.sections[-1]:
                break  # the main button follows
            st.form_submit_button(
                _("Save what I have scored so far"),
                key=keys.save(option_id, place),
                on_click=save_option,
                args=(keys, questions, option_id, title, place),
            )
            show_outcome(keys.outcome(option_id, place))
        st.divider()
        st.form_submit_button(
            _("Save my scores for “{option}”", option=plain(title)),
            key=keys.save(option_id),
            type="primary",
            icon=":material/save:",
            on_click=save_option,
            args=(keys, questions, option_id, title),
        )
        st.caption(
            _(
                "You can save part of the form and come back later. Answers you have not saved are lost "
                "when you leave the page."
            )
        )
    show_outcome(keys.outcome(option_id))


def _section(
    form: ScoringForm, keys: FormKeys, option_id: int, section: Section, number: dict[str, int]
) -> None:
    _ = translator()
    language = _.language
    st.subheader(plain(section.dimension.title(language)), anchor=False)
    if section.dimension.description:
        st.caption(plain(section.dimension.description(language)))
    for row in section.rows:
        with st.container(border=True):
            _criterion(form, keys, option_id, row, number[row.criterion.key])


def _criterion(form: ScoringForm, keys: FormKeys, option_id: int, row: Row, number: int) -> None:
    _ = translator()
    language = _.language
    criterion = row.criterion
    scale = form.sheet.rubric.scale_of(criterion)
    st.markdown(f"#### {number}. {plain(criterion.question(language))}", anchors=False)
    if criterion.help:
        st.caption(plain(criterion.help(language)))
    if not criterion.aggregate:
        st.caption(
            _("This answer is a step on a ladder, not a grade: it is never added to the other scores.")
        )
    if row.facets == ("",):
        _cell(form, keys, option_id, criterion, scale, "", with_descriptors=True)
        return
    # One score per facet: the level descriptors once, then a row of choices per facet.
    heading = _("What the levels mean")
    st.markdown(f"**{heading}**")
    st.markdown(
        "\n".join(
            f"- **{plain(level_label(scale, value, language))}**: {plain(criterion.descriptor(value)(language))}"
            for value in scale.values
        )
    )
    if criterion.help is None:  # a rubric's help text already says how the facets are answered
        if criterion.facets is FacetKind.PERSPECTIVE:
            st.caption(_("Score the option once from each of the three perspectives on the core task."))
        else:
            st.caption(_("Score the option once for each profession the proposal affects."))
    for facet in row.facets:
        _cell(form, keys, option_id, criterion, scale, facet, with_descriptors=False)


def _cell(
    form: ScoringForm,
    keys: FormKeys,
    option_id: int,
    criterion: Criterion,
    scale: Scale,
    facet: str,
    *,
    with_descriptors: bool,
) -> None:
    _ = translator()
    language = _.language
    own: Score | None = form.sheet.own_scores.get((option_id, criterion.key, facet))
    choices: list[int | str] = [*scale.values, DONT_KNOW_CHOICE]
    index = None if own is None else choices.index(DONT_KNOW_CHOICE if own.level is None else own.level)

    def label(choice: int | str) -> str:
        return _("Don't know") if choice == DONT_KNOW_CHOICE else level_label(scale, int(choice), language)

    if facet:
        name = facet_name(form, criterion, facet, _)
        st.markdown(f"**{plain(name)}**")
        if criterion.facets is FacetKind.PERSPECTIVE:
            hint = _(PERSPECTIVE_HINTS[facet])
            ours = form.core_task.perspective(Perspective(facet)) if form.core_task else ""
            st.caption(plain(hint) + ("  \n" + plain(_("In our unit: {text}", text=ours)) if ours else ""))
        question = f"{criterion.question(language)} — {name}"
    else:
        question = criterion.question(language)
    captions = (
        [plain(criterion.descriptor(value)(language)) for value in scale.values]
        + [_("You cannot judge this. It counts as answered, but not in the averages.")]
        if with_descriptors
        else None
    )
    st.radio(
        plain(question),
        choices,
        index=index,
        # Radio options are Markdown, and the level names come from a rubric file.
        format_func=lambda choice: plain(label(choice)),
        captions=captions,
        horizontal=not with_descriptors,
        key=keys.level(option_id, criterion.key, facet),
        label_visibility="collapsed",
    )
    st.text_area(
        _("Reason (optional)"),
        value=own.reason if own else "",
        key=keys.reason(option_id, criterion.key, facet),
        height=68,
        placeholder=_("Why this level? A few words help the discussion."),
    )


# Saving --------------------------------------------------------------------------------------


def read_answers(cells: Sequence[CellKey], keys: FormKeys, option_id: int) -> list[Answer]:
    """What one option's form holds now, read from the widgets' state."""
    answers = []
    for _option, criterion_key, facet in cells:
        choice = st.session_state.get(keys.level(option_id, criterion_key, facet))
        reason = str(st.session_state.get(keys.reason(option_id, criterion_key, facet)) or "")
        if choice is None:
            answers.append(Answer(criterion_key, facet, answered=False, reason=reason))
        else:
            level = None if choice == DONT_KNOW_CHOICE else int(choice)
            answers.append(Answer(criterion_key, facet, answered=True, level=level, reason=reason))
    return answers


def _questions(form: ScoringForm, option_id: int, _: Translator) -> dict[CellKey, str]:
    """Each question of one option's form as the rater reads it ("question — facet"), in form order."""
    questions = {}
    for cell in form.cells(option_id):
        criterion = form.sheet.rubric.criterion(cell[1])
        suffix = f" — {facet_name(form, criterion, cell[2], _)}" if cell[2] else ""
        questions[cell] = criterion.question(_.language) + suffix
    return questions


def save_option(
    keys: FormKeys, questions: Mapping[CellKey, str], option_id: int, title: str, place: str = "end"
) -> None:
    """The submit button's callback: one use case saves what is new or changed, in one transaction.

    ``questions`` are the option's questions as drawn: the answers are read from their widgets,
    and the use case refuses them when the proposal has moved to another round since.
    """
    answers = read_answers(list(questions), keys, option_id)
    attempt(
        keys.outcome(option_id, place),
        lambda: outcome_of_save(
            scoring_sheet.save_answers(
                unit_of_work(),
                keys.proposal_id,
                option_id,
                answers,
                drawn_in=keys.round,
                actor=current_actor(),
            ),
            questions,
            title,
        ),
    )


def outcome_of_save(saved: SaveOutcome, questions: Mapping[CellKey, str], title: str) -> Outcome:
    """What to tell the rater after one save, in their words."""
    if saved.round_changed:
        return Outcome(
            warning=Message(
                N_(
                    "The proposal moved on to another round while you were scoring, so your last answers "
                    "were not saved. The form now shows the new round: please enter them again."
                )
            )
        )
    success = info = warning = None
    if saved.saved:
        success = Message(
            N_("Saved for “{option}”. New or changed answers: {count}."),
            {"option": title, "count": saved.saved},
        )
    elif saved.unchanged:
        info = Message(
            N_("Nothing new to save for “{option}”: your scores are already saved."), {"option": title}
        )
    elif not saved.reasons_without_level:
        info = Message(
            N_("Nothing was saved: choose a level, or “Don't know”, for at least one question first.")
        )
    if saved.reasons_without_level:
        warning = Message(
            N_(
                "You wrote a reason but chose no level for these questions, so the reason was not "
                "saved. Choose a level or “Don't know” and save again:"
            )
        )
    return Outcome(
        success=success,
        info=info,
        warning=warning,
        lines=tuple(questions[cell] for cell in saved.reasons_without_level),
        toast=bool(saved.saved or saved.unchanged),
        icon=":material/check_circle:" if saved.saved else None,
    )
