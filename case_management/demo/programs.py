"""Demo programs: five programs an agency runs, with criteria, places (some full, with a
waitlist), a program manager, and services delivered over the past months.

Enrolments go through the app's own referral (services/enrolment.refer: the eligibility
decision, the program lock, the waitlist), then their dates are spread over the past months
as a real history would be; services are written in bulk.
"""

import random
from datetime import timedelta

import frappe
from frappe.utils import getdate, now_datetime, today

from case_management.engine.eligibility import ELIGIBLE
from case_management.services import enrolment
from case_management.services.deliveries import reserve_names
from case_management.services.programs import screen

PROGRAM_MANAGER = "programs@demo.example.org"
INCOME_200 = {"fact": "Income % of poverty guideline", "condition": "Between", "max_value": "200"}
PROGRAMS = [
	{
		"program_name": "Rapid Rehousing",
		"service_provider": "Northside Housing Partners",
		"description": "Short-term rent help and a housing search for households about to lose their home.",
		"capacity": 4,
		"waitlist_policy": "Score then days waiting",
		"offer_reply_days": 5,
		"rules": [
			INCOME_200,
			{
				"fact": "Risk level",
				"condition": "Is one of",
				"allowed_values": "High, Critical",
				"rule_group": "need",
			},
			{"fact": "Vulnerability score", "condition": "Between", "min_value": "6", "rule_group": "need"},
		],
		"services": [
			("Housing search", "Hour"),
			("Rental assistance", "Dollar"),
			("Case conference", "Session"),
		],
	},
	{
		"program_name": "Emergency Food Pantry",
		"service_provider": "Harbor Food Bank",
		"description": "Weekly food parcels for households on a low income; no limit on places.",
		"capacity": 0,
		"waitlist_policy": "First come, first served",
		"offer_reply_days": 7,
		"rules": [INCOME_200],
		"services": [("Food parcel", "Item"), ("SNAP application help", "Session")],
	},
	{
		"program_name": "Youth Transitions",
		"service_provider": "WorkSource Center",
		"description": "Mentoring and job readiness for young adults aged 18 to 24.",
		"capacity": 3,
		"waitlist_policy": "First come, first served",
		"offer_reply_days": 7,
		"rules": [{"fact": "Age", "condition": "Between", "min_value": "18", "max_value": "24"}],
		"services": [("Mentoring session", "Session"), ("Bus pass", "Item")],
	},
	{
		"program_name": "Family Stabilization",
		"service_provider": "Family Resource Network",
		"description": "Home visits and parenting classes for low-income families with children.",
		"capacity": 3,
		"waitlist_policy": "Score then days waiting",
		"offer_reply_days": 7,
		"rules": [
			{"fact": "Children in household", "condition": "Between", "min_value": "1"},
			{"fact": "Income % of poverty guideline", "condition": "Between", "max_value": "150"},
		],
		"services": [("Home visit", "Visit"), ("Parenting class", "Session")],
	},
	{
		"program_name": "Senior Outreach",
		"service_provider": "Senior Connections",
		"description": "Wellness calls and delivered meals for clients aged 60 and over.",
		"capacity": 5,
		"waitlist_policy": "First come, first served",
		"offer_reply_days": 5,
		"rules": [{"fact": "Age", "condition": "Between", "min_value": "60"}],
		"services": [("Wellness call", "Session"), ("Meal delivery", "Meal")],
	},
]
WAITING_PER_PROGRAM = 4
SCREENED = 3000


def make_programs(rng: random.Random) -> dict[str, int]:
	"""The five programs (when missing) and their enrolments and services; {program: enrolments}."""
	from case_management.demo import ensure_user

	ensure_user(PROGRAM_MANAGER, "Morgan", "Programs", ["Program Manager"])
	made = {}
	for spec in PROGRAMS:
		if frappe.db.exists("Program", spec["program_name"]):
			continue
		frappe.get_doc(
			{
				"doctype": "Program",
				**{k: v for k, v in spec.items() if k not in ("rules", "services")},
				"is_active": 1,
				"start_date": getdate(today()) - timedelta(days=365),
				"managers": [{"user": PROGRAM_MANAGER}],
				"services": [{"service": s, "unit": u} for s, u in spec["services"]],
				"eligibility_rules": spec["rules"],
			}
		).insert(ignore_permissions=True)
		made[spec["program_name"]] = 0
	if not made:
		return made
	cases = frappe.get_all(
		"Case", filters={"workflow_state": ("not in", ("Closed", "Intake"))}, pluck="name", order_by="name"
	)
	if len(cases) > SCREENED:  # a large demo site: a sample is plenty to fill a few places
		cases = sorted(rng.sample(cases, SCREENED))
	decisions = screen(cases)
	for program in made:
		eligible = [c for c in cases if decisions[c][program].status == ELIGIBLE]
		rng.shuffle(eligible)
		capacity = frappe.db.get_value("Program", program, "capacity") or 8
		for case in eligible[: capacity + WAITING_PER_PROGRAM]:
			if frappe.db.exists(
				"Program Enrolment", {"case": case, "status": ("in", ("Referred", "Waitlisted", "Enrolled"))}
			):
				continue  # a client in one demo program at a time keeps the lists readable
			enrolment.refer(case, program)
			made[program] += 1
		close_some(program, rng)
	backdate(rng)
	deliver_services(rng)
	return made


def close_some(program: str, rng: random.Random) -> None:
	"""One enrolled client of each program has left (and, where the program was full, the
	next in line has been offered the place)."""
	enrolled = frappe.get_all(
		"Program Enrolment", filters={"program": program, "status": "Enrolled"}, pluck="name", order_by="name"
	)
	if enrolled:
		doc = frappe.get_doc("Program Enrolment", rng.choice(enrolled))
		enrolment.exit_enrolment(
			doc,
			rng.choice(
				[
					"Rental by client, no ongoing housing subsidy",
					"Staying or living with family, permanent tenure",
					"Other",
				]
			),
		)


def backdate(rng: random.Random) -> None:
	"""Spread the referral, waitlist and entry dates over the past months."""
	rows = frappe.get_all(
		"Program Enrolment", fields=["name", "status", "offer_status"], filters={"referral_date": today()}
	)
	updates = {}
	for row in rows:
		referred = getdate(today()) - timedelta(days=rng.randint(40, 200))
		values = {"referral_date": referred}
		if row.status in ("Enrolled", "Exited"):
			values["entry_date"] = referred + timedelta(days=rng.randint(0, 14))
		if row.status == "Exited":
			values["exit_date"] = getdate(today()) - timedelta(days=rng.randint(1, 20))
		if row.status == "Waitlisted":
			values["waitlisted_on"] = referred
		updates[row.name] = values
	frappe.db.bulk_update("Program Enrolment", updates, update_modified=False)
	for program in {p for p in frappe.get_all("Program", pluck="name")}:
		enrolment.renumber(enrolment.lock_program(program))


def deliver_services(rng: random.Random) -> None:
	"""Services for every enrolled (or exited) client, about weekly from entry to today or exit."""
	rows = frappe.get_all(
		"Program Enrolment",
		filters={"status": ("in", ("Enrolled", "Exited"))},
		fields=["name", "program", "case", "client_name", "entry_date", "exit_date"],
	)
	services = {}
	for s in frappe.get_all(
		"Program Service", filters={"parenttype": "Program"}, fields=["parent", "service", "unit"]
	):
		services.setdefault(s.parent, []).append(s)
	values, end_default = [], getdate(today())
	for e in rows:
		day, end = getdate(e.entry_date), getdate(e.exit_date or end_default)
		while day <= end:
			service = rng.choice(services[e.program])
			quantity = rng.choice([25, 50, 100]) if service.unit == "Dollar" else rng.choice([1, 1, 1, 2])
			values.append((e, service, day, quantity))
			day += timedelta(days=rng.randint(5, 10))
	if not values:
		return
	names = reserve_names("SD-.YYYY.-", today(), len(values))
	now = now_datetime()
	fields = [
		"name", "owner", "creation", "modified", "modified_by", "docstatus", "naming_series", "enrolment",
		"program", "case", "client_name", "service", "delivered_on", "quantity", "unit", "staff", "note",
	]  # fmt: skip
	rows_out = [
		(name, PROGRAM_MANAGER, now, now, PROGRAM_MANAGER, 0, "SD-.YYYY.-", e.name, e.program, e.case,
		 e.client_name, s.service, day, qty, s.unit, PROGRAM_MANAGER, None)
		for name, (e, s, day, qty) in zip(names, values, strict=True)
	]  # fmt: skip
	frappe.db.bulk_insert("Service Delivery", fields, rows_out)
