"""Clients, households, income and cases as CSV, with HMIS CSV element names where they exist.

For supervisors and admins: the role must allow exporting the records (Frappe's Export
permission, see permissions/matrix.py), and only the records the user may read are written.
"""

import csv
import io

import frappe
from frappe import _
from frappe.utils import today

from case_management.engine.hmis import (
	DATASETS,
	case_row,
	client_row,
	household_row,
	income_row,
	monthly_by_source,
)

SOURCE_DOCTYPE = {
	"clients": "Client",
	"households": "Household Member",
	"income": "Household Member",
	"cases": "Case",
}
CLIENT_FIELDS = [
	"name",
	"first_name",
	"middle_name",
	"last_name",
	"date_of_birth",
	"gender",
	"phone",
	"email",
	"city",
	"state",
	"postal_code",
	"creation",
	"modified",
]
MEMBER_FIELDS = [
	"name",
	"client",
	"member_client",
	"first_name",
	"last_name",
	"date_of_birth",
	"relationship",
]
CASE_FIELDS = [
	"name",
	"client",
	"intake_date",
	"closure_date",
	"workflow_state",
	"risk_level",
	"vulnerability_score",
	"household_size",
	"monthly_household_income",
	"poverty_guideline_percent",
	"caseworker",
	"closure_reason",
]


@frappe.whitelist(methods=["GET"])
def export_csv(dataset: str) -> None:
	"""Download one dataset (clients, households, income or cases) as an HMIS-named CSV file."""
	frappe.response["result"] = build_csv(dataset)
	frappe.response["type"] = "csv"
	frappe.response["doctype"] = f"hmis-{dataset}-{today()}"


def build_csv(dataset: str) -> str:
	if dataset not in DATASETS:
		frappe.throw(
			_("Choose one of: {0}.").format(", ".join(DATASETS)), frappe.ValidationError, title=_("Export")
		)
	frappe.has_permission(SOURCE_DOCTYPE[dataset], "export", throw=True)
	out = io.StringIO()
	writer = csv.DictWriter(out, fieldnames=DATASETS[dataset], lineterminator="\n")
	writer.writeheader()
	writer.writerows(rows(dataset))
	return out.getvalue()


def rows(dataset: str) -> list[dict]:
	if dataset == "clients":
		return [client_row(r) for r in _list("Client", CLIENT_FIELDS)]
	if dataset == "households":
		return [
			household_row(r)
			for r in _list("Household Member", MEMBER_FIELDS, order_by="client asc, name asc")
		]
	if dataset == "cases":
		return [case_row(r) for r in _list("Case", CASE_FIELDS)]
	members = _list("Household Member", ["name", "client", "modified"], order_by="client asc, name asc")
	income = frappe.get_all(
		"Income Entry",
		filters={
			"parenttype": "Household Member",
			"parentfield": "income",
			"parent": ("in", [m.name for m in members] or [""]),
		},
		fields=["parent", "source", "amount", "frequency"],
		order_by="idx asc",
	)
	by_member: dict[str, list] = {}
	for row in income:
		by_member.setdefault(row.parent, []).append(row)
	return [
		income_row(m, monthly_by_source(by_member.get(m.name, [])), m.modified.date() if m.modified else None)
		for m in members
	]


def _list(doctype: str, fields: list[str], order_by: str = "name asc") -> list[dict]:
	"""The records of `doctype` this user may read (permission query conditions apply)."""
	return frappe.get_list(doctype, fields=fields, order_by=order_by, limit_page_length=0)
