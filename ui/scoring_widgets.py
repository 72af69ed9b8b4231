"""Streamlit pieces of the scoring screen that its parts share: widget keys, names, the round's intro.

The screen shows one question at a time across every option to score (``ui/tabs/scoring_pane.py``);
each answer is kept at once as the rater's private draft, and "submit" is one deliberate act
(``ui/tabs/scoring_submit.py``).

Widget keys carry the proposal, the rater and the round, so switching the person in the
sidebar or moving on to round 2 never shows one person's or one round's answers in another's
form.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Option, Perspective, Profession, Round
from assessment.kernel.rubric import Criterion, FacetKind, Scale, ScaleKind
from ui.context import translator

DONT_KNOW_CHOICE = "dont_know"  # the radio's choice for "ved ikke"; stored as level None
READABLE_WIDTH = 960  # pixels: lines stay readable on a wide projector
QUESTION_PARAM = "q"  # ?q=4: the question the rater is on, so a reload comes back to it
ROUND_CHANGED = N_(
    "The proposal moved on to another round while you were answering, so nothing was kept. The "
    "screen now shows the new round: please answer again."
)

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


@dataclass(frozen=True)
class FormKeys:
    """The widget and state keys of one rater's answers on one proposal in one round ("score.…")."""

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

    @property
    def question(self) -> str:
        """The number of the question the rater is on (1, 2, …), kept while they work elsewhere."""
        return f"score.question.{self._base}"

    @property
    def form(self) -> str:
        """The form the screen read on its full run, handed to the question pane (see scoring_pane)."""
        return f"score.form.{self._base}"

    @property
    def outcome(self) -> str:
        """What the last answer or submit did. Not by round: a refusal because the round changed
        must still be explained after the page has moved on to the new round."""
        return f"score.outcome.{self.proposal_id}.{self.rater_id}"

    def jump(self, number: int) -> str:
        return f"score.jump.{number}"


# Texts ---------------------------------------------------------------------------------------


def option_title(option: Option, _: Translator) -> str:
    return _("Keep as is") if option.is_baseline else option.title


def level_label(scale: Scale, value: int, language: str) -> str:
    """The level's words first and its number after, e.g. Somewhat better (+1), for the discussion."""
    number = f"{value:+d}".replace("-", "−") if scale.kind is ScaleKind.BIPOLAR and value else str(value)
    return f"{scale.label(value, language)} ({number})"


def facet_name(professions: list[Profession], criterion: Criterion, facet: str, _: Translator) -> str:
    if criterion.facets is FacetKind.PERSPECTIVE:
        return _(PERSPECTIVE_NAMES[facet])
    profession = next((p for p in professions if p.key == facet), None)
    return profession.name if profession else facet


# The head of the screen ----------------------------------------------------------------------


def round_intro(round_: Round) -> None:
    """What this round is for, in one box above the questions."""
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
                "Round 2, after the reveal: your answers from round 1 are filled in. Change an answer where "
                "the discussion changed your view, then submit. Every change in round 2 is logged."
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
