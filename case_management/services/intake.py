"""Intake: who gets a new case, and the intake assessment ToDo.

The choice of caseworker is Frappe's own: either the user picked on the case, or the
"Case Intake Assessment" Assignment Rule (load balancing by default; an admin can switch it
to round robin or change who is in it). Either way the intake assessment becomes a ToDo
assigned with `assign_to`, and the case's caseworker is the ToDo's assignee.
"""

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.query_builder import DocType

INTAKE_RULE = "Case Intake Assessment"
CASEWORKER_ROLE = "Caseworker"


def intake_rule():
	"""The enabled intake Assignment Rule, or None."""
	name = frappe.db.get_value("Assignment Rule", {"name": INTAKE_RULE, "disabled": 0})
	return frappe.get_cached_doc("Assignment Rule", name) if name else None


def can_auto_assign() -> bool:
	rule = intake_rule()
	return bool(rule and rule.users)


def intake_description(case) -> str:
	rule = frappe.db.get_value("Assignment Rule", INTAKE_RULE, "description")
	if rule:
		return frappe.render_template(rule, case.as_dict())
	return _("Intake assessment for {0} ({1})").format(case.client_name, case.name)


def assign_intake(case) -> None:
	"""Give the chosen caseworker the intake assessment ToDo (the rule covers the unchosen case)."""
	if not case.caseworker:
		return
	assign_to.add(
		{
			"assign_to": [case.caseworker],
			"doctype": case.doctype,
			"name": case.name,
			"description": intake_description(case),
		},
		# The caseworker was validated on the case; the user creating the case may not be
		# the assignee and Frappe would otherwise re-check read access as the creator.
		ignore_permissions=True,
	)


def on_todo_insert(doc, method=None):
	"""When the intake rule assigns a case that has no caseworker, the assignee becomes it."""
	if doc.reference_type != "Case" or not doc.assignment_rule or not doc.allocated_to:
		return
	if frappe.db.get_value("Case", doc.reference_name, "caseworker"):
		return
	frappe.db.set_value(
		"Case",
		doc.reference_name,
		{"caseworker": doc.allocated_to, "team": team_of(doc.allocated_to)},
	)


def team_of(user: str) -> str | None:
	"""The (first, by name) team the user is a member of."""
	member = DocType("Caseworker Team Member")
	rows = (
		frappe.qb.from_(member)
		.select(member.parent)
		.where((member.user == user) & (member.parenttype == "Caseworker Team"))
		.orderby(member.parent)
		.limit(1)
		.run()
	)
	return rows[0][0] if rows else None


def caseworkers() -> list[str]:
	"""Enabled users who hold the Caseworker role."""
	user, has_role = DocType("User"), DocType("Has Role")
	rows = (
		frappe.qb.from_(user)
		.join(has_role)
		.on(has_role.parent == user.name)
		.select(user.name)
		.distinct()
		.where(
			(has_role.role == CASEWORKER_ROLE)
			& (has_role.parenttype == "User")
			& (user.enabled == 1)
			& (user.name.notin(["Administrator", "Guest"]))
		)
		.orderby(user.name)
		.run()
	)
	return [r[0] for r in rows]


def sync_intake_rule_users(doc=None, method=None):
	"""Keep the intake rule's users equal to the enabled caseworkers."""
	if frappe.flags.defer_intake_rule_sync or not frappe.db.exists("Assignment Rule", INTAKE_RULE):
		return
	wanted = caseworkers()
	rule = frappe.get_doc("Assignment Rule", INTAKE_RULE)
	if [row.user for row in rule.users] == wanted:
		return
	rule.set("users", [{"user": u} for u in wanted])
	# Internal bookkeeping after a role change; the editing user need not manage rules.
	rule.save(ignore_permissions=True)
