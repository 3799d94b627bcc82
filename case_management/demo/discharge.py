"""Demo discharge summaries: every closed demo case closed with an approved one (#23), drafted by
the engine from what the demo wrote for the case, by its caseworker, approved by the team's
supervisor. No PDF is made for demo data (wkhtmltopdf per case would take most of the run)."""

import frappe
from frappe.utils import add_days

from case_management.engine import discharge as rules

# The case's referrals and risk rows were the last ones the builder added: look only at the tail.
TAIL = 6


def add_summary(builder, name: str, row: dict, caseworker: str) -> None:
	def recent(doctype: str, key: str) -> list[dict]:
		return [r for r in builder.rows.get(doctype, [])[-TAIL:] if r.get(key) == name]

	referrals = [
		{
			"provider": r["service_provider"],
			"service": r.get("service"),
			"status": r["status"],
			"outcome": r.get("outcome") or r.get("decline_reason"),
		}  # fmt: skip
		for r in recent("Referral", "case")
		if r["status"] != "Draft"
	]
	settings = frappe.get_cached_doc("Case Management Settings")
	facts = rules.DischargeFacts(
		closure_reason=row["closure_reason"],
		referrals=tuple(referrals),
		risk_history=tuple(recent("Case Risk History", "parent")),
		current_risk=row.get("risk_level") or "",
		agency_name=settings.get("agency_name") or "",
		agency_phone=settings.get("agency_phone") or "",
		caseworker_name=frappe.db.get_value("User", caseworker, "full_name") or "",
	)
	sections = rules.draft(facts)
	first_name = (row["client_name"] or "").split(" ")[0]
	team = row.get("team")
	approver = frappe.db.get_value("Caseworker Team", team, "supervisor") if team else None
	closed = row["closure_date"]
	builder.add(
		"Discharge Summary",
		{
			"name": f"DS-DEMO-{frappe.generate_hash(length=16)}",
			"naming_series": "DS-.YYYY.-",
			"case": name,
			"client": row["client"],
			"client_name": row["client_name"],
			"status": "Approved",
			"drafted_by": caseworker,
			"drafted_on": f"{add_days(closed, -2)} 10:00:00",
			"approved_by": approver or "Administrator",
			"approved_on": f"{closed} 15:00:00",
			"closed_on": closed,
			"client_copy": rules.client_copy(sections, first_name),
			**sections,
		},
		owner=caseworker,
	)
