"""Realistic synthetic demo data, written in bulk so that 100,000 clients take minutes.

    bench --site SITE make-demo-data --clients 300

Creates (once) demo caseworkers, supervisors, teams, an admin and a referral partner, and a
directory of service providers; then, on every run, `clients` new clients with households
and income, and cases spread over every workflow state with their checklist, notes,
referrals, visits and intake ToDos. Rows are consistent with the app's rules (one Self per
household, Active cases meet the activation prerequisites) but are bulk-inserted, skipping
controllers, so the volumes needed for benchmarks are quick to make.
"""

import json
import random
from datetime import date, datetime, time, timedelta

import frappe
from frappe.core.doctype.user.user import desk_properties
from frappe.query_builder import Table
from frappe.utils import add_days, getdate, now_datetime, today
from frappe.utils.password import encrypt, update_password

from case_management.demo import discharge, pools
from case_management.demo.notes import structured_note
from case_management.engine import evidence
from case_management.engine import referrals as referral_rules
from case_management.engine.income import (
	household_income,
	percent_of_guideline,
	pick_guideline,
	poverty_region,
)
from case_management.engine.names import first_name_and_initial, full_name
from case_management.engine.nicknames import VARIANTS
from case_management.engine.scoring import score
from case_management.services.household import guideline_table
from case_management.services.scoring import published_instrument
from case_management.utils import reserve_names

DEMO_DOMAIN = "demo.example.org"
DEMO_PASSWORD = "Demo-Case-2026"
CHUNK = 2000  # clients per transaction
STATE_WEIGHTS = {"Intake": 10, "Assessment": 15, "Active": 35, "Monitoring": 15, "On Hold": 5, "Closed": 20}
NUMERIC_FIELDTYPES = {"Check", "Int", "Float", "Currency", "Percent"}
INSTRUMENT = "Household Vulnerability Index v1"
REGISTERED_TWICE = 0.03  # share of new clients that are a second registration of an earlier one


def make(clients: int = 300, seed: int = 2026, caseworkers: int | None = None, activity: int = 1) -> dict:
	"""Add `clients` demo clients (and their households and cases) to the current site.

	`activity` multiplies each case's notes and past visits (1: a few of each; 5 gives about
	ten notes and visits per case, a million for 100,000 clients)."""
	complete_setup()
	ensure_agency_phone()
	rng = random.Random(seed + frappe.db.count("Client"))
	staff = ensure_staff(caseworkers or max(4, min(200, clients // 40)))
	providers = ensure_providers()
	checklist = frappe.get_all(
		"Intake Checklist Template Item",
		filters={"parent": frappe.db.get_value("Intake Checklist Template", {"is_default": 1})},
		fields=["item", "is_required", "description"],
		order_by="idx",
	)
	made, twice = 0, []
	while made < clients:
		size = min(CHUNK, clients - made)
		builder = Builder(rng, staff, providers, checklist, activity)
		builder.build(size)
		twice += builder.registered_twice_pairs
		made += size
		frappe.db.commit()  # one transaction per chunk keeps memory flat; a demo run is not a request
		print(f"  {made}/{clients} clients")
	from case_management.demo.programs import make_programs

	programs = make_programs(rng)
	frappe.db.commit()  # the programs and their history, as one more chunk
	from case_management.demo.texts import make_texts

	texts = make_texts(rng)
	frappe.db.commit()  # the demo texts, as one more chunk
	# fill the duplicate review queue, as the nightly check would
	from case_management.jobs.duplicates import start_run

	start_run(now=True)
	return {
		"clients": made,
		"caseworkers": len(staff.caseworkers),
		"registered_twice": twice,
		"program_enrolments": programs,
		"inbound_texts": texts,
	}


def complete_setup() -> None:
	"""A fresh site opens the desk on Frappe's setup wizard; a demo site is ready to use, so
	answer it the way an agency in the United States would (Frappe's own setup_complete)."""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	setup_complete(
		{"language": "English", "country": "United States", "timezone": "America/New_York", "currency": "USD"}
	)


def ensure_agency_phone() -> None:
	"""The demo agency's callback number, which the safety-alert text prints (an agency's own
	number is never overwritten)."""
	if not frappe.db.get_single_value("Case Management Settings", "agency_phone"):
		frappe.db.set_single_value("Case Management Settings", "agency_phone", "+19515550100")


# --- staff and providers ------------------------------------------------------------------


def ensure_user(email: str, first: str, last: str, roles: list[str]) -> str:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"enabled": 1,  # under in_import Frappe skips field defaults, so say it
				# ... including the desk settings: without them a demo user has no search bar,
				# sidebar, form dashboard (connections) or timeline
				**dict.fromkeys(desk_properties, 1),
				"first_name": first,
				"last_name": last,
				"send_welcome_email": 0,
				"roles": [{"role": r} for r in roles],
			}
		)
		# Frappe throttles sign-ups (60 an hour); a demo user is an import, not a sign-up
		in_import, frappe.flags.in_import = frappe.flags.in_import, True
		try:
			user.insert(ignore_permissions=True)
		finally:
			frappe.flags.in_import = in_import
		update_password(email, DEMO_PASSWORD)
	return email


def ensure_staff(count: int) -> frappe._dict:
	# Frappe throttles user sign-ups (60 an hour); demo staff are an import, not sign-ups.
	# The intake rule is synced once at the end rather than after every user.
	in_import, frappe.flags.in_import = frappe.flags.in_import, True
	frappe.flags.defer_intake_rule_sync = True
	try:
		return _ensure_staff(count)
	finally:
		frappe.flags.in_import = in_import
		frappe.flags.defer_intake_rule_sync = False


def _ensure_staff(count: int) -> frappe._dict:
	rng = random.Random(7)
	caseworkers, teams = [], {}
	per_team = 6
	for i in range(1, count + 1):
		gender = rng.choice(["Female", "Male"])
		email = f"caseworker{i:02d}@{DEMO_DOMAIN}"
		caseworkers.append(
			ensure_user(
				email, rng.choice(pools.FIRST_NAMES[gender]), rng.choice(pools.LAST_NAMES), ["Caseworker"]
			)
		)
	for t in range(0, count, per_team):
		n = t // per_team + 1
		supervisor = ensure_user(
			f"supervisor{n:02d}@{DEMO_DOMAIN}", "Supervisor", f"{n:02d}", ["Case Supervisor"]
		)
		team = f"Demo Team {n:02d}"
		members = caseworkers[t : t + per_team]
		if not frappe.db.exists("Caseworker Team", team):
			frappe.get_doc(
				{
					"doctype": "Caseworker Team",
					"team_name": team,
					"supervisor": supervisor,
					"members": [{"user": u} for u in members],
				}
			).insert(ignore_permissions=True)
		for u in members:
			teams[u] = team
	ensure_user(f"admin@{DEMO_DOMAIN}", "Agency", "Admin", ["Case Management Admin"])
	partner = ensure_user(f"partner@{DEMO_DOMAIN}", "Pat", "Partner", ["Referral Partner"])
	frappe.flags.defer_intake_rule_sync = False
	from case_management.services.intake import sync_intake_rule_users

	sync_intake_rule_users()
	return frappe._dict(caseworkers=caseworkers, teams=teams, partner=partner)


def ensure_providers() -> list[str]:
	partner = f"partner@{DEMO_DOMAIN}"
	for name, services, electronic in pools.PROVIDERS:
		if frappe.db.exists("Service Provider", name):
			continue
		slug = name.lower().replace(" ", "")[:18]
		frappe.get_doc(
			{
				"doctype": "Service Provider",
				"provider_name": name,
				"is_active": 1,
				"accepts_electronic_referrals": electronic,
				"contact_name": "Intake desk",
				"contact_email": f"intake@{slug}.example.org",
				"services": [{"service": s} for s in services],
				"partner_users": [{"user": partner}] if name == "Harbor Food Bank" else [],
			}
		).insert(ignore_permissions=True)
	return [p[0] for p in pools.PROVIDERS]


# --- bulk rows ----------------------------------------------------------------------------


class Builder:
	def __init__(self, rng, staff, providers, checklist, activity: int = 1):
		self.rng, self.staff, self.providers, self.checklist = rng, staff, providers, checklist
		self.activity = max(1, int(activity))
		self.rows: dict[str, list[dict]] = {}
		self.now = now_datetime()
		self.today = getdate(today())
		self.instrument = published_instrument(INSTRUMENT)
		self.reassess_days = (
			frappe.db.get_single_value("Case Management Settings", "reassessment_interval_days") or 180
		)
		self.guidelines = guideline_table()
		self.clients: dict[str, dict] = {}
		self.client_rows: dict[str, dict] = {}
		self.registered_twice_pairs: list[tuple[str, str]] = []
		self.household: list[tuple] = []
		self.identity_numbers: dict[str, str] = {}  # client: document number, stored encrypted

	def add(self, doctype: str, row: dict, name: str | None = None, owner: str = "Administrator") -> str:
		row.setdefault("name", name or frappe.generate_hash(length=16))
		row.setdefault("owner", owner)
		row.setdefault("modified_by", owner)
		row.setdefault("creation", self.now)
		row.setdefault("modified", self.now)
		row.setdefault("docstatus", 0)
		self.rows.setdefault(doctype, []).append(row)
		return row["name"]

	def add_row(self, doctype: str, row: dict, name: str | None = None) -> dict:
		self.add(doctype, row, name=name)
		return row

	def child(self, doctype: str, parent_doctype: str, parent: str, field: str, rows: list[dict]):
		for idx, row in enumerate(rows, 1):
			row.update({"parent": parent, "parenttype": parent_doctype, "parentfield": field, "idx": idx})
			self.add(doctype, row)

	def write(self):
		for doctype, rows in self.rows.items():
			fields = sorted({key for row in rows for key in row})
			# Numeric columns are NOT NULL in Frappe: a row that leaves one out gets its 0.
			zero = {
				f.fieldname: 0 for f in frappe.get_meta(doctype).fields if f.fieldtype in NUMERIC_FIELDTYPES
			} | {"idx": 0}
			values = [[zero.get(f) if row.get(f) is None else row[f] for f in fields] for row in rows]
			frappe.db.bulk_insert(doctype, fields, values)
		self.write_identity_numbers()

	def write_identity_numbers(self):
		"""The document numbers, encrypted into __Auth as Frappe keeps a Password field."""
		if not self.identity_numbers:
			return
		auth = Table("__Auth")
		query = frappe.qb.into(auth).columns(
			auth.doctype, auth.name, auth.fieldname, auth.password, auth.encrypted
		)
		for client, number in self.identity_numbers.items():
			query = query.insert("Client", client, "id_number", encrypt(number), 1)
		query.run()

	def intake_searches(self, client_names: list[str]):
		"""The Client Access Log of the last weeks: intake searches across caseloads, most of
		them finding the returning person, for the supervisors to read."""
		caseworkers = self.staff.caseworkers
		for _ in range(max(5, len(client_names) // 10)):
			user, client = self.rng.choice(caseworkers), self.rng.choice(client_names)
			person = self.client_rows.get(client) or {}
			found = self.rng.random() < 0.8 and person
			at = datetime.combine(
				self.date_between(0, 30), time(self.rng.randint(8, 17), self.rng.randint(0, 59))
			)
			self.add(
				"Client Access Log",
				{
					"user": user,
					"team": self.staff.teams.get(user),
					"kind": "Intake search",
					"at": at,
					"query": json.dumps(
						{"name": f"{person.get('first_name', 'Ana')} {person.get('last_name', 'Reyes')}"}
					),
					"results": 1 if found else 0,
					"clients": client if found else None,
					"creation": at,
					"modified": at,
				},
				owner=user,
			)

	def date_between(self, days_ago_min: int, days_ago_max: int) -> date:
		return self.today - timedelta(days=self.rng.randint(days_ago_min, days_ago_max))

	def person(self, gender=None, age_range=(18, 80), last=None) -> dict:
		gender = gender or self.rng.choice(["Female", "Male"])
		age = self.rng.randint(*age_range)
		dob = self.today - timedelta(days=age * 365 + self.rng.randint(0, 364))
		return {
			"first_name": self.rng.choice(pools.FIRST_NAMES[gender]),
			"last_name": last or self.rng.choice(pools.LAST_NAMES),
			"gender": gender,
			"date_of_birth": dob,
		}

	def build(self, count: int):
		client_names = reserve_names("Client", count)
		twice = set()
		for name in client_names:
			if self.client_rows and self.rng.random() < REGISTERED_TWICE:
				self.registered_twice(name, self.rng.choice(list(self.client_rows)))
				twice.add(name)
			else:
				self.client_and_household(name)
		case_clients = [c for c in client_names if c not in twice and self.rng.random() < 0.9]
		for client, case in zip(case_clients, reserve_names("Case", len(case_clients)), strict=True):
			self.case(case, client)
		self.name_children()
		self.intake_searches(client_names)
		self.write()

	def client_and_household(self, name: str):
		rng = self.rng
		head = self.person()
		city, state, zip3, area = rng.choice(pools.CITIES)
		phone = f"+1{area}5550{rng.randint(100, 199)}"
		self.clients[name] = head | {
			"full_name": full_name(head["first_name"], None, head["last_name"]),
			"state": state,
		}
		self.client_rows[name] = self.add_row(
			"Client",
			{
				**head,
				"naming_series": "CL-.YYYY.-",
				"full_name": self.clients[name]["full_name"],
				"status": "Active",
				"phone": phone,
				"email": f"{head['first_name'].lower()}.{head['last_name'].lower()}{rng.randint(1, 999)}@mail.example.com"
				if rng.random() < 0.6
				else None,
				"address_line1": f"{rng.randint(10, 9999)} {rng.choice(pools.STREETS)}",
				"city": city,
				"state": state,
				"postal_code": f"{zip3}{rng.randint(10, 99)}",
				"country": "United States",
				"ok_to_email": int(rng.random() < 0.6),
				"ok_to_sms": int(rng.random() < 0.7),
				"safe_to_text": int(rng.random() < 0.6),
				"language": rng.choice(["en"] * 6 + ["es", "es", "vi", "ar"]),
			},
			name=name,
		)
		self.identity_document(name)
		if rng.random() < 0.5:
			contact = self.person()
			self.child(
				"Client Emergency Contact",
				"Client",
				name,
				"emergency_contacts",
				[
					{
						"full_name": f"{contact['first_name']} {contact['last_name']}",
						"relationship": rng.choice(["Relative", "Friend", "Parent", "Spouse or partner"]),
						"phone": f"+1{area}5550{rng.randint(100, 199)}",
						"receives_safety_alerts": int(rng.random() < 0.5),
					}
				],
			)
		members = [(head, "Self")]
		if rng.random() < 0.45:
			members.append((self.person(last=head["last_name"]), "Spouse or partner"))
		for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
			members.append((self.person(age_range=(0, 17), last=head["last_name"]), "Child"))
		if rng.random() < 0.1:
			members.append((self.person(age_range=(60, 85)), "Other relative"))
		self.clients[name]["members"] = [
			{"date_of_birth": person["date_of_birth"], "income": self.income(person)} for person, _ in members
		]
		for (person, relationship), member in zip(members, self.clients[name]["members"], strict=True):
			self.household.append((name, person, relationship, member["income"]))

	def identity_document(self, name: str):
		"""About half the clients carry an identity document, as an agency's records do: the
		last four of an SSN most often, a full SSN, or the ID of the system they came from;
		some refused or were not asked (a data quality and no number)."""
		rng, row = self.rng, self.client_rows[name]
		draw = rng.random()
		if draw < 0.25:
			kind, number = "SSN last four", f"{rng.randint(1, 9999):04d}"
		elif draw < 0.35:
			kind, number = (
				"SSN",
				f"{rng.randint(100, 665):03d}{rng.randint(10, 99)}{rng.randint(1, 9999):04d}",
			)
		elif draw < 0.45:
			kind, number = "Agency or other-system ID", f"HMIS-{rng.randint(100000, 999999)}"
		elif draw < 0.55:
			row["id_data_quality"] = rng.choice(
				["Client refused", "Client doesn't know", "Data not collected"]
			)
			return
		else:
			return
		row.update(
			id_type=kind,
			id_number="*" * len(number),  # as Frappe keeps a Password column: the number is in __Auth
			id_number_masked=evidence.masked(number),
			id_data_quality="Partial" if kind == "SSN last four" else "Full",
		)
		self.identity_numbers[name] = number

	def registered_twice(self, name: str, original: str):
		"""The same person registered again at another front desk: a nickname, a birth date
		with day and month swapped, or a surname typo — what the duplicate review is for."""
		rng, row = self.rng, dict(self.client_rows[original])
		first, dob = row["first_name"], row["date_of_birth"]
		change = rng.choice(["nickname", "birth date", "surname typo"])
		if change == "nickname" and VARIANTS.get(first.lower()):
			row["first_name"] = sorted(VARIANTS[first.lower()])[0].title()
		elif change == "birth date" and dob.day <= 12 and dob.day != dob.month:
			row["date_of_birth"] = dob.replace(month=dob.day, day=dob.month)
		else:
			last = row["last_name"]
			i = rng.randrange(1, len(last))
			row["last_name"] = last[:i] + last[i + 1 :] if len(last) > 4 else last + last[-1]
		row.update(
			name=name,
			full_name=full_name(row["first_name"], None, row["last_name"]),
			email=None,
			creation=self.now,
		)
		if original in self.identity_numbers and rng.random() < 0.5:  # the same document shown again
			self.identity_numbers[name] = self.identity_numbers[original]
		else:
			row.update(id_type=None, id_number=None, id_number_masked=None, id_data_quality=None)
		self.clients[name] = {"full_name": row["full_name"], "state": row["state"], "members": []}
		self.registered_twice_pairs.append((original, name))
		self.add("Client", row, name=name)

	def income(self, person: dict) -> list[dict]:
		rng, adult = self.rng, (self.today - person["date_of_birth"]).days >= 18 * 365
		rows = []
		if adult and rng.random() < 0.6:
			rows.append(
				{"source": "Earned income", "amount": rng.randrange(400, 1800, 25), "frequency": "Biweekly"}
			)
		if adult and rng.random() < 0.15:
			rows.append({"source": rng.choice(["SSI", "SSDI"]), "amount": 943, "frequency": "Monthly"})
		if adult and rng.random() < 0.1:
			rows.append(
				{"source": "Child support", "amount": rng.randrange(150, 600, 10), "frequency": "Monthly"}
			)
		if not adult and rng.random() < 0.05:
			rows.append(
				{"source": "Earned income", "amount": rng.randrange(50, 300, 10), "frequency": "Weekly"}
			)
		for row in rows:
			row["counts_toward_household"] = "Default"
		return rows

	def name_children(self):
		names = reserve_names("Household Member", len(self.household))
		for name, (client, person, relationship, income) in zip(names, self.household, strict=True):
			self.add(
				"Household Member",
				{
					**person,
					"naming_series": "HM-.#####",
					"client": client,
					"client_name": self.clients[client]["full_name"],
					"relationship": relationship,
					"full_name": full_name(person["first_name"], None, person["last_name"]),
				},
				name=name,
			)
			self.child("Income Entry", "Household Member", name, "income", [dict(r) for r in income])
		self.household = []

	def case(self, name: str, client: str):
		rng = self.rng
		state = rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()))[0]
		caseworker = rng.choice(self.staff.caseworkers)
		intake = self.date_between(0 if state == "Intake" else 30, 20 if state == "Intake" else 700)
		past_intake = state != "Intake"
		assessed = past_intake and (state != "Assessment" or rng.random() < 0.5)
		active_once = state in ("Active", "Monitoring", "Closed") or (
			state == "On Hold" and rng.random() < 0.5
		)
		row = {
			"naming_series": "CASE-.YYYY.-",
			"client": client,
			"client_name": self.clients[client]["full_name"],
			"intake_date": intake,
			"workflow_state": state,
			"caseworker": caseworker,
			"team": self.staff.teams.get(caseworker),
			"checklist_template": "Standard Intake",
		}
		if assessed:
			self.assessment(name, client, caseworker, add_days(intake, rng.randint(1, 14)), row)
		done = (
			len(self.checklist)
			if active_once
			else (rng.randint(0, len(self.checklist)) if past_intake else 0)
		)
		self.child(
			"Case Checklist Item",
			"Case",
			name,
			"checklist",
			[
				{
					"item": item.item,
					"is_required": item.is_required,
					"description": item.description,
					"completed": int(i < done),
					"completed_by": caseworker if i < done else None,
					"completed_on": self.now if i < done else None,
				}
				for i, item in enumerate(self.checklist)
			],
		)
		row["checklist_progress"] = round(100.0 * done / len(self.checklist), 1) if self.checklist else 0
		referrals = self.referrals(name, client, intake) if past_intake and rng.random() < 0.65 else 0
		if active_once:
			row["activation_date"] = add_days(intake, rng.randint(14, 30))
			if not referrals:
				row["no_referral_needed"] = 1
				row["no_referral_reason"] = rng.choice(pools.NO_REFERRAL_REASONS)
		if state == "Closed":
			row["closure_date"] = add_days(row["activation_date"], rng.randint(30, 200))
			row["closure_reason"] = rng.choice(
				["Goals met", "Goals met", "Client withdrew", "Moved away", "Lost contact"]
			)
		if state in ("Active", "Monitoring"):
			self.visits(name, client, caseworker, row)
		if state == "Intake":
			row["_assign"] = json.dumps([caseworker])  # what assign_to records beside the ToDo
			self.add(
				"ToDo",
				{
					"status": "Open",
					"priority": "Medium",
					"allocated_to": caseworker,
					"assigned_by": "Administrator",
					"description": f"Intake assessment for {row['client_name']} ({name})",
					"reference_type": "Case",
					"reference_name": name,
					"date": add_days(intake, 7),
				},
			)
		if past_intake:
			self.notes(name, row["client_name"], caseworker, intake)
		if state == "Closed":
			discharge.add_summary(self, name, row, caseworker)
		self.add("Case", row, name=name, owner=caseworker)

	def assessment(self, case: str, client: str, caseworker: str, on: date, case_row: dict):
		"""A submitted assessment scored by the engine, its result on the case and in its history."""
		rng = self.rng
		likelihood = rng.choice([0.05, 0.15, 0.3, 0.45, 0.65])
		answers = {q.code: "Yes" if rng.random() < likelihood else "No" for q in self.instrument.questions}
		result = score(self.instrument, answers)
		info = self.clients[client]
		income = household_income(info["members"], getdate(on))
		guideline = pick_guideline(self.guidelines, getdate(on).year, poverty_region(info["state"]))
		amount = guideline.for_size(income.size) if guideline else None
		snapshot = {
			"household_size": income.size,
			"monthly_household_income": income.monthly,
			"annual_household_income": income.annual,
			"poverty_guideline_percent": percent_of_guideline(income.annual, amount) if amount else 0,
			"poverty_guideline_basis": f"{guideline.year} HHS, {guideline.region}" if guideline else None,
		}
		name = self.add(
			"Vulnerability Assessment",
			{
				"name": f"VA-DEMO-{frappe.generate_hash(length=16)}",
				"naming_series": "VA-.YYYY.-",
				"docstatus": 1,
				"case": case,
				"client_name": info["full_name"],
				"instrument": INSTRUMENT,
				"assessment_date": on,
				"assessor": caseworker,
				"total_score": result.total,
				"band": result.band,
				"risk_level": result.risk_level,
				"explanation": result.explanation(),
				"poverty_guideline": amount,
				**snapshot,
			},
			owner=caseworker,
		)
		options = {
			q.code: " / ".join(f"{a} ({p})" for a, p in q.options.items()) for q in self.instrument.questions
		}
		self.child(
			"Assessment Answer",
			"Vulnerability Assessment",
			name,
			"answers",
			[
				{
					"question_code": t.code,
					"domain": t.domain,
					"question": t.text,
					"answer": t.answer,
					"points": t.points,
					"options": options[t.code],
				}
				for t in result.trace
			],
		)
		self.child(
			"Assessment Domain Score",
			"Vulnerability Assessment",
			name,
			"domain_scores",
			[{"domain": d.domain, "points": d.points, "max_points": d.max_points} for d in result.domains],
		)
		for child in (
			self.rows["Assessment Answer"][-len(result.trace) :]
			+ self.rows["Assessment Domain Score"][-len(result.domains) :]
		):
			child["docstatus"] = 1
		case_row.update(
			{
				"vulnerability_score": result.total,
				"score_band": result.band,
				"risk_level": result.risk_level,
				"instrument_version": INSTRUMENT,
				"last_assessment": name,
				"last_assessment_date": on,
				"next_reassessment_date": add_days(on, self.reassess_days),
				**snapshot,
			}
		)
		self.child(
			"Case Risk History",
			"Case",
			case,
			"risk_history",
			[
				{
					"changed_on": f"{on} 12:00:00",
					"source": "Assessment",
					"risk_level": result.risk_level,
					"score": result.total,
					"band": result.band,
					"assessment": name,
					"changed_by": caseworker,
				}
			],
		)

	def referrals(self, case: str, client: str, intake: date) -> int:
		"""Add one or two referrals; return how many count towards activation."""
		rng, counted = self.rng, 0
		for _ in range(rng.choice([1, 1, 2])):
			status = rng.choice(
				["Sent", "Accepted", "In Progress", "Completed", "Completed", "Declined", "Draft"]
			)
			referral_date = add_days(intake, rng.randint(1, 20))
			self.add(
				"Referral",
				{
					"name": f"REF-DEMO-{frappe.generate_hash(length=16)}",
					"naming_series": "REF-.YYYY.-",
					"case": case,
					"client": client,
					"client_name": self.clients[client]["full_name"],
					"client_initials": first_name_and_initial(self.clients[client]["full_name"]),
					"service_provider": rng.choice(self.providers),
					"reason": rng.choice(pools.REFERRAL_REASONS),
					"urgency": rng.choice(["Routine", "Routine", "Urgent", "Emergency"]),
					"status": status,
					"referral_date": referral_date,
					"due_date": add_days(referral_date, 10),
					"outcome": "Client received the service." if status == "Completed" else None,
					"decline_reason": "No capacity this month." if status == "Declined" else None,
				},
			)
			counted += status not in referral_rules.INACTIVE
		return counted

	def visits(self, case: str, client: str, caseworker: str, row: dict):
		past = [self.date_between(1 + 30 * i, 30 * (i + 1)) for i in range(self.activity)]
		statuses = ["Completed" if self.rng.random() < 0.85 else "Missed" for _ in past]
		next_due = add_days(self.today, self.rng.randint(-5, 30))
		for due, status in (*zip(past, statuses, strict=True), (next_due, "Scheduled")):
			self.add(
				"Follow-up Visit",
				{
					"name": f"VIS-DEMO-{frappe.generate_hash(length=16)}",
					"naming_series": "VIS-.YYYY.-",
					"case": case,
					"client_name": self.clients[client]["full_name"],
					"due_date": due,
					"mode": self.rng.choice(["Home visit", "Office visit", "Phone"]),
					"status": status,
					"completed_on": f"{due} 10:30:00" if status == "Completed" else None,
				},
				owner=caseworker,
			)
		row["next_follow_up_date"] = next_due

	def notes(self, case: str, client_name: str, caseworker: str, intake: date):
		span = max((self.today - intake).days, 1)
		for _ in range(self.rng.randint(1, 4) * self.activity):
			restricted = self.rng.random() < 0.1
			if restricted:
				subject, text = self.rng.choice(pools.RESTRICTED_NOTES)
				note_type = "Contact"
			else:
				note_type, subject, text = self.rng.choice(pools.NOTE_SUBJECTS)
			day = add_days(intake, self.rng.randint(0, span))
			template, sections, html = None, [], f"<p>{text}</p>"
			if not restricted and self.rng.random() < 0.35:  # written from a shipped template
				template, note_type, subject, sections, html = structured_note(self.rng, str(day))
			name = self.add(
				"Case Note",
				{
					"name": f"NOTE-DEMO-{frappe.generate_hash(length=16)}",
					"naming_series": "NOTE-.YYYY.-",
					"case": case,
					"client_name": client_name,
					"note_date": f"{day} {self.rng.randint(8, 23):02d}:{self.rng.choice(['00', '15', '30', '45'])}:00",
					"note_type": note_type,
					"subject": subject,
					"note": html,
					"note_template": template,
					"is_restricted": int(restricted),
				},
				owner=caseworker,
			)
			if sections:
				self.child("Case Note Section", "Case Note", name, "sections", sections)
