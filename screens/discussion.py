"""Drøftelse: after the reveal, where the panel disagrees, why, and which dilemmas it raises."""

from __future__ import annotations

import streamlit as st

from assessment import dilemmas, discussion
from assessment.dilemmas import STARTING_POINTS, starting_point
from assessment.kernel.errors import DomainError
from assessment.kernel.lifecycle import REVEALED
from assessment.kernel.model import DilemmaStatus, Status
from assessment.kernel.repository import NoteKind
from ui.context import current_actor, translator, unit_of_work
from ui.reveal import reveal_panel
from ui.widgets import choose_proposal, number, plain, show_error, stop_unless_status

FLASH = "discussion.flash"
CLEAR = "discussion.clear"  # form fields to empty at the start of the next run, after a save

_ = translator()


def saved(message: str, *clear: str) -> None:
    """Remember a confirmation (and the fields to empty) for the next run, then show the new data.

    Forms keep their input when saving fails, so nothing typed is lost to a validation error.
    """
    st.session_state[FLASH] = message
    st.session_state[CLEAR] = list(clear)
    st.rerun()


for cleared in st.session_state.pop(CLEAR, []):
    st.session_state.pop(cleared, None)


st.title(_("Discussion"))
proposal = choose_proposal([Status.SCORING, *sorted(REVEALED)], key="discussion.proposal")
if proposal is None or proposal.id is None:
    st.info(
        _(
            "No proposal has had its scores revealed yet. When blind scoring is over, the proposal's "
            "owner reveals the scores, and the discussion starts here."
        )
    )
    st.stop()
if proposal.status is Status.SCORING:
    reveal_panel(proposal)
    st.stop()
stop_unless_status(
    proposal,
    REVEALED,
    _(
        "This screen is for the discussion after the reveal: where the panel disagrees, the reasons, "
        "the gaps and the dilemmas. Before the reveal nobody sees anyone else's scores."
    ),
)

uow = unit_of_work()
try:
    view = discussion.discussion_view(
        uow, proposal.id, language=_.language, actor=current_actor(), translate=_.gettext
    )
except DomainError as error:
    show_error(error)
    st.stop()

if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH), icon=":material/check:")
if view.status is not Status.DISCUSSION:
    st.info(
        _(
            "The decision has been recorded, so this is the record of the discussion. Dilemmas can "
            "still be followed up until the proposal is closed."
        ),
        icon=":material/history:",
    )

reasons_total = sum(row.count for row in view.reasons)
columns = st.columns(4)
columns[0].metric(_("Hot spots"), len(view.hot_spots))
columns[1].metric(_("Dilemmas not yet handled"), view.open_dilemmas)
columns[2].metric(_("Gaps to comment on"), len(view.gaps) + len(view.divergences))
columns[3].metric(_("Raters on the panel"), len(view.raters))

options = {option.id: option for option in view.options}
tabs = st.tabs(
    [
        _("Hot spots"),
        _("Spread of scores"),
        _("Reasons ({count})", count=reasons_total),
        _("Professions"),
        _("Gaps to comment on"),
        _("Dilemmas ({count})", count=len(view.dilemmas)),
    ]
)


def level_counts(cell: discussion.CellView) -> str:
    """How many gave each level, lowest first: "Clearly worse: 1 · Somewhat worse: 0 · …"."""
    return "  ·  ".join(f"{level.label}: {level.count}" for level in cell.levels)


def span(cell: discussion.CellView) -> str:
    if cell.minimum is None or cell.maximum is None:
        return "–"
    return f"{number(cell.minimum)} … {number(cell.maximum)}"


def criterion_text(label: str, facet: str) -> str:
    return f"{label} ({facet})" if facet else label


# Hot spots ----------------------------------------------------------------------------------------
with tabs[0]:
    st.caption(view.rule.text)
    with st.expander(_("Which levels count as the ends of each scale")):
        st.table(
            [
                {
                    _("Scale"): plain(edges.scale_title),
                    _("Lowest levels"): plain(", ".join(edges.bottom)),
                    _("Highest levels"): plain(", ".join(edges.top)),
                }
                for edges in view.rule.edges
            ],
            hide_index=True,
        )
    if not view.hot_spots:
        st.success(_("No hot spots: on no criterion is the panel split or widely spread."))
    else:
        st.write(
            _(
                "Start here: the widest spread comes first. Ask those at each end to explain their score; "
                "their reasons are under Reasons."
            )
        )
        for pair in range(0, len(view.hot_spots), 2):
            for column, cell in zip(st.columns(2), view.hot_spots[pair : pair + 2], strict=False):
                with column.container(border=True):
                    st.markdown(
                        f"**{plain(cell.option_title)}**  \n{plain(criterion_text(cell.criterion_label, cell.facet_label))}"
                    )
                    st.markdown(
                        _(
                            "Spread **{spread}** steps · **{bottom}** at the low end, **{top}** at the high end · "
                            "median {median}",
                            spread=cell.spread,
                            bottom=cell.at_bottom,
                            top=cell.at_top,
                            median=number(cell.median),
                        )
                    )
                    dont_know = (
                        "  ·  " + _("Don't know: {count}", count=cell.dont_know) if cell.dont_know else ""
                    )
                    st.markdown(plain(level_counts(cell)) + dont_know)

# Spread of every criterion ----------------------------------------------------------------------
with tabs[1]:
    st.caption(
        _(
            "How many raters gave each level, the median, the lowest and highest score, and how many "
            "answered “Don't know”. Where a rater changed a score after the reveal, the new score counts."
        )
    )
    chosen = st.selectbox(
        _("Option"),
        list(options),
        index=1 if len(options) > 1 else 0,  # the first alternative: "keep as is" is rarely the question
        format_func=lambda option_id: options[option_id].title,
        key="discussion.spread.option",
    )
    shown = [cell for cell in view.cells if cell.option_id == chosen]
    # One table per scale, so that every level has its own column, named as raters saw it.
    for scale_title in dict.fromkeys(cell.scale_title for cell in shown):
        st.markdown(f"**{plain(scale_title)}**")
        st.table(
            [
                {_("Criterion"): plain(criterion_text(cell.criterion_label, cell.facet_label))}
                | {plain(f"{number(level.value)} {level.label}"): level.count for level in cell.levels}
                | {
                    _("Median"): number(cell.median),
                    _("Lowest … highest"): span(cell),
                    _("Don't know"): cell.dont_know,
                    _("Hot spot"): "⚠" if cell.disagreement else "",
                }
                for cell in shown
                if cell.scale_title == scale_title
            ],
            hide_index=True,
        )

# Reasons side by side -----------------------------------------------------------------------------
with tabs[2]:
    if view.show_names:
        st.caption(_("This proposal shows the raters' names, as chosen when it was set up."))
    else:
        st.caption(
            _(
                "Raters are shown as participants with a letter and their profession, so the discussion "
                "is about the arguments, not the person. The letters stay the same every time."
            )
        )
    if not view.reasons:
        st.info(_("Nobody has written a reason yet."))
    hot = {(cell.criterion_key, cell.facet) for cell in view.hot_spots}
    for row in view.reasons:
        label = criterion_text(row.criterion_label, row.facet_label)
        marker = "  ·  ⚠ " + _("hot spot") if (row.criterion_key, row.facet) in hot else ""
        with st.expander(f"{plain(label)} ({row.count}){marker}", expanded=bool(marker)):
            for column, (option, reasons) in zip(st.columns(len(row.by_option)), row.by_option, strict=True):
                with column:
                    st.markdown(f"**{plain(option.title)}**")
                    if not reasons:
                        st.caption("–")
                    for reason in reasons:
                        revised = "  ·  " + _("after the reveal") if reason.revised else ""
                        st.caption(plain(f"{reason.rater} · {reason.level_label}") + revised)
                        st.text(reason.text)

# Per profession -----------------------------------------------------------------------------------
with tabs[3]:
    st.caption(
        _(
            "Shown only for professions with at least {minimum} raters on the panel, and only where at "
            "least {minimum} of them gave a score: in a smaller group one person's score could be read "
            "off the median. In brackets: the whole panel's median, where it differs.",
            minimum=discussion.MINIMUM_GROUP,
        )
    )
    if not view.professions:
        st.info(
            _(
                "No profession has {minimum} or more raters on this panel, so there are no medians per "
                "profession.",
                minimum=discussion.MINIMUM_GROUP,
            )
        )

    def median_cell(row: discussion.ProfessionRow, option_id: int) -> str:
        own, panel = row.medians.get(option_id), row.panel.get(option_id)
        if own is None:
            return "–"
        return number(own) if own == panel else f"{number(own)} ({number(panel)})"

    for table in view.professions:
        st.markdown(f"**{plain(table.name)}** · " + _("{count} raters", count=table.raters))
        st.table(
            [
                {_("Criterion"): plain(criterion_text(row.criterion_label, row.facet_label))}
                | {plain(option.title): median_cell(row, option.id) for option in view.options}
                for row in table.rows
            ],
            hide_index=True,
        )
    if view.small_groups:
        st.caption(
            _(
                "Left out (fewer than {minimum} raters): {groups}.",
                minimum=discussion.MINIMUM_GROUP,
                groups=plain(", ".join(f"{name} ({size})" for name, size in view.small_groups)),
            )
        )

# Gaps that ask for a comment ----------------------------------------------------------------------


def notes_and_form(
    notes: tuple[discussion.NoteView, ...],
    key: str,
    kind: NoteKind,
    option_id: int,
    criterion_key: str | None = None,
) -> None:
    for note in notes:
        st.caption(_.datetime(note.created_at))
        st.text(note.text)
    if not view.can_write:
        return
    with st.form(key, border=False):
        comment = st.text_area(
            _("Comment"),
            key=f"{key}.text",
            placeholder=_("Why do the views differ, and what does it mean for the decision?"),
            height=90,
        )
        if st.form_submit_button(_("Save comment"), key=f"{key}.save"):
            try:
                discussion.record_note(
                    uow,
                    view.proposal_id,
                    kind=kind,
                    text=comment,
                    option_id=option_id,
                    criterion_key=criterion_key,
                    actor=current_actor(),
                )
            except DomainError as error:
                show_error(error, {"text": _("Comment")})
            else:
                saved(_("The comment is saved."), f"{key}.text")


with tabs[4]:
    st.subheader(_("Gaps between the three perspectives"))
    st.caption(
        _(
            "The booklet's three views of the core task: formal (as decided), performed (as we do it) and "
            "experienced (by citizens). Where their medians differ by two steps or more, write down why, "
            "and what it means for the decision."
        )
    )
    if not view.gaps:
        st.success(_("The three perspectives do not differ by two steps or more on any option."))
    for gap in view.gaps:
        with st.container(border=True):
            st.markdown(f"**{plain(gap.option_title)}** · {plain(gap.criterion_label)}")
            st.write(
                _(
                    "{low}: median {low_median} · {high}: median {high_median} · gap of {gap} steps",
                    low=gap.low_label,
                    low_median=number(gap.low_median),
                    high=gap.high_label,
                    high_median=number(gap.high_median),
                    gap=number(gap.gap),
                )
            )
            notes_and_form(
                gap.notes,
                f"discussion.gap.{gap.option_id}.{gap.criterion_key}",
                NoteKind.PERSPECTIVE_GAP,
                gap.option_id,
                gap.criterion_key,
            )

    st.subheader(_("Value to the citizen and value to society"))
    if not view.value_divergence_available:
        st.info(
            _(
                "This rubric has no separate criteria for value to the citizen and value to society on the "
                "same scale, so they cannot be compared."
            )
        )
    else:
        st.caption(
            _(
                "The core task is value for the citizen and/or for society. Where the two differ by two "
                "steps or more for an option, write down the reasoning: which weighs more here, and why?"
            )
        )
        if not view.divergences:
            st.success(_("On no option do the two differ by two steps or more."))
        for item in view.divergences:
            with st.container(border=True):
                st.markdown(f"**{plain(item.option_title)}**")
                st.write(
                    _(
                        "Value to the citizen: {citizen} · value to society: {society} · difference {difference}",
                        citizen=number(item.citizen),
                        society=number(item.society),
                        difference=number(item.difference),
                    )
                )
                notes_and_form(
                    item.notes,
                    f"discussion.value.{item.option_id}",
                    NoteKind.VALUE_DIVERGENCE,
                    item.option_id,
                )
    if view.earlier_notes:
        st.subheader(_("Comments on gaps that have since closed"))
        for about, note in view.earlier_notes:
            st.caption(f"{plain(about)} · {_.datetime(note.created_at)}")
            st.text(note.text)

# The dilemma log ----------------------------------------------------------------------------------
TEXT, POLE_A, POLE_B = "discussion.dilemma.text", "discussion.dilemma.pole_a", "discussion.dilemma.pole_b"
OPTION, CRITERION = "discussion.dilemma.option", "discussion.dilemma.criterion"
START = "discussion.dilemma.start"
criteria = dict(view.criteria)


def fill_from_booklet() -> None:
    """Pre-fill the form with the chosen dilemma from the booklet, in the reader's language."""
    key = st.session_state.get(START)
    if not key:
        return
    point = starting_point(key)
    st.session_state[TEXT] = _(point.text)
    st.session_state[POLE_A] = _(point.pole_a)
    st.session_state[POLE_B] = _(point.pole_b)
    st.session_state[CRITERION] = next((c for c in point.criteria if c in criteria), None)


with tabs[5]:
    st.subheader(_("The dilemma log"))
    st.caption(
        _(
            "The value lies in the dialogue: name the dilemmas and necessary conflicts instead of hiding "
            "them. Give each its two poles, link it to an option and a criterion, and mark it handled when "
            "the committee has agreed how to deal with it – or to revisit at the follow-up."
        )
    )
    if not view.dilemmas:
        st.info(_("No dilemmas have been recorded yet."))
    else:
        st.table(
            [
                {
                    _("Status"): dilemma.status_label,
                    _("Dilemma"): plain(dilemma.text),
                    _("Poles"): plain(f"{dilemma.pole_a} ↔ {dilemma.pole_b}")
                    if dilemma.pole_a or dilemma.pole_b
                    else "",
                    _("Linked to"): plain(
                        " · ".join(filter(None, (dilemma.option_title, dilemma.criterion_label)))
                    ),
                    _("Note"): plain(dilemma.note),
                }
                for dilemma in view.dilemmas
            ],
            hide_index=True,
        )

    if view.dilemmas and view.can_change_dilemmas:
        status_box = st.container(border=True)
        status_box.markdown("**" + _("Change the status of a dilemma") + "**")
        recorded = {dilemma.id: dilemma for dilemma in view.dilemmas}
        dilemma_id = status_box.selectbox(
            _("Dilemma"),
            list(recorded),
            format_func=lambda key: f"{recorded[key].status_label} · {recorded[key].text[:90]}",
            key="discussion.status.dilemma",
        )
        current = recorded[dilemma_id]
        statuses = list(DilemmaStatus)
        status = status_box.radio(
            _("Status"),
            statuses,
            index=statuses.index(current.status),
            format_func=lambda s: _(discussion.DILEMMA_STATUS_LABELS[s]),
            horizontal=True,
            key=f"discussion.status.value.{dilemma_id}",
        )
        note = status_box.text_area(
            _("Note: what was agreed, or why it is to be revisited"),
            value=current.note,
            key=f"discussion.status.note.{dilemma_id}",
            height=90,
        )
        if status_box.button(_("Save the status"), key="discussion.status.save"):
            try:
                dilemmas.set_dilemma_status(
                    uow, view.proposal_id, dilemma_id, status=status, note=note, actor=current_actor()
                )
            except DomainError as error:
                show_error(error)
            else:
                saved(_("The dilemma's status is saved."))

    if view.can_write:
        st.markdown("**" + _("Record a dilemma") + "**")
        points = {point.key: point for point in STARTING_POINTS}
        for key in (START, OPTION, CRITERION):
            st.session_state.setdefault(key, None)  # nothing chosen until the user chooses
        start = st.selectbox(
            _("Start from a dilemma from the booklet (optional)"),
            list(points),
            format_func=lambda key: _(points[key].title),
            placeholder=_("Write your own, or choose one to fill in the form"),
            key=START,
            on_change=fill_from_booklet,
        )
        if start:
            st.caption(_("From “Kerneopgaven i hverdagen”: {source}", source=_(points[start].source)))
        with st.form("discussion.dilemma.form"):
            text = st.text_area(_("The dilemma"), key=TEXT, height=110)
            left, right = st.columns(2)
            pole_a = left.text_input(_("One pole"), key=POLE_A)
            pole_b = right.text_input(_("The other pole"), key=POLE_B)
            left, right = st.columns(2)
            option_id = left.selectbox(
                _("Linked option (optional)"),
                list(options),
                format_func=lambda key: options[key].title,
                placeholder=_("Not linked"),
                key=OPTION,
            )
            criterion_key = right.selectbox(
                _("Linked criterion (optional)"),
                list(criteria),
                format_func=criteria.__getitem__,
                placeholder=_("Not linked"),
                key=CRITERION,
            )
            if st.form_submit_button(_("Record the dilemma"), type="primary", key="discussion.dilemma.save"):
                try:
                    dilemmas.record_dilemma(
                        uow,
                        view.proposal_id,
                        text=text,
                        pole_a=pole_a,
                        pole_b=pole_b,
                        option_id=option_id,
                        criterion_key=criterion_key,
                        actor=current_actor(),
                    )
                except DomainError as error:
                    show_error(
                        error,
                        {
                            "text": _("The dilemma"),
                            "pole_a": _("One pole"),
                            "pole_b": _("The other pole"),
                            "option_id": _("Linked option (optional)"),
                            "criterion_key": _("Linked criterion (optional)"),
                        },
                    )
                else:
                    saved(_("The dilemma is recorded."), TEXT, POLE_A, POLE_B, OPTION, CRITERION, START)

# On to the decision -------------------------------------------------------------------------------
st.divider()
if view.status is Status.DISCUSSION:
    st.caption(
        _(
            "When the hot spots, gaps and dilemmas have been discussed, the MED committee records its "
            "statement and the leadership the decision."
        )
    )
    if st.button(
        _("Go on to the decision"), type="primary", icon=":material/gavel:", key="discussion.to_decision"
    ):
        st.switch_page("screens/decision.py", query_params={"proposal": str(view.proposal_id)})
else:
    st.page_link(
        "screens/decision.py",
        label=_("See the decision"),
        icon=":material/gavel:",
        query_params={"proposal": str(view.proposal_id)},
    )
