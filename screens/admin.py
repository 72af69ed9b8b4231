"""Administration: units, professions, people, roles, MED committees and rubrics, one tab each.

Each tab is a module in ``ui/tabs/`` (``admin_units``, ``admin_professions``, ``admin_people``,
``admin_roles``, ``admin_committees``, ``admin_rubrics``); what they share is in ``ui/tabs/admin_shared.py``.
"""

from __future__ import annotations

import streamlit as st

from assessment import med_committees, organisation
from assessment.kernel.permissions import WHOLE_ORGANISATION, Action, allows
from ui.context import current_actor, translator, unit_of_work
from ui.tabs import admin_committees, admin_people, admin_professions, admin_roles, admin_rubrics, admin_units
from ui.tabs.admin_shared import Organisation

_ = translator()
st.title(_("Administration"), anchor=False)
uow = unit_of_work()
org = Organisation(
    tree=organisation.units_in_tree(uow, actor=current_actor()),
    directory=organisation.directory(uow, actor=current_actor()),
    people=organisation.people_and_roles(uow, actor=current_actor()),
    everywhere=allows(current_actor(), Action.MANAGE_ORGANISATION, WHOLE_ORGANISATION),
)

units_tab, professions_tab, people_tab, roles_tab, committees_tab, rubrics_tab = st.tabs(
    [_("Units"), _("Professions"), _("People"), _("Roles"), _("MED committees"), _("Rubrics")]
)
with units_tab:
    admin_units.render(org)
with professions_tab:
    admin_professions.render(org)
with people_tab:
    admin_people.render(org)
with roles_tab:
    admin_roles.render(org)
with committees_tab:
    admin_committees.render(org, med_committees.committee_overview(uow, actor=current_actor()))
with rubrics_tab:
    admin_rubrics.render(org.everywhere)
