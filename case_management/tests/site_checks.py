"""Install checks run by scripts/frappe-suite against a real site (bench execute ...)."""

import hashlib
import json

import frappe

APP_MODULE = "Case Management"
FIXTURE_DOCTYPES = {"Role", "Workflow State", "Workflow Action Master"}
APP_TABLES = (
	"Client",
	"Case",
	"Household Member",
	"Referral",
	"Case Note",
	"Follow-up Visit",
	"Duplicate Candidate",
	"Client Merge Log",
)
SHIPPED = {
	"Workflow": ["Case Workflow"],
	"Assignment Rule": ["Case Intake Assessment"],
	"Role": ["Caseworker", "Case Supervisor", "Case Management Admin", "Referral Partner", "Program Manager"],
	"Workflow State": ["Intake", "Assessment", "Active", "Monitoring", "On Hold", "Closed"],
	"Workflow Action Master": ["Start Assessment", "Activate", "Close", "Reopen"],
	"Intake Checklist Template": ["Standard Intake"],
	"Workspace": ["Case Management"],
	"Number Card": [
		"Active Cases",
		"High or Critical Cases",
		"Overdue Visits",
		"Referrals Awaiting Reply",
		"Assessments Due",
		"Clients Enrolled in Programs",
		"Waiting for a Program Place",
		"Program Offers Awaiting Reply",
		"Services Delivered This Month",
	],
	"Dashboard Chart": [
		"Cases by Workflow State",
		"Open Cases by Risk Level",
		"New Cases per Month",
		"Referral Outcomes",
		"Visits Completed vs Missed",
		"Program Places",
		"Services Delivered by Month",
		"Program Exits by Destination",
	],
	"Report": [
		"Caseload Health",
		"Overdue Follow-ups",
		"No-show Report",
		"Referral Outcomes by Provider",
		"Household Income vs Poverty Guideline",
		"Monthly Case Summary Rollup",
		"Risk Level Changes",
		"Program Eligibility",
		"Program Overview",
		"Services Delivered by Month",
	],
	"Dashboard": ["Programs"],
	"Print Format": ["Case Summary"],
}
# Records of these doctypes carry the app's module; uninstall must remove every one.
MODULE_RECORDS = ("Workspace", "Number Card", "Dashboard Chart", "Dashboard", "Report", "Print Format")


def app_doctypes() -> list[str]:
	return frappe.get_all("DocType", filters={"module": APP_MODULE}, pluck="name", order_by="name")


def fingerprint() -> str:
	"""A digest of everything a migrate could change for this app: schema and shipped records."""
	doctypes = app_doctypes()
	state = {
		"doctypes": frappe.get_all(
			"DocType", filters={"name": ("in", doctypes)}, fields=["name", "modified"], order_by="name"
		),
		"columns": frappe.db.sql(
			"""select table_name, column_name, column_type, is_nullable, column_default
			from information_schema.columns where table_schema = database() and table_name in %(tables)s
			order by table_name, ordinal_position""",
			{"tables": [f"tab{d}" for d in doctypes]},
		),
		"indexes": frappe.db.sql(
			"""select table_name, index_name, column_name, non_unique from information_schema.statistics
			where table_schema = database() and table_name in %(tables)s
			order by table_name, index_name, seq_in_index""",
			{"tables": [f"tab{d}" for d in doctypes]},
		),
		"custom_fields": frappe.get_all("Custom Field", filters={"dt": ("in", doctypes)}, pluck="name"),
		"property_setters": frappe.get_all(
			"Property Setter", filters={"doc_type": ("in", doctypes)}, pluck="name"
		),
		"records": {doctype: [record(doctype, name) for name in names] for doctype, names in SHIPPED.items()},
		"settings": frappe.get_single("Case Management Settings").as_dict(),
	}
	return hashlib.sha256(json.dumps(state, default=str, sort_keys=True).encode()).hexdigest()[:16]


def record(doctype: str, name: str) -> dict:
	data = frappe.get_doc(doctype, name).as_dict()
	if doctype in FIXTURE_DOCTYPES:
		# Frappe's fixture sync re-imports these on every migrate: same content, new timestamps.
		data.pop("creation"), data.pop("modified")
	return data


def assert_uninstalled() -> None:
	"""After uninstall-app: no doctype, table, workflow, rule or role of the app remains."""
	left = {
		"doctypes": app_doctypes(),
		"module": frappe.db.exists("Module Def", APP_MODULE),
		"tables": frappe.db.sql(
			"select table_name from information_schema.tables where table_schema = database() and table_name in %(t)s",
			{"t": [f"tab{d}" for d in APP_TABLES]},
		),
		"workflows": frappe.get_all("Workflow", filters={"document_type": "Case"}, pluck="name"),
		"rules": frappe.get_all("Assignment Rule", filters={"document_type": "Case"}, pluck="name"),
		"roles": frappe.get_all("Role", filters={"name": ("in", SHIPPED["Role"])}, pluck="name"),
		"custom_fields": frappe.get_all("Custom Field", filters={"dt": ("in", APP_TABLES)}, pluck="name"),
		**{
			doctype: frappe.get_all(doctype, filters={"module": APP_MODULE}, pluck="name")
			for doctype in MODULE_RECORDS
		},
		**{
			f"shipped {doctype}": [name for name in SHIPPED[doctype] if frappe.db.exists(doctype, name)]
			for doctype in MODULE_RECORDS
		},
	}
	left = {k: v for k, v in left.items() if v}
	if left:
		raise AssertionError(f"uninstall left these behind: {left}")
	print("uninstall left nothing behind")
