"""The household of a client, read in two queries and summed by the engine."""

from datetime import date

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate, today

from case_management.engine.household import RELATIONSHIP_CODES, household_warnings
from case_management.engine.income import (
	Guideline,
	HouseholdIncome,
	IncomeLine,
	household_income,
	percent_of_guideline,
	pick_guideline,
	poverty_region,
	to_decimal,
)
from case_management.engine.people import age_on


def load_members(client: str) -> list[dict]:
	"""Members of `client`'s household with their income rows: one query each, whatever the size."""
	member, income = DocType("Household Member"), DocType("Income Entry")
	members = (
		frappe.qb.from_(member)
		.select(
			member.name,
			member.first_name,
			member.last_name,
			member.full_name,
			member.relationship,
			member.date_of_birth,
			member.member_client,
		)
		.where(member.client == client)
		.orderby(member.creation)
		.run(as_dict=True)
	)
	if not members:
		return []
	rows = (
		frappe.qb.from_(income)
		.select(
			income.parent,
			income.source,
			income.amount,
			income.frequency,
			income.counts_toward_household,
		)
		.where((income.parenttype == "Household Member") & (income.parent.isin([m.name for m in members])))
		.orderby(income.idx)
		.run(as_dict=True)
	)
	by_member: dict[str, list] = {}
	for row in rows:
		by_member.setdefault(row.parent, []).append(row)
	for m in members:
		m["income"] = by_member.get(m.name, [])
	return members


def not_counted_row(line: IncomeLine) -> dict:
	"""An income row left out of the total: its source, monthly amount and why (translated)."""
	return {
		"source": line.source,
		"monthly": line.monthly,
		"reason": line.reason,
		"explanation": _(line.explanation or ""),
	}


def guideline_table() -> list[Guideline]:
	rows = frappe.get_all(
		"Poverty Guideline",
		filters={"parent": "Case Management Settings", "parenttype": "Case Management Settings"},
		fields=["year", "region", "first_person", "each_additional_person"],
	)
	return [
		Guideline(r.year, r.region, to_decimal(r.first_person), to_decimal(r.each_additional_person))
		for r in rows
	]


def summarize(client: str, on: date | str | None = None, members: list[dict] | None = None) -> dict:
	"""Members (with age and HMIS code), income totals and the poverty-guideline comparison.
	`members`: `load_members(client)` when the caller has it already."""
	on = getdate(on or today())
	if members is None:
		members = load_members(client)
	result: HouseholdIncome = household_income(members, on)
	state = frappe.db.get_value("Client", client, "state")
	guideline = pick_guideline(guideline_table(), on.year, poverty_region(state))
	amount = guideline.for_size(result.size) if guideline else None
	monthly_by_member: dict[str, object] = {}
	not_counted_by_member: dict[str, list] = {}
	for line in result.lines:
		if line.counted:
			monthly_by_member[line.member] = monthly_by_member.get(line.member, 0) + line.annual / 12
		else:
			not_counted_by_member.setdefault(line.member, []).append(not_counted_row(line))
	return {
		"members": [
			{
				"name": m.name,
				"full_name": m.full_name,
				"relationship": m.relationship,
				"relationship_code": RELATIONSHIP_CODES.get(m.relationship),
				"date_of_birth": m.date_of_birth,
				"age": age_on(m.date_of_birth, on) if m.date_of_birth and m.date_of_birth <= on else None,
				"member_client": m.member_client,
				"monthly_income": round(float(monthly_by_member.get(m.name, 0)), 2),
				# each income row the total leaves out, with the engine's reason in words
				"not_counted": not_counted_by_member.get(m.name, []),
			}
			for m in members
		],
		"size": result.size,
		"monthly_income": result.monthly,
		"annual_income": result.annual,
		"excluded": [
			{"member": line.member, "source": line.source, "reason": line.reason} for line in result.excluded
		],
		"not_counted_monthly": sum((line.monthly for line in result.excluded), to_decimal(0)),
		# the reasons, each once, for the line under the total
		"not_counted_explanations": list(
			dict.fromkeys(_(line.explanation) for line in result.excluded if line.explanation)
		),
		"poverty_guideline": amount,
		"poverty_guideline_percent": percent_of_guideline(result.annual, amount) if amount else None,
		"poverty_guideline_basis": f"{guideline.year} HHS, {_(guideline.region)}" if guideline else None,
		"warnings": household_warnings(m.relationship for m in members),
	}
