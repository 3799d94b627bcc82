# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""Every open case the viewer sees against every open program (or one): the eligibility
decision, why, what is missing, and the case's enrolment in the program."""

import frappe
from frappe import _

from case_management.case_management.report.common import user_names, visible_cases
from case_management.engine.eligibility import DECISIONS
from case_management.services.programs import open_programs, screen

CHUNK = 2000  # cases screened per batch: a handful of queries each


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if filters.get("decision") and filters.decision not in DECISIONS:
		frappe.throw(_("Decision must be one of {0}.").format(", ".join(DECISIONS)))
	programs = open_programs()
	if filters.get("program"):
		programs = [p for p in programs if p.name == filters.program]
	cases = visible_cases(filters, ["client_name", "caseworker", "team"], open_only=True)
	enrolled = enrolments([c.name for c in cases], [p.name for p in programs])
	names = user_names(c.caseworker for c in cases)
	data = []
	for start in range(0, len(cases), CHUNK):
		chunk = cases[start : start + CHUNK]
		decisions = screen([c.name for c in chunk], programs)
		for case in chunk:
			for program in programs:
				decision = decisions[case.name][program.name]
				status = enrolled.get((case.name, program.name))
				if filters.get("decision") and decision.status != filters.decision:
					continue
				if filters.get("not_enrolled") and status in ("Referred", "Waitlisted", "Enrolled"):
					continue
				data.append(
					{
						"case": case.name,
						"client_name": case.client_name,
						"caseworker_name": names.get(case.caseworker) or _("Unassigned"),
						"team": case.team,
						"program": program.name,
						"decision": decision.status,
						"reasons": "; ".join(r.reason for r in decision.results if r.outcome != "passed")
						or decision.summary,
						"needs": ", ".join(decision.needs),
						"enrolment_status": status,
					}
				)
	columns = [
		{"fieldname": "case", "label": _("Case"), "fieldtype": "Link", "options": "Case", "width": 140},
		{"fieldname": "client_name", "label": _("Client"), "fieldtype": "Data", "width": 160},
		{"fieldname": "caseworker_name", "label": _("Caseworker"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "team",
			"label": _("Team"),
			"fieldtype": "Link",
			"options": "Caseworker Team",
			"width": 120,
		},
		{
			"fieldname": "program",
			"label": _("Program"),
			"fieldtype": "Link",
			"options": "Program",
			"width": 160,
		},
		{"fieldname": "decision", "label": _("Decision"), "fieldtype": "Data", "width": 110},
		{"fieldname": "reasons", "label": _("Why"), "fieldtype": "Data", "width": 320},
		{"fieldname": "needs", "label": _("Needs"), "fieldtype": "Data", "width": 200},
		{"fieldname": "enrolment_status", "label": _("Enrolment"), "fieldtype": "Data", "width": 110},
	]
	labels = [p.name for p in programs]
	chart = {
		"data": {
			"labels": labels,
			"datasets": [
				{
					"name": _(d),
					"values": [sum(r["program"] == p and r["decision"] == d for r in data) for p in labels],
				}
				for d in DECISIONS
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#29cd42", "#e24c4c", "#ecad4b"],
	}
	summary = [
		{
			"label": _(d),
			"value": sum(r["decision"] == d for r in data),
			"indicator": {"Eligible": "Green", "Not eligible": "Red", "Unknown": "Orange"}[d],
			"datatype": "Int",
		}
		for d in DECISIONS
	]
	return columns, data, None, chart, summary


def enrolments(cases: list[str], programs: list[str]) -> dict[tuple[str, str], str]:
	"""(case, program) → the latest enrolment's status, in one query."""
	if not cases or not programs:
		return {}
	rows = frappe.get_all(
		"Program Enrolment",
		filters={"case": ("in", cases), "program": ("in", programs)},
		fields=["case", "program", "status"],
		order_by="creation asc",
	)
	return {(r.case, r.program): r.status for r in rows}
