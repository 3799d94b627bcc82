"""Record-level access for programs, their enrolments and the services delivered.

- Caseworkers and supervisors see every program (they refer clients to them); a Program
  Manager sees the programs they are listed on as managers (Program Manager User rows).
- An enrolment or a service delivery is visible through its case (a caseworker's own, a
  supervisor's team's, a shared case: the same reach as every other case record) or through
  its program, for that program's managers. Program Managers see no case or client record:
  the enrolment carries the client's name, which is what a program needs.
- Case Management Admin (and Administrator) see everything.

The same SQL condition serves lists and single documents, as in permissions/__init__.py.
"""

import frappe

from case_management.permissions import STAFF_ROLES, _matches, _visible_cases, sees_everything

PROGRAM_MANAGER = "Program Manager"


def _managed_programs(user: str) -> str:
	u = frappe.db.escape(user)
	return (
		"select `tabProgram Manager User`.parent from `tabProgram Manager User`"
		f" where `tabProgram Manager User`.parenttype = 'Program' and `tabProgram Manager User`.user = {u}"
	)


def program_query(user: str | None = None, **kwargs) -> str:
	user = user or frappe.session.user
	if sees_everything(user) or STAFF_ROLES.intersection(frappe.get_roles(user)):
		return ""
	return f"`tabProgram`.name in ({_managed_programs(user)})"


def _through_case_or_program(table: str, user: str) -> str:
	"""Rows of `table` (Program Enrolment or Service Delivery, both with case and program)
	whose case the user may see, or whose program they manage."""
	parts = [f"{table}.case in ({_visible_cases(user)})"]
	if PROGRAM_MANAGER in frappe.get_roles(user):
		parts.append(f"{table}.program in ({_managed_programs(user)})")
	return "(" + " or ".join(parts) + ")"


def program_enrolment_query(user: str | None = None, **kwargs) -> str:
	user = user or frappe.session.user
	return "" if sees_everything(user) else _through_case_or_program("`tabProgram Enrolment`", user)


def service_delivery_query(user: str | None = None, **kwargs) -> str:
	user = user or frappe.session.user
	return "" if sees_everything(user) else _through_case_or_program("`tabService Delivery`", user)


def manages(program: str | None, user: str | None = None) -> bool:
	"""Whether `user` is listed as a manager of `program`."""
	user = user or frappe.session.user
	return bool(
		program
		and frappe.db.exists(
			"Program Manager User", {"parenttype": "Program", "parent": program, "user": user}
		)
	)


def has_program_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	user = user or frappe.session.user
	if doc.is_new():
		return True  # role permissions decide who creates programs (admins)
	return _matches("Program", doc.name, program_query(user))


def has_program_enrolment_permission(
	doc, ptype: str | None = None, user: str | None = None, **kwargs
) -> bool:
	"""A new enrolment needs its case to be visible (a referral comes from the case's side);
	a saved one, the list condition."""
	user = user or frappe.session.user
	if sees_everything(user):
		return True
	if doc.is_new():
		return _matches("Case", doc.get("case"), f"`tabCase`.name in ({_visible_cases(user)})")
	return _matches("Program Enrolment", doc.name, program_enrolment_query(user))


def has_service_delivery_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	"""A new delivery needs its enrolment to be visible; a saved one, the list condition."""
	user = user or frappe.session.user
	if sees_everything(user):
		return True
	if doc.is_new():
		return _matches("Program Enrolment", doc.get("enrolment"), program_enrolment_query(user))
	return _matches("Service Delivery", doc.name, service_delivery_query(user))
