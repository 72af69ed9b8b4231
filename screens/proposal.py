"""Forslag: register a proposed change, or edit one until its scores are revealed.

The form's fields live in ``st.session_state`` under ``proposal.*`` keys. They are filled from
the stored proposal when it is chosen (or emptied for a new one), together with the version
they were loaded from; saving passes that version on, so an edit made on top of someone
else's newer save is refused instead of overwriting it. Buttons work through callbacks, which
run before the widgets are drawn and so may refill the form after a save.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment import organisation, proposals
from assessment.kernel import forms
from assessment.kernel.errors import N_, DomainError, FormInvalid, Message, StaleEdit
from assessment.kernel.lifecycle import EDITABLE, OPTIONS_EDITABLE, STATUS_LABELS
from assessment.kernel.model import ChangeType, Origin, Proposal, Status
from assessment.kernel.permissions import Action, allows
from ui.context import current_actor, translator, unit_of_work
from ui.widgets import QUERY_KEY, choose_proposal, plain, show_error, stop_unless_status

MODE = "proposal.mode"
LOADED = "proposal.loaded"  # (mode, proposal id) the form was filled for
VERSION = "proposal.loaded_version"  # the proposal's version when the form was filled
COUNT = "proposal.option_count"  # how many alternatives (besides "keep as is") the form shows
OPTION_IDS = "proposal.option_ids"  # the stored option behind each alternative, None for new ones
OUTCOME = "proposal.outcome"  # what the last button did: ("error", DomainError) or ("done", Message)
SENTINEL = "proposal.title"  # a widget key; gone when the form has not been drawn since

FIELDS = (
    "title",
    "description",
    "unit",
    "change_type",
    "origin",
    "management_level",
    "med_committee",
    "context",
    "consulted",
    "informed",
    "baseline",
    "professions",
    "panel",
    "rubric",
    "show_names",
)


def _option_key(index: int, part: str) -> str:
    return f"proposal.option.{index}.{part}"


# Filling the form -------------------------------------------------------------


def _values_of(proposal: Proposal | None, default_rubric: object) -> dict[str, Any]:
    if proposal is None:
        return {
            "title": "",
            "description": "",
            "unit": None,
            "change_type": ChangeType.ORGANISATIONAL,
            "origin": Origin.OWN_INITIATIVE,
            "management_level": "",
            "med_committee": "",
            "context": "",
            "consulted": "",
            "informed": "",
            "baseline": "",
            "professions": [],
            "panel": [],
            "rubric": default_rubric,
            "show_names": False,
        }
    return {
        "title": proposal.title,
        "description": proposal.description,
        "unit": proposal.unit_id,
        "change_type": proposal.change_type,
        "origin": proposal.origin,
        "management_level": proposal.management_level,
        "med_committee": proposal.med_committee,
        "context": proposal.context,
        "consulted": proposal.consulted,
        "informed": proposal.informed,
        "baseline": proposal.baseline.description,
        "professions": list(proposal.affected_profession_ids),
        "panel": [member.person_id for member in proposal.panel],
        "rubric": proposal.rubric,
        "show_names": proposal.show_rater_names,
    }


def _alternatives(proposal: Proposal) -> list[tuple[str, str, int | None]]:
    ordered = sorted((o for o in proposal.options if not o.is_baseline), key=lambda o: o.position)
    return [(option.title, option.description, option.id) for option in ordered]


def _fill(proposal: Proposal | None, default_rubric: object) -> None:
    state = st.session_state
    for name, value in _values_of(proposal, default_rubric).items():
        state[f"proposal.{name}"] = value
    for key in [key for key in state if str(key).startswith("proposal.option.")]:
        del state[key]
    alternatives = _alternatives(proposal) if proposal else [("", "", None)]
    for index, (title, description, _id) in enumerate(alternatives):
        state[_option_key(index, "title")] = title
        state[_option_key(index, "description")] = description
    state[COUNT] = max(1, len(alternatives))
    state[OPTION_IDS] = [option_id for _t, _d, option_id in alternatives] or [None]
    state[VERSION] = proposal.version if proposal else None


def _form_values() -> dict[str, Any]:
    state = st.session_state
    return {name: state.get(f"proposal.{name}") for name in FIELDS}


def _form_alternatives() -> list[proposals.OptionInput]:
    state = st.session_state
    ids = list(state.get(OPTION_IDS, []))
    count = int(state.get(COUNT, 1))
    ids += [None] * (count - len(ids))
    return [
        proposals.OptionInput(
            title=state.get(_option_key(index, "title"), "") or "",
            description=state.get(_option_key(index, "description"), "") or "",
            id=ids[index],
        )
        for index in range(count)
    ]


def _input(proposal: Proposal | None) -> proposals.ProposalInput:
    values = _form_values()
    frozen = proposal is not None and proposal.status not in OPTIONS_EDITABLE
    if frozen and proposal is not None:
        # Scoring has started: the options and the rubric are what the raters score.
        options = [proposals.OptionInput(t, d, i) for t, d, i in _alternatives(proposal)]
        baseline, rubric = proposal.baseline.description, proposal.rubric
    else:
        options, baseline, rubric = _form_alternatives(), values["baseline"] or "", values["rubric"]
    return proposals.ProposalInput(
        unit_id=values["unit"] if values["unit"] is not None else 0,
        title=values["title"] or "",
        description=values["description"] or "",
        change_type=values["change_type"],
        origin=values["origin"],
        management_level=values["management_level"] or "",
        med_committee=values["med_committee"] or "",
        rubric=rubric,
        options=options,
        affected_profession_ids=list(values["professions"] or []),
        panel_person_ids=list(values["panel"] or []),
        context=values["context"] or "",
        consulted=values["consulted"] or "",
        informed=values["informed"] or "",
        show_rater_names=bool(values["show_names"]),
        baseline_description=baseline,
    )


def _unsaved(proposal: Proposal) -> bool:
    stored = proposals.OptionInput
    alternatives = [stored(t, d, i) for t, d, i in _alternatives(proposal)]
    return _form_values() != _values_of(proposal, None) or _form_alternatives() != alternatives


# Button callbacks ------------------------------------------------------------


def _save(proposal_id: int | None) -> None:
    state = st.session_state
    uow = unit_of_work()
    state.pop(OUTCOME, None)
    try:
        if proposal_id is None:
            saved = proposals.register_proposal(uow, _input(None), actor=current_actor())
            # From now on the form edits the stored draft, and the address can be shared.
            st.query_params[QUERY_KEY] = str(saved.id)
            state[MODE] = "edit"
            state.pop("proposal.pick", None)
            state[OUTCOME] = (
                "done",
                Message(N_("The proposal “{title}” is saved as a draft."), {"title": saved.title}),
            )
        else:
            current = proposals.get_proposal(uow, proposal_id, actor=current_actor())
            proposals.update_proposal(
                uow,
                proposal_id,
                _input(current),
                expected_version=int(state[VERSION]),
                actor=current_actor(),
            )
            state[OUTCOME] = ("done", Message(N_("Your changes are saved.")))
    except DomainError as error:
        state[OUTCOME] = ("error", error)
        return
    state[LOADED] = None  # refill the form from what was stored


def _reload() -> None:
    st.session_state.pop(OUTCOME, None)
    st.session_state[LOADED] = None


UNSAVED = N_("You have unsaved changes. Save them first: scoring starts from the saved proposal.")


def _start_scoring(proposal_id: int) -> None:
    state = st.session_state
    state.pop(OUTCOME, None)
    uow = unit_of_work()
    try:
        if _unsaved(proposals.get_proposal(uow, proposal_id, actor=current_actor())):
            # Typed just before the click: the button was not disabled yet.
            state[OUTCOME] = ("start_error", DomainError(UNSAVED))
            return
        proposals.open_scoring(uow, proposal_id, actor=current_actor())
    except DomainError as error:
        state[OUTCOME] = ("start_error", error)
        return
    state[OUTCOME] = (
        "started",
        Message(N_("Blind scoring has started. The raters on the panel can now score the proposal.")),
    )
    state[LOADED] = None


def _add_option() -> None:
    state = st.session_state
    count = int(state.get(COUNT, 1))
    state[_option_key(count, "title")] = ""
    state[_option_key(count, "description")] = ""
    state[OPTION_IDS] = [*state.get(OPTION_IDS, []), None][: count + 1]
    state[COUNT] = count + 1


def _remove_option(index: int) -> None:
    state = st.session_state
    count = int(state.get(COUNT, 1))
    for later in range(index, count - 1):
        for part in ("title", "description"):
            state[_option_key(later, part)] = state.get(_option_key(later + 1, part), "")
    for part in ("title", "description"):
        state.pop(_option_key(count - 1, part), None)
    ids = list(state.get(OPTION_IDS, []))
    if index < len(ids):
        del ids[index]
    state[OPTION_IDS] = ids
    state[COUNT] = max(1, count - 1)


# The page --------------------------------------------------------------------

_ = translator()
st.title(_("Proposal"))
uow = unit_of_work()
directory = organisation.directory(uow, actor=current_actor())
rubrics = organisation.rubric_catalogue(uow, actor=current_actor())

if not directory.units or not rubrics:
    st.info(
        _(
            "Before a proposal can be registered, an administrator must add at least one unit "
            "and store at least one rubric under Administration."
        )
    )
    st.page_link("screens/admin.py", label=_("Go to Administration"), icon=":material/settings:")
    st.stop()

# Only a unit's leaders register and edit its proposals; everyone else follows them elsewhere.
creatable = {
    unit.id
    for unit in directory.units
    if unit.id is not None and allows(current_actor(), Action.CREATE_PROPOSAL, unit.id, Status.DRAFT)
}
if not creatable:
    st.info(
        _(
            "Proposals are registered and edited by the leaders of a unit. "
            "You can follow the proposals you may see on the overview."
        )
    )
    st.page_link("screens/overview.py", label=_("Go to the overview"), icon=":material/dashboard:")
    st.stop()

state = st.session_state
state.setdefault(MODE, "edit" if QUERY_KEY in st.query_params else "new")
mode = st.radio(
    _("What do you want to do?"),
    ["new", "edit"],
    format_func=lambda m: _("Register a new proposal") if m == "new" else _("Edit a proposal"),
    horizontal=True,
    key=MODE,
)

proposal: Proposal | None = None
if mode == "edit":
    proposal = choose_proposal((Status.DRAFT, Status.SCORING), key="proposal.pick")
    if proposal is None:
        st.info(
            _(
                "There is no proposal in draft or blind scoring to edit. "
                "Choose “Register a new proposal” to register one."
            )
        )
        st.stop()
    stop_unless_status(
        proposal,
        EDITABLE,
        _("Here a proposal is registered, and edited until its scores are revealed."),
    )
elif QUERY_KEY in st.query_params:
    del st.query_params[QUERY_KEY]

refs = [entry.ref for entry in rubrics]
target = (mode, proposal.id if proposal else None)
if state.get(LOADED) != target or SENTINEL not in state:
    if state.get(LOADED) is not None:
        state.pop(OUTCOME, None)  # another proposal: the last one's messages no longer apply
    _fill(proposal, organisation.default_rubric(refs))
    state[LOADED] = target

outcome_kind, outcome = state.get(OUTCOME, (None, None))
error = outcome if outcome_kind == "error" and isinstance(outcome, DomainError) else None
problems: dict[str, Message] = error.problems if isinstance(error, FormInvalid) else {}


def problem(field: str) -> None:
    """The problem with one field, right below it."""
    if field in problems:
        st.markdown(f":red[:material/error: {plain(_.message(problems[field]))}]")


labels = {
    "title": _("Title"),
    "description": _("What is proposed, and why"),
    "unit_id": _("Unit"),
    "change_type": _("Type of change"),
    "origin": _("Where the proposal comes from"),
    "management_level": _("Owning management level"),
    "med_committee": _("MED committee"),
    "context": _("Context and background"),
    "consulted": _("Who is consulted"),
    "informed": _("Who is informed"),
    "options": _("Options"),
    "affected_professions": _("Affected professions"),
    "panel": _("Panel of raters"),
    "rubric": _("Rubric"),
    "show_rater_names": _("Show the raters' names in the discussion"),
}
frozen = proposal is not None and proposal.status not in OPTIONS_EDITABLE
if proposal is not None:
    changed_by = directory.person(proposal.updated_by)
    st.caption(
        _(
            "Status: {status} · version {version} · last saved {time} by {name}",
            status=_(STATUS_LABELS[proposal.status]),
            version=proposal.version,
            time=_.datetime(proposal.updated_at or proposal.created_at),
            name=plain(changed_by.name) if changed_by else _("someone"),
        )
    )

with st.container(border=True):
    st.subheader(_("The proposal"))
    st.text_input(labels["title"], key="proposal.title", max_chars=forms.TITLE_LIMIT)
    problem("title")
    st.text_area(
        labels["description"],
        key="proposal.description",
        help=_("Describe the change so that someone who was not at the meeting understands it."),
    )
    problem("description")
    # In tree order, each unit named with the unit it belongs to: "Hjemmeplejen Syd (Ældre og Sundhed)".
    offered = creatable | ({proposal.unit_id} if proposal else set())
    tree = [entry for entry in organisation.unit_tree(directory.units) if entry.unit.id in offered]
    unit_labels = {
        entry.unit.id: f"{entry.unit.name} ({parent.name})"
        if (parent := directory.unit(entry.unit.parent_id or 0)) is not None
        else entry.unit.name
        for entry in tree
    }
    st.selectbox(
        labels["unit_id"],
        list(unit_labels),
        format_func=lambda unit_id: unit_labels.get(unit_id, str(unit_id)),
        key="proposal.unit",
        placeholder=_("Choose the unit the proposal belongs to"),
        help=_("The proposal is scored for its fit with this unit's core task and the one above it."),
    )
    problem("unit_id")
    left, right = st.columns(2)
    left.radio(
        labels["change_type"],
        list(ChangeType),
        format_func=lambda value: _(organisation.CHANGE_TYPE_LABELS[value]),
        key="proposal.change_type",
    )
    right.radio(
        labels["origin"],
        list(Origin),
        format_func=lambda value: _(organisation.ORIGIN_LABELS[value]),
        key="proposal.origin",
    )

with st.container(border=True):
    st.subheader(_("Who owns the decision"))
    left, right = st.columns(2)
    with left:
        st.text_input(
            labels["management_level"],
            key="proposal.management_level",
            max_chars=forms.TITLE_LIMIT,
            placeholder=_("e.g. the management of Hjemmeplejen Syd"),
        )
        problem("management_level")
    with right:
        st.text_input(
            labels["med_committee"],
            key="proposal.med_committee",
            max_chars=forms.TITLE_LIMIT,
            placeholder=_("e.g. Lokal-MED Hjemmeplejen Syd"),
        )
        problem("med_committee")

with st.container(border=True):
    st.subheader(_("Background and involvement"))
    st.text_area(labels["context"], key="proposal.context", height=100)
    problem("context")
    left, right = st.columns(2)
    with left:
        st.text_area(labels["consulted"], key="proposal.consulted", height=100)
        problem("consulted")
    with right:
        st.text_area(labels["informed"], key="proposal.informed", height=100)
        problem("informed")

with st.container(border=True):
    st.subheader(labels["options"])
    st.caption(
        _(
            "From 2 to {maximum} options are compared, “Keep as is” included; "
            "every option is scored against carrying on as today.",
            maximum=proposals.MAX_OPTIONS,
        )
    )
    if frozen and proposal is not None:
        rows = [(_("Keep as is"), proposal.baseline.description)]
        rows += [(title, description) for title, description, _id in _alternatives(proposal)]
        st.table(
            [
                {_("No."): str(number), _("Option"): plain(title), _("What it means"): plain(description)}
                for number, (title, description) in enumerate(rows, start=1)
            ],
            hide_index=True,
        )
        st.caption(
            _(
                "The options are frozen because blind scoring has started: "
                "every rater must score the same options."
            )
        )
    else:
        keep, always = _("Keep as is"), _("always an option")
        st.markdown(f"**1\\. {keep}** · {always}")
        st.text_input(
            _("What keeping things as they are means here (optional)"),
            key="proposal.baseline",
        )
        count = int(state[COUNT])
        for index in range(count):
            title_column, description_column, remove_column = st.columns(
                [4, 7, 1], vertical_alignment="bottom"
            )
            title_column.text_input(
                _("Option {number}", number=index + 2),
                key=_option_key(index, "title"),
                max_chars=forms.TITLE_LIMIT,
                placeholder=_("A short title"),
            )
            description_column.text_input(
                _("What it means"),
                key=_option_key(index, "description"),
            )
            remove_column.button(
                "",
                icon=":material/delete:",
                key=f"proposal.remove_option.{index}",
                help=_("Remove this option"),
                on_click=_remove_option,
                args=(index,),
                disabled=count <= 1,
            )
        st.button(
            _("Add an option"),
            icon=":material/add:",
            key="proposal.add_option",
            on_click=_add_option,
            disabled=count >= proposals.MAX_OPTIONS - 1,
        )
    problem("options")

with st.container(border=True):
    st.subheader(_("Who scores, and against what"))
    professions = {p.id: p.name for p in directory.professions}
    st.multiselect(
        labels["affected_professions"],
        list(professions),
        format_func=lambda profession_id: professions.get(profession_id, str(profession_id)),
        key="proposal.professions",
        placeholder=_("Choose the professions whose work changes"),
        help=_("Criteria about the professions are scored once for each profession chosen here."),
    )
    problem("affected_professions")
    people = {person.id: person for person in directory.people}
    panel_ids = list(dict.fromkeys([*people, *(state.get("proposal.panel") or [])]))

    def person_label(person_id: int) -> str:
        person = people.get(person_id)
        if person is None:
            return _("Person {id} (no longer active)", id=person_id)
        profession = directory.profession(person.profession_id)
        return f"{person.name} ({profession.name})" if profession else person.name

    st.multiselect(
        labels["panel"],
        panel_ids,
        format_func=person_label,
        key="proposal.panel",
        placeholder=_("Choose the people who score the options"),
        help=_(
            "Choose raters from every affected profession; at least {minimum}.", minimum=proposals.MIN_PANEL
        ),
    )
    problem("panel")
    titles = {entry.ref: entry for entry in rubrics}
    st.selectbox(
        labels["rubric"],
        refs,
        format_func=lambda ref: (
            f"{titles[ref].rubric.title(_.language)} ({ref.rubric_id} {ref.version})"
            if ref in titles
            else ref.rubric_id
        ),
        key="proposal.rubric",
        disabled=frozen,
        help=_("The questions every option is scored against. It cannot change once scoring has started."),
    )
    problem("rubric")
    st.toggle(
        labels["show_rater_names"],
        key="proposal.show_names",
        disabled=frozen,
        help=_(
            "Off: raters are shown as Participant A, B, … in the discussion and in the decision summary. "
            "Turn it on only if the panel agrees. It cannot change once scoring has started."
        ),
    )
    problem("show_rater_names")

st.button(
    _("Save as draft") if proposal is None else _("Save changes"),
    type="primary",
    icon=":material/save:",
    key="proposal.save",
    on_click=_save,
    args=(proposal.id if proposal else None,),
)
if isinstance(error, StaleEdit):
    st.error(plain(_.message(error)))
    st.button(_("Reload the proposal"), icon=":material/refresh:", key="proposal.reload", on_click=_reload)
    st.caption(
        _(
            "Reloading replaces what you typed here with the saved proposal; copy anything you want to keep first."
        )
    )
elif isinstance(error, FormInvalid):
    # The problems in the order of the fields on the screen.
    order = [*labels, *error.problems]
    show_error(
        FormInvalid(
            {field: error.problems[field] for field in dict.fromkeys(order) if field in error.problems}
        ),
        labels,
    )
    st.caption(_("Nothing was saved."))
elif error is not None:
    show_error(error)
elif outcome_kind == "done" and isinstance(outcome, Message):
    # The message names the proposal: its title is the user's text.
    st.success(plain(_.message(outcome)))
elif outcome_kind == "started" and isinstance(outcome, Message) and proposal is not None:
    st.success(plain(_.message(outcome)))
    st.page_link(
        "screens/scoring.py",
        label=_("Go to Scoring"),
        icon=":material/how_to_vote:",
        query_params={QUERY_KEY: str(proposal.id)},
    )

if proposal is not None and proposal.status is Status.DRAFT:
    with st.container(border=True):
        st.subheader(_("Start blind scoring"))
        st.markdown(
            _(
                "When scoring starts, each rater on the panel scores every option on their own, against the "
                "rubric. Nobody can see the others' scores until the reveal, so that everyone's own "
                "judgement is heard before the discussion. From then on the options and the rubric can no "
                "longer be changed."
            )
        )
        st.caption(
            _(
                "The panel has {count} raters; at least {minimum} are needed.",
                count=len(proposal.panel),
                minimum=proposals.MIN_PANEL,
            )
        )
        unsaved = _unsaved(proposal)
        if unsaved:
            st.warning(_(UNSAVED))
        st.button(
            _("Start blind scoring"),
            icon=":material/how_to_vote:",
            key="proposal.start_scoring",
            on_click=_start_scoring,
            args=(proposal.id,),
            disabled=unsaved,
        )
        if outcome_kind == "start_error" and isinstance(outcome, DomainError):
            show_error(outcome)
