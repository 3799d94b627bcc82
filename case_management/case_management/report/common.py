"""Shared by the app's script reports: the viewer's cases, narrowed by the usual filters.

Every report reads through frappe.get_list, so the permission query conditions apply: a
caseworker sees their caseload, a supervisor their teams, an admin everything.
"""

import frappe
from frappe import _

RISK_LEVELS = ["Low", "Medium", "High", "Critical"]
CLOSED = "Closed"


def case_filters(filters: frappe._dict, open_only: bool = False) -> dict:
	"""Case filters for the report's team, caseworker and risk level filters."""
	out = {}
	if filters.get("team"):
		out["team"] = filters.team
	if filters.get("caseworker"):
		out["caseworker"] = filters.caseworker
	if filters.get("risk_level"):
		if filters.risk_level not in RISK_LEVELS:
			frappe.throw(_("Risk level must be one of {0}.").format(", ".join(RISK_LEVELS)))
		out["risk_level"] = filters.risk_level
	if open_only:
		out["workflow_state"] = ("!=", CLOSED)
	return out


def visible_cases(
	filters: frappe._dict, fields: list[str], open_only: bool = False, names: list[str] | None = None
) -> list[dict]:
	"""The cases the viewer may see that match the filters (and are among `names`, if given)."""
	extra = {}
	if names is not None:
		if not names:
			return []
		extra["name"] = ("in", sorted(set(names)))
	return frappe.get_list(
		"Case",
		filters={**case_filters(filters, open_only), **extra},
		fields=["name", *fields],
		order_by="name asc",
		limit_page_length=0,
	)


def check_dates(filters: frappe._dict) -> None:
	if filters.get("from_date") and filters.get("to_date") and filters.from_date > filters.to_date:
		frappe.throw(_("From date must be on or before to date."))


def user_names(users) -> dict[str, str]:
	users = [u for u in set(users) if u]
	if not users:
		return {}
	return dict(
		frappe.get_all("User", filters={"name": ("in", users)}, fields=["name", "full_name"], as_list=True)
	)
