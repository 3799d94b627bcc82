"""Supervisor actions on whole caseloads."""

import json

import frappe
from frappe import _
from frappe.query_builder import DocType

from case_management.permissions import case_query
from case_management.services.follows import on_cases_reassigned
from case_management.services.intake import team_of

SUPERVISOR_ROLES = {"Case Supervisor", "Case Management Admin"}
STAFF_ROLES = {"Caseworker", "Case Supervisor"}


@frappe.whitelist(methods=["POST"])
def reassign_cases(from_user: str, to_user: str, cases: list | str | None = None) -> dict:
	"""Move `from_user`'s open cases (or just `cases`) and their open ToDos to `to_user`.

	Only cases the supervisor may see move; all in one transaction.
	"""
	if not SUPERVISOR_ROLES.intersection(frappe.get_roles()):
		frappe.throw(_("Only a case supervisor can reassign cases."), frappe.PermissionError)
	if from_user == to_user:
		frappe.throw(_("Choose a different caseworker to reassign to."))
	if not frappe.db.get_value("User", to_user, "enabled") or not STAFF_ROLES.intersection(
		frappe.get_roles(to_user)
	):
		frappe.throw(
			_("{0} is not an active caseworker.").format(frappe.bold(frappe.utils.escape_html(to_user)))
		)
	if isinstance(cases, str):
		try:
			cases = json.loads(cases)
		except ValueError:
			cases = None
		if not isinstance(cases, list):
			frappe.throw(_("Cases must be a list of case names."))
	if cases and not all(isinstance(c, str) for c in cases):
		frappe.throw(_("Cases must be a list of case names."))

	scope = case_query(frappe.session.user)
	conditions = ["`tabCase`.caseworker = %(from_user)s", "`tabCase`.workflow_state != 'Closed'"]
	if scope:
		conditions.append(scope)
	if cases:
		conditions.append("`tabCase`.name in %(cases)s")
	names = frappe.db.sql_list(
		f"select `tabCase`.name from `tabCase` where {' and '.join(conditions)}",  # scope is built by permissions
		{"from_user": from_user, "cases": tuple(cases or ()) or ("",)},
	)
	if cases and len(names) != len(set(cases)):
		frappe.throw(
			_("Some of these cases are not {0}'s open cases, or you cannot see them.").format(
				frappe.utils.escape_html(from_user)
			),
			frappe.PermissionError,
		)
	if not names:
		return {"cases": 0, "todos": 0}

	case, todo = DocType("Case"), DocType("ToDo")
	frappe.qb.update(case).set(case.caseworker, to_user).set(case.team, team_of(to_user)).set(
		case.modified, frappe.utils.now_datetime()
	).set(case.modified_by, frappe.session.user).where(case.name.isin(names)).run()
	moved = [
		r[0]
		for r in frappe.qb.from_(todo)
		.select(todo.name)
		.where(
			(todo.reference_type == "Case")
			& todo.reference_name.isin(names)
			& (todo.allocated_to == from_user)
			& (todo.status == "Open")
		)
		.run()
	]
	if moved:
		frappe.qb.update(todo).set(todo.allocated_to, to_user).where(todo.name.isin(moved)).run()
	sync_assign_field(names)
	note_reassignment(names, from_user, to_user)
	on_cases_reassigned(names, from_user)
	return {"cases": len(names), "todos": len(moved)}


def sync_assign_field(names: list[str]) -> None:
	"""Keep each case's assignment list (`_assign`, shown in lists and the form sidebar) equal
	to its open ToDos: one read, then one UPDATE per distinct list."""
	todo, case = DocType("ToDo"), DocType("Case")
	assigned: dict[str, set] = {name: set() for name in names}
	for ref, user in (
		frappe.qb.from_(todo)
		.select(todo.reference_name, todo.allocated_to)
		.where((todo.reference_type == "Case") & todo.reference_name.isin(names) & (todo.status == "Open"))
		.run()
	):
		assigned[ref].add(user)
	by_value: dict[str, list] = {}
	for name, users in assigned.items():
		by_value.setdefault(json.dumps(sorted(users)), []).append(name)
	for value, cases in by_value.items():
		frappe.qb.update(case).set(case._assign, value).where(case.name.isin(cases)).run()


def note_reassignment(names: list[str], from_user: str, to_user: str) -> None:
	"""One timeline comment per case, written in one insert."""
	now = frappe.utils.now_datetime()
	text = _("Reassigned from {0} to {1}").format(from_user, to_user)
	fields = ["name", "creation", "modified", "owner", "modified_by", "comment_type", "reference_doctype",
		"reference_name", "content", "comment_email"]  # fmt: skip
	frappe.db.bulk_insert(
		"Comment",
		fields,
		[
			(
				frappe.generate_hash(length=10),
				now,
				now,
				frappe.session.user,
				frappe.session.user,
				"Info",
				"Case",
				name,
				text,
				frappe.session.user,
			)  # fmt: skip
			for name in names
		],
	)
