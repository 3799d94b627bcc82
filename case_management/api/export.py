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
	SSN_COLUMNS,
	case_row,
	client_row,
	enrolment_row,
	household_row,
	income_row,
	monthly_by_source,
	service_row,
	ssn_columns,
)
from case_management.services import identity

SOURCE_DOCTYPE = {
	"clients": "Client",
	"households": "Household Member",
	"income": "Household Member",
	"cases": "Case",
	"enrolments": "Program Enrolment",
	"services": "Service Delivery",
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


ENROLMENT_FIELDS = [
	"name",
	"client",
	"program",
	"case",
	"status",
	"referral_date",
	"entry_date",
	"exit_date",
	"exit_destination",
]
SERVICE_FIELDS = ["name", "enrolment", "program", "delivered_on", "service", "quantity", "unit"]


@frappe.whitelist(methods=["GET"])
def export_csv(dataset: str, with_identity: bool = False) -> None:
	"""Download one dataset (clients, households, income, cases, program enrolments or services) as an HMIS-named CSV file.

	`with_identity` (clients only, admins only) adds 3.02 SSN and SSNDataQuality; without it
	no export carries an identity document."""
	frappe.response["result"] = build_csv(dataset, with_identity)
	frappe.response["type"] = "csv"
	frappe.response["doctype"] = f"hmis-{dataset}-{today()}"


def build_csv(dataset: str, with_identity: bool = False) -> str:
	if dataset not in DATASETS:
		frappe.throw(
			_("Choose one of: {0}.").format(", ".join(DATASETS)), frappe.ValidationError, title=_("Export")
		)
	frappe.has_permission(SOURCE_DOCTYPE[dataset], "export", throw=True)
	columns, found = DATASETS[dataset], rows(dataset)
	if with_identity:
		if dataset != "clients":
			frappe.throw(_("Identity documents are exported with the clients only."), title=_("Export"))
		if not identity.is_admin():
			frappe.throw(_("Only an admin may export identity documents."), frappe.PermissionError)
		columns = [*columns, *SSN_COLUMNS]
		found = with_ssn(found)
	out = io.StringIO()
	writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
	writer.writeheader()
	writer.writerows(found)
	return out.getvalue()


def with_ssn(client_rows: list[dict]) -> list[dict]:
	"""The clients' rows with their SSN columns; the export is kept in the Client Access Log."""
	ids = [r["PersonalID"] for r in client_rows]
	documents = {
		d.name: d
		for d in frappe.get_list(
			"Client",
			filters={"name": ("in", ids or [""])},
			fields=["name", "id_type", "id_data_quality"],
			limit_page_length=0,
		)
	}
	numbers = identity.numbers_of(ids)
	from case_management.services.access_log import log_access

	log_access("Identity document shown", clients=[i for i in ids if i in numbers])
	for r in client_rows:
		d = documents.get(r["PersonalID"]) or {}
		r.update(ssn_columns(d.get("id_type"), numbers.get(r["PersonalID"]), d.get("id_data_quality")))
	return client_rows


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
	if dataset == "enrolments":
		return [
			enrolment_row(r)
			for r in frappe.get_list(
				"Program Enrolment",
				filters={"entry_date": ("is", "set")},
				fields=ENROLMENT_FIELDS,
				order_by="name asc",
				limit_page_length=0,
			)
		]
	if dataset == "services":
		enrolments = dict(
			frappe.get_list("Program Enrolment", fields=["name", "client"], limit_page_length=0, as_list=True)
		)
		return [
			service_row({**r, "client": enrolments.get(r.enrolment)})
			for r in _list("Service Delivery", SERVICE_FIELDS, order_by="delivered_on asc, name asc")
		]
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
