"""Administration, the Rubrics tab: the stored rubrics, uploading one, and reading one question by question."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assessment import organisation
from assessment.kernel.errors import N_, Message
from assessment.kernel.rubric_loading import MAX_RUBRIC_BYTES, RubricError, upload_refusal
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt, pending, show, show_outcome
from ui.tabs.admin_shared import ONLY_AT_THE_TOP, outcome_key, table_height
from ui.widgets import plain

OUTCOME = outcome_key("rubric")
# Shipped with the rubrics; a program reads it to learn the format, so a file is its right place.
FORMAT_DESCRIPTION = Path(__file__).resolve().parents[2] / "rubrics" / "README.md"


def _register() -> Outcome | None:
    state = st.session_state
    uploaded = state.get("admin.rubric.upload")
    if uploaded is None:
        return None
    if refusal := upload_refusal(uploaded.name, uploaded.size):
        raise refusal
    ref, new = organisation.register_rubric(
        unit_of_work(),
        content=uploaded.getvalue(),
        source_name=uploaded.name,
        actor=current_actor(),
    )
    state["admin.rubric.view"] = ref  # show what was just stored
    # The rubric's id comes from the uploaded file: it is a parameter, shown as written.
    params = {"id": ref.rubric_id, "version": ref.version}
    if new:
        return Outcome(
            success=Message(
                N_("The rubric {id} version {version} is stored. New proposals can now choose it."), params
            )
        )
    return Outcome(
        info=Message(
            N_(
                "The rubric {id} version {version} was already stored with exactly this content; nothing changed."
            ),
            params,
        )
    )


def _store_rubric() -> None:
    attempt(OUTCOME, _register)


def _show_file_problems(error: RubricError) -> None:
    """Every problem in the file, one per line: a rubric file is corrected in one go."""
    _ = translator()
    nothing_stored, correct_it = _("Nothing was stored."), _("Correct the file and upload it again.")
    st.error(
        "\n".join(
            [
                plain(_("The rubric file {source} cannot be used:", source=error.source)),
                "",
                *(f"- {plain(problem.render(_.gettext, _.format_value))}" for problem in error.problems),
                "",
                f"**{nothing_stored}** {correct_it}",
            ]
        )
    )


def render(everywhere: bool) -> None:
    _ = translator()
    catalogue = organisation.rubric_catalogue(unit_of_work(), actor=current_actor())
    if catalogue:
        st.dataframe(
            [
                {
                    _("Title"): entry.rubric.title(_.language),
                    _("Id"): entry.ref.rubric_id,
                    _("Version"): entry.ref.version,
                    _("Fingerprint"): entry.ref.content_hash[:12],
                    _("Criteria"): len(entry.rubric.criteria),
                    _("File"): entry.source_name,
                }
                for entry in catalogue
            ],
            hide_index=True,
            height=table_height(len(catalogue)),
        )
        st.caption(
            _(
                "The fingerprint identifies the exact content: a proposal is always scored against the "
                "rubric version it was registered with, so later rubrics never change past decisions."
            )
        )
    else:
        st.info(
            _(
                "No rubrics are stored yet. Upload a rubric file below; the files kerneopgave.toml "
                "(the full assessment) and kort.toml (a short one) in the folder rubrics/ are ready to use."
            )
        )

    st.header(_("Upload a rubric"), anchor=False)
    st.caption(
        _(
            "The file is checked completely before anything is stored. A changed rubric needs a new "
            "version number. The description of the format, field by field, can be downloaded here "
            "(in English, for now)."
        )
    )
    st.download_button(
        _("Download the description of the rubric format"),
        data=FORMAT_DESCRIPTION.read_bytes() if FORMAT_DESCRIPTION.exists() else b"",
        file_name="vurderingsskema-format.md",
        mime="text/markdown",
        icon=":material/description:",
        key="admin.rubric.format",
        disabled=not FORMAT_DESCRIPTION.exists(),
    )
    # Any file is accepted here and checked below: Streamlit's own refusal of a wrong type or size
    # is English, behind an icon. server.maxUploadSize stays the outer bound.
    uploaded = st.file_uploader(
        _("Rubric file (.toml, at most {limit} KB)", limit=MAX_RUBRIC_BYTES // 1024),
        key="admin.rubric.upload",
    )
    refusal = upload_refusal(uploaded.name, uploaded.size) if uploaded is not None else None
    if refusal is not None:
        show(Outcome(error=refusal))
    st.button(
        _("Check and store the rubric"),
        icon=":material/upload_file:",
        key="admin.rubric.store",
        on_click=_store_rubric,
        disabled=uploaded is None or refusal is not None or not everywhere,
    )
    if not everywhere:
        st.caption(_(ONLY_AT_THE_TOP))
    outcome = pending(OUTCOME)
    if outcome is not None and isinstance(outcome.error, RubricError):
        _show_file_problems(outcome.error)
    elif (shown := show_outcome(OUTCOME, keep=True)) is not None and shown.refused:
        st.caption(_("Nothing was stored."))

    if catalogue:
        _read_a_rubric(catalogue)


def _read_a_rubric(catalogue: list[organisation.RubricEntry]) -> None:
    _ = translator()
    st.header(_("Read a rubric"), anchor=False)
    entries = {entry.ref: entry for entry in catalogue}
    chosen = st.selectbox(
        _("Rubric"),
        list(entries),
        format_func=lambda ref: f"{entries[ref].rubric.title(_.language)} ({ref.rubric_id} {ref.version})",
        key="admin.rubric.view",
        placeholder=_("Choose a rubric"),
    )
    rubric = entries[chosen].rubric
    st.markdown(f"**{plain(rubric.title(_.language))}**")
    st.text(rubric.description(_.language))
    rows = organisation.describe_rubric(rubric, _.language)

    def scored(row: organisation.CriterionRow) -> str:
        return _(organisation.FACET_LABELS[row.facets]) if row.facets else _("once")

    def counted(row: organisation.CriterionRow) -> str:
        return _("yes") if row.aggregate else _("no, shown on its own")

    st.table(
        [
            {
                _("Dimension"): plain(row.dimension),
                _("Question"): plain(row.question),
                _("Scale"): plain(row.scale),
                _("Weight"): _.number(row.weight),
                _("Scored"): scored(row),
                _("Counted in the index"): counted(row),
            }
            for row in rows
        ],
        hide_index=True,
    )
    st.caption(_("Open a question to read what each level means."))
    dimension = None
    for row in rows:
        if row.dimension != dimension:
            dimension = row.dimension
            st.markdown(f"**{plain(dimension)}**")
        with st.expander(plain(row.question)):
            if row.help:
                st.text(row.help)
            st.caption(
                _(
                    "Scale: {scale} · weight {weight} · scored {scored} · counted in the index: {counted}",
                    scale=plain(row.scale),
                    weight=_.number(row.weight),
                    scored=scored(row),
                    counted=counted(row),
                )
            )
            st.table(
                [
                    {
                        _("Level"): str(level.value),
                        _("Label"): plain(level.label),
                        _("What it looks like"): plain(level.descriptor),
                    }
                    for level in row.levels
                ],
                hide_index=True,
            )
