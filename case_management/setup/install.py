"""Install-time defaults. Everything here is idempotent: it inserts what is missing and
never overwrites what an agency has edited."""

import json
from pathlib import Path

import frappe

DEFAULTS = Path(__file__).parent / "defaults"
APP_ROLES = ("Caseworker", "Case Supervisor", "Case Management Admin", "Referral Partner", "Program Manager")
WORKFLOW_STATES = ("Intake", "Assessment", "Active", "Monitoring", "On Hold", "Closed")
WORKFLOW_ACTIONS = (
	"Start Assessment",
	"Activate",
	"Move to Monitoring",
	"Resume Active",
	"Put On Hold",
	"Resume",
	"Close",
	"Reopen",
)


def after_sync():
	"""Runs on install, after the fixtures (roles, workflow states, actions) are loaded."""
	ensure_defaults()


def after_migrate():
	ensure_defaults()


def ensure_defaults():
	for name in ("visit_notifications", "note_templates", "note_hint_phrases"):
		for data in load_default(name):
			insert_if_missing(data)
	for name in (
		"case_workflow",
		"intake_assignment_rule",
		"intake_checklist_template",
		"scoring_instrument",
		"email_template_referral",
		"setup_warnings_block",
	):
		insert_if_missing(load_default(name))
	ensure_settings_defaults()
	ensure_poverty_guidelines()
	from case_management.services.intake import sync_intake_rule_users

	sync_intake_rule_users()


def load_default(name: str) -> dict:
	return json.loads((DEFAULTS / f"{name}.json").read_text())


def insert_if_missing(data: dict) -> None:
	if frappe.db.exists(data["doctype"], data["name"]):
		return
	doc = frappe.get_doc(data)
	# Installing shipped configuration: no user is acting, so no permission applies.
	doc.insert(ignore_permissions=True, set_name=data["name"])


def ensure_settings_defaults():
	"""Settings fields added by an upgrade start with their default, like on a new install."""
	meta = frappe.get_meta("Case Management Settings")
	current = frappe.db.get_singles_dict("Case Management Settings")
	missing = {
		df.fieldname: df.default
		for df in meta.fields
		if df.default is not None
		and current.get(df.fieldname) in (None, "")
		and not df.fieldtype.startswith("Table")
	}
	if missing:
		frappe.db.set_single_value("Case Management Settings", missing)


def ensure_poverty_guidelines():
	settings = frappe.get_single("Case Management Settings")
	if settings.poverty_guidelines:
		return
	for row in load_default("poverty_guidelines"):
		settings.append("poverty_guidelines", row)
	# Seeding the shipped HHS table on install; an admin edits it afterwards. The agency phone
	# is the agency's to enter: until then the workspace warns and alerts are held, not sent.
	settings.flags.installing = True
	settings.save(ignore_permissions=True)


def before_uninstall():
	"""Remove the records the app created outside its own doctypes."""
	frappe.delete_doc_if_exists("Email Template", "Referral to Partner")
	frappe.delete_doc_if_exists("Custom HTML Block", load_default("setup_warnings_block")["name"])
	for notification in load_default("visit_notifications"):
		frappe.delete_doc_if_exists("Notification", notification["name"], force=True)
	for rule in frappe.get_all("Assignment Rule", filters={"document_type": "Case"}, pluck="name"):
		frappe.delete_doc("Assignment Rule", rule, ignore_permissions=True, force=True)
	for workflow in frappe.get_all("Workflow", filters={"document_type": "Case"}, pluck="name"):
		frappe.delete_doc("Workflow", workflow, ignore_permissions=True, force=True)
	frappe.db.delete("ToDo", {"reference_type": ("in", app_doctypes())})
	for action in WORKFLOW_ACTIONS:
		if not frappe.db.exists("Workflow Transition", {"action": action}):
			frappe.delete_doc_if_exists("Workflow Action Master", action, force=True)
	for state in WORKFLOW_STATES:
		if not frappe.db.exists("Workflow Document State", {"state": state}):
			frappe.delete_doc_if_exists("Workflow State", state, force=True)
	for role in APP_ROLES:
		frappe.db.delete("Has Role", {"role": role})
		frappe.db.delete("Custom DocPerm", {"role": role})
		frappe.delete_doc_if_exists("Role", role, force=True)


def app_doctypes() -> list[str]:
	return frappe.get_all("DocType", filters={"module": "Case Management"}, pluck="name")
