"""Child tables: a row is visible exactly when its parent record is.

Frappe checks a single child row against its parent record, but its list, count, report and
value calls on a child doctype (`frappe.client.get_list("Income Entry", parent="Household
Member")`, REST on the child doctype, number-card aggregates) check only that the user may
read the parent doctype at all, and then return every row of every parent. So every child
doctype of the app gets a list condition here (hooks.py `permission_query_conditions`), built
from the parents the doctype appears in: a row of parent type P counts when its parent is one
of the P records the user could list, by the very condition Frappe's own P list would apply
(role permissions, shares, user permissions and the app's record rules). A parent doctype the
user may not read at all contributes nothing.
"""

import frappe
from frappe.model.db_query import DatabaseQuery
from frappe.utils.caching import site_cache

MODULE = "Case Management"


@site_cache()
def child_doctypes() -> tuple[str, ...]:
	"""The app's child doctypes."""
	return tuple(frappe.get_all("DocType", filters={"module": MODULE, "istable": 1}, pluck="name"))


@site_cache()
def parents_of(child: str) -> tuple[str, ...]:
	"""The doctypes that hold `child` as a table."""
	rows = frappe.get_all(
		"DocField",
		filters={"options": child, "fieldtype": ["in", ["Table", "Table MultiSelect"]]},
		pluck="parent",
	)
	rows += frappe.get_all(
		"Custom Field",
		filters={"options": child, "fieldtype": ["in", ["Table", "Table MultiSelect"]]},
		pluck="dt",
	)
	return tuple(sorted({p for p in rows if not frappe.get_meta(p).istable}))


def list_condition(doctype: str, user: str) -> str | None:
	"""The condition Frappe's own list of `doctype` applies for `user` ("" = every record), or
	None when the user may not list it at all."""
	if user == "Administrator":
		return ""
	query = DatabaseQuery(doctype, user=user)
	try:
		match = query.build_match_conditions()
	except frappe.PermissionError:
		frappe.local.message_log = []  # the refusal is ours to keep quiet about
		return None
	# With no role permission but some shares, Frappe puts the share condition in `conditions`.
	return " and ".join(f"({c})" for c in [*query.conditions, match] if c)


def child_condition(child: str, user: str) -> str:
	table = f"`tab{child}`"
	parts = []
	for parent in parents_of(child):
		condition = list_condition(parent, user)
		if condition is None:
			continue
		scope = f"{table}.parenttype = {frappe.db.escape(parent)}"
		if condition:
			scope += (
				f" and {table}.parent in (select `tab{parent}`.name from `tab{parent}` where {condition})"
			)
		parts.append(f"({scope})")
	return f"({' or '.join(parts)})" if parts else "1 = 0"


def query_condition(user: str | None = None, doctype: str | None = None, **kwargs) -> str:
	"""hooks.py permission_query_conditions["*"]: a condition for the app's child doctypes only."""
	user = user or frappe.session.user
	if user == "Administrator" or doctype not in child_doctypes():
		return ""
	return child_condition(doctype, user)
