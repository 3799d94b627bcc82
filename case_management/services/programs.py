"""Program screening: what is known about a case, read in a few queries, and each open
program's eligibility decision for it (engine/eligibility.py).

Facts are read live, so a decision always reflects the current household, income,
assessment and checklist: whatever changed a moment ago is in the next decision. The
decision stored on a waiting enrolment (Referred or Waitlisted) is refreshed when those
records change (`refresh_open_enrolments`, from doc events).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from frappe.utils import getdate, today

from case_management.engine.eligibility import Decision, Rule, evaluate_many
from case_management.engine.income import (
	household_total,
	percent_of_guideline,
	pick_guideline,
	poverty_region,
)
from case_management.engine.people import age_on
from case_management.services.household import guideline_table

WAITING = ("Referred", "Waitlisted")
OPEN = ("Referred", "Waitlisted", "Enrolled")


HOUSEHOLD_FACTS = {"household_size", "income_percent", "children", "adults"}
# Plain parameterised SQL: a chunk of a few thousand names is bound once, not built term by term.
CASE_FACTS_SQL = """select c.name, c.client, c.risk_level, c.vulnerability_score, c.last_assessment,
	cl.date_of_birth, cl.state, cl.city, cl.postal_code, cl.ok_to_sms, cl.ok_to_email, cl.safe_to_text
	from `tabCase` c join `tabClient` cl on cl.name = c.client where c.name in %(names)s"""
# The same, with each client's household in one column (as the benchmark's floor reads it):
# members by "\n", a member's birth date and income rows by "|", an income row's fields by "~".
# One row per case instead of one per income row: screening reads a few thousand cases a go.
CASE_AND_HOUSEHOLD_SQL = """select c.name, c.client, c.risk_level, c.vulnerability_score, c.last_assessment,
	cl.date_of_birth, cl.state, cl.city, cl.postal_code, cl.ok_to_sms, cl.ok_to_email, cl.safe_to_text,
	(select group_concat(concat(coalesce(m.date_of_birth, ''), '|', coalesce((
			select group_concat(concat(coalesce(e.source, ''), '~', coalesce(e.amount, 0), '~',
				coalesce(e.frequency, ''), '~', coalesce(e.counts_toward_household, '')) order by e.idx separator '|')
			from `tabIncome Entry` e where e.parent = m.name and e.parenttype = 'Household Member'), ''))
		order by m.creation separator '\n')
		from `tabHousehold Member` m where m.client = c.client) as household
	from `tabCase` c join `tabClient` cl on cl.name = c.client where c.name in %(names)s"""


def load_facts(cases: list[str], on: date | None = None, rules: list[Rule] | None = None) -> dict[str, dict]:
	"""{case: facts} for the engine, in two reads whatever the number of cases: the cases with
	their clients (and, when a rule needs it, each client's household with its income rows in
	one column: CASE_AND_HOUSEHOLD_SQL), and the checklist rows, only the items the rules name."""
	on = getdate(on or today())
	facts_needed = None if rules is None else {r.fact for r in rules}
	items = None if rules is None else sorted({r.item for r in rules if r.fact == "checklist"})
	if not cases:
		return {}
	read_household = facts_needed is None or bool(HOUSEHOLD_FACTS & facts_needed)
	if read_household:
		frappe.db.sql("set session group_concat_max_len = 16777216")  # a household is never cut short
	rows = frappe.db.sql(
		CASE_AND_HOUSEHOLD_SQL if read_household else CASE_FACTS_SQL, {"names": tuple(cases)}
	)
	checklists = _checklists(cases, items) if items is None or items else {}
	guidelines = guideline_table() if read_household else []
	picked: dict = {}
	by_client: dict[str, dict] = {}
	facts = {}
	for row in rows:  # the columns in the order the SQL above selects them
		name, client, risk_level, score, assessed, born, state, city, postal_code, sms, email, text = row[:12]
		fact = {
			"age": age_on(born, on) if born and born <= on else None,
			"risk_level": risk_level or None,
			"vulnerability_score": score if assessed else None,
			"state": state or None,
			"city": city or None,
			"postal_code": postal_code or None,
			"ok_to_sms": bool(sms),
			"ok_to_email": bool(email),
			"safe_to_text": bool(text),
			"checklist": checklists.get(name, {}),
		}
		if read_household:
			household = by_client.get(client)
			if household is None:  # a client's cases share one household: worked out once
				household = by_client[client] = _household_facts(
					parse_household(row[12]), state, guidelines, on, picked
				)
			fact.update(household)
		facts[name] = fact
	return facts


def parse_household(text: str | None) -> list[tuple[date | None, list[dict]]]:
	"""The members of CASE_AND_HOUSEHOLD_SQL's household column as (birth date, income rows),
	the rows as household_income reads them."""
	members = []
	for line in text.split("\n") if text else ():
		born, *income = line.split("|")
		rows = []
		for entry in income:
			if entry:
				source, amount, frequency, counts = entry.split("~")
				rows.append(
					{
						"source": source,
						"amount": Decimal(amount),
						"frequency": frequency or None,
						"counts_toward_household": counts or None,
					}
				)
		members.append((date.fromisoformat(born) if born else None, rows))
	return members


def _household_facts(members: list[tuple], state: str | None, guidelines, on: date, picked: dict) -> dict:
	"""Size, children, adults and income as % of the guideline; all unknown with no household
	recorded, children and adults unknown while a member's birth date is missing."""
	if not members:
		return {"household_size": None, "income_percent": None, "children": None, "adults": None}
	total = household_total(members, on)
	region = poverty_region(state)
	if region not in picked:  # one look-up per region for the whole chunk
		picked[region] = pick_guideline(guidelines, on.year, region)
	guideline = picked[region]
	percent = percent_of_guideline(total.annual, guideline.for_size(total.size)) if guideline else None
	return {
		"household_size": total.size,
		"income_percent": percent,
		"children": total.children,
		"adults": total.adults,
	}


def _checklists(cases: list[str], items: list[str] | None = None) -> dict[str, dict[str, bool]]:
	item = DocType("Case Checklist Item")
	query = (
		frappe.qb.from_(item)
		.select(item.parent, item.item, item.completed)
		.where((item.parenttype == "Case") & item.parent.isin(cases))
	)
	if items is not None:
		query = query.where(item.item.isin(items))
	rows = query.run(as_dict=True)
	found: dict[str, dict[str, bool]] = {}
	for r in rows:
		found.setdefault(r.parent, {})[r.item] = bool(r.completed)
	return found


def open_programs(names: list[str] | None = None, on: date | None = None) -> list[dict]:
	"""Active programs open on `on` (or the named ones), each with its rules: two queries."""
	on = getdate(on or today())
	program, rule = DocType("Program"), DocType("Program Eligibility Rule")
	query = (
		frappe.qb.from_(program)
		.select(program.name, program.capacity, program.waitlist_policy, program.service_provider)
		.orderby(program.name)
	)
	if names is not None:
		query = query.where(program.name.isin(names or [""]))
	else:
		query = query.where(
			(program.is_active == 1)
			& (program.start_date.isnull() | (program.start_date <= on))
			& (program.end_date.isnull() | (program.end_date >= on))
		)
	programs = query.run(as_dict=True)
	if not programs:
		return []
	rows = (
		frappe.qb.from_(rule)
		.select(
			rule.parent,
			rule.fact,
			rule.condition,
			rule.min_value,
			rule.max_value,
			rule.allowed_values,
			rule.checklist_item,
			rule.rule_group,
		)
		.where((rule.parenttype == "Program") & rule.parent.isin([p.name for p in programs]))
		.orderby(rule.idx)
		.run(as_dict=True)
	)
	by_program: dict[str, list[Rule]] = {}
	for row in rows:
		by_program.setdefault(row.parent, []).append(Rule.from_row(row))
	for p in programs:
		p["rules"] = by_program.get(p.name, [])
	return programs


def screen(cases: list[str], programs: list[dict] | None = None, on: date | None = None) -> dict:
	"""{case: {program: Decision}} for every case against every open program (or those given)."""
	programs = open_programs(on=on) if programs is None else programs
	facts = load_facts(cases, on, [rule for p in programs for rule in p["rules"]])
	if not programs:
		return {case: {} for case in facts}
	listed = list(facts.values())
	# each program's rules are validated once, then applied to every case
	columns = [evaluate_many(p["rules"], listed) for p in programs]
	names = [p.name for p in programs]
	return {
		case: dict(zip(names, row, strict=True))
		for case, row in zip(facts, zip(*columns, strict=True), strict=True)
	}


def decide(case: str, program: str) -> Decision:
	programs = open_programs([program])
	if not programs:
		frappe.throw(
			frappe._("Program {0} does not exist.").format(frappe.bold(frappe.utils.escape_html(program)))
		)
	return screen([case], programs)[case][program]


def reasons_text(decision: Decision) -> str:
	"""One line per rule, as stored on the enrolment: '✓ …', '✗ …', '? …'."""
	marks = {"passed": "✓", "failed": "✗", "unknown": "?"}
	lines = [f"{marks[r.outcome]} {r.reason}" for r in decision.results]
	return "\n".join(lines) or decision.summary


def as_dict(decision: Decision) -> dict:
	return {
		"status": decision.status,
		"summary": decision.summary,
		"needs": list(decision.needs),
		"rules": [{"outcome": r.outcome, "reason": r.reason} for r in decision.results],
	}


def refresh_open_enrolments(cases: list[str]) -> None:
	"""Re-decide the waiting enrolments (Referred, Waitlisted) of these cases: one query to
	find them, and the screening queries only when there are some."""
	enrolments = frappe.get_all(
		"Program Enrolment",
		filters={"case": ("in", cases), "status": ("in", WAITING)},
		fields=["name", "case", "program", "eligibility", "eligibility_reasons"],
	)
	if not enrolments:
		return
	programs = open_programs(sorted({e.program for e in enrolments}))
	decisions = screen(sorted({e.case for e in enrolments}), programs)
	for e in enrolments:
		decision = decisions.get(e.case, {}).get(e.program)
		if decision is None:
			continue
		values = {"eligibility": decision.status, "eligibility_reasons": reasons_text(decision)}
		if values != {"eligibility": e.eligibility, "eligibility_reasons": e.eligibility_reasons}:
			frappe.db.set_value("Program Enrolment", e.name, values, update_modified=False)


# --- doc events: the facts a decision rests on have changed ---------------------------------


def on_case_change(doc, method=None):
	refresh_open_enrolments([doc.name])


def on_household_change(doc, method=None):
	cases = frappe.get_all("Case", filters={"client": doc.client}, pluck="name")
	if cases:
		refresh_open_enrolments(cases)


def on_client_change(doc, method=None):
	cases = frappe.get_all("Case", filters={"client": doc.name}, pluck="name")
	if cases:
		refresh_open_enrolments(cases)


def case_programs(case: str) -> list[dict]:
	"""Every open program with its decision and reasons for this case, its free places and the
	case's enrolment in it (if any): the Case form and the portal's case page. The same
	number of queries for 1 program as for 10."""
	programs = open_programs()
	if not programs:
		return []
	decisions = screen([case], programs).get(case, {})
	names = [p.name for p in programs]
	enrolments = {
		e.program: e
		for e in frappe.get_all(
			"Program Enrolment",
			filters={"case": case, "program": ("in", names)},
			fields=[
				"name",
				"program",
				"status",
				"status_reason",
				"waitlist_position",
				"waitlist_reason",
				"offer_status",
				"offer_reply_by",
				"entry_date",
			],
			order_by="creation asc",
		)
	}
	places = place_counts(names)
	delivered = {
		r.enrolment: r
		for r in frappe.get_all(
			"Service Delivery",
			filters={"enrolment": ("in", [e.name for e in enrolments.values()] or [""])},
			fields=["enrolment", "count(*) as count", "max(delivered_on) as last"],
			group_by="enrolment",
		)
	}
	for e in enrolments.values():
		e["services_logged"] = delivered[e.name].count if e.name in delivered else 0
		e["last_service"] = delivered[e.name].last if e.name in delivered else None
	services = {}
	for row in frappe.get_all(
		"Program Service",
		filters={"parenttype": "Program", "parent": ("in", names)},
		fields=["parent", "service", "unit"],
		order_by="idx asc",
	):
		services.setdefault(row.parent, []).append({"service": row.service, "unit": row.unit})
	result = []
	for p in programs:
		n = places.get(p.name, {"enrolled": 0, "open_offers": 0})
		free = None if not p.capacity else max(0, p.capacity - n["enrolled"] - n["open_offers"])
		result.append(
			{
				"program": p.name,
				"provider": p.service_provider,
				"capacity": p.capacity,
				"free_places": free,
				"decision": as_dict(decisions[p.name]),
				"enrolment": enrolments.get(p.name),
				"services": services.get(p.name, []),
			}
		)
	return result


def place_counts(programs: list[str], locking: bool = False) -> dict[str, dict[str, int]]:
	"""{program: {enrolled, open_offers, waiting}} in one query. `locking`: a locking read,
	which sees what other transactions committed since this one began (a plain read sees
	this transaction's snapshot): for counting under the program's lock."""
	e = DocType("Program Enrolment")
	query = (
		frappe.qb.from_(e)
		.select(e.program, e.status, e.offer_status, Count("*"))
		.where(e.program.isin(programs or [""]) & e.status.isin(["Enrolled", "Waitlisted"]))
		.groupby(e.program, e.status, e.offer_status)
	)
	rows = (query.for_update() if locking else query).run()
	found: dict[str, dict[str, int]] = {}
	for program, status, offer, n in rows:
		bucket = found.setdefault(program, {"enrolled": 0, "open_offers": 0, "waiting": 0})
		key = "enrolled" if status == "Enrolled" else "open_offers" if offer == "Offered" else "waiting"
		bucket[key] += n
	return found
