"""Canary records for the confidentiality harness (http_tests/test_every_channel.py, issue #16).

	bench --site SITE execute case_management.tests.canaries.make

makes, in the caseload of a caseworker A of a team of its own, one of every kind of record the
app keeps about a person, with every text field a unique marker (`CNRY-<run>-<fieldname>`) and
phones, emails, birth dates and amounts valid but unique; then writes a JSON manifest beside the
site's config (`canaries.json`) and prints it. The harness, signed in as other users, looks for
those markers in every answer.

Manifest: `prefix` (every marker starts with it), `users` (who is who), `records` (one per
canary row: doctype, name, parent, every value as stored, which fields hold markers, and who may
legitimately see which markers), `personal` (values that are not markers but identify the
person: phones, emails, birth dates, amounts), `files`.
"""

import json
import os
import random
import string

import frappe
from frappe.desk.form import assign_to
from frappe.utils import add_days, getdate, today

from case_management.demo import DEMO_DOMAIN, ensure_user
from case_management.demo.programs import PROGRAM_MANAGER as DEMO_PROGRAM_MANAGER
from case_management.jobs.monthly_summary import summarize
from case_management.services import risk
from case_management.services.duplicates import merge
from case_management.services.inbound import store_and_act
from case_management.services.intake import sync_intake_rule_users
from case_management.services.safety import raise_alert
from case_management.tests.factories import make_assessment, make_case, make_member, make_note, make_referral

TEXT_TYPES = {"Data", "Small Text", "Text", "Long Text", "Text Editor"}
PARTNER = f"partner@{DEMO_DOMAIN}"
CASEWORKER_A = f"canary.caseworker@{DEMO_DOMAIN}"
SUPERVISOR_A = f"canary.supervisor@{DEMO_DOMAIN}"
PROGRAM_MANAGER_A = f"canary.programs@{DEMO_DOMAIN}"
TEAM_A = "Canary Team"


class Canaries:
	def __init__(self):
		self.run = "".join(random.choices(string.ascii_lowercase + string.digits, k=8))
		self.prefix = f"CNRY-{self.run}"
		self.rng = random.Random(self.run)
		self.records: list[dict] = []
		self.personal: list[dict] = []
		self.files: list[dict] = []
		self.partner_may_see: dict[str, set[str]] = {}

	def marker(self, field: str, tag: str = "") -> str:
		return f"{self.prefix}-{tag}{field}"

	def texts(self, doctype: str, tag: str = "", skip: tuple[str, ...] = (), **given) -> dict:
		"""A marker in every free-text field of `doctype` that is not read-only or given."""
		values = dict(given)
		for df in frappe.get_meta(doctype).fields:
			if df.fieldtype not in TEXT_TYPES or df.read_only or df.fetch_from or df.fieldname in skip:
				continue
			if df.options in ("Email", "Phone", "URL") or df.fieldname in values:
				continue
			values[df.fieldname] = self.marker(df.fieldname, tag)
		return values

	def phone(self, doctype: str, field: str) -> str:
		value = f"+1{self.rng.choice(['202', '312', '415', '617'])}555{self.rng.randint(2000, 9999)}"
		self.personal.append({"kind": "phone", "value": value, "doctype": doctype, "field": field})
		return value

	def email(self, doctype: str, field: str) -> str:
		value = f"{self.marker(field)}@example.org".lower()
		self.personal.append({"kind": "email", "value": value, "doctype": doctype, "field": field})
		return value

	def birth_date(self, doctype: str, field: str = "date_of_birth") -> str:
		value = f"{self.rng.randint(1931, 1965)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
		self.personal.append({"kind": "date", "value": value, "doctype": doctype, "field": field})
		return value

	def document_number(self, doctype: str, field: str) -> str:
		"""An identity document number: no answer to anyone may carry it whole (only its last
		four, services/identity.py), so it is a personal value, not a marker."""
		value = f"P{self.rng.randint(10**8, 10**9 - 1)}"
		self.personal.append(
			{"kind": "identity document", "value": value, "doctype": doctype, "field": field}
		)
		return value

	def amount(self, doctype: str, field: str) -> float:
		value = self.rng.randint(1000, 4999) + self.rng.randint(11, 99) / 100
		self.personal.append({"kind": "amount", "value": f"{value:.2f}", "doctype": doctype, "field": field})
		return value

	def keep(self, doctype: str, name: str, partner: bool = False) -> None:
		"""Record a canary and its child rows in the manifest, as stored."""
		doc = frappe.get_doc(doctype, name)
		self.add_record(doc, None, partner)
		for child in doc.get_all_children():
			self.add_record(child, doc, partner)

	def add_record(self, row, parent, partner: bool) -> None:
		values = {
			k: v
			for k, v in row.as_dict(no_default_fields=False).items()
			if not isinstance(v, list) and not k.startswith("__")
		}
		values = json.loads(json.dumps(values, default=str))
		marked = sorted(k for k, v in values.items() if isinstance(v, str) and self.prefix in v)
		self.records.append(
			{
				"doctype": row.doctype,
				"name": row.name,
				"parent": {"doctype": parent.doctype, "name": parent.name, "field": row.parentfield}
				if parent
				else None,
				"values": values,
				"marked": marked,
				# The partner may read the referrals sent to their organisation: those markers are
				# theirs to see (the client's full last name is not, see client_first_name below).
				"partner_may_see": [values[k] for k in marked] if partner else [],
			}
		)


def make() -> dict:
	"""Make the canaries as Administrator and commit: this is test set-up run by `bench execute`,
	not a request, and the harness reads the records from other processes over HTTP."""
	frappe.set_user("Administrator")
	c = Canaries()
	users = ensure_users()
	ensure_outbox()
	other_provider, partner_provider = providers()

	client = frappe.get_doc(
		{
			"doctype": "Client",
			**c.texts("Client", skip=("state",)),
			"date_of_birth": c.birth_date("Client"),
			"gender": "Female",
			"phone": c.phone("Client", "phone"),
			"alternate_phone": c.phone("Client", "alternate_phone"),
			"email": c.email("Client", "email"),
			"id_type": "Passport",
			"id_number": c.document_number("Client", "id_number"),
			"ok_to_sms": 1,
			"safe_to_text": 1,
			"emergency_contacts": [
				{
					**c.texts("Client Emergency Contact", tag="contact1_"),
					"relationship": "Parent",
					"phone": c.phone("Client Emergency Contact", "phone"),
					"email": c.email("Client Emergency Contact", "contact1_email"),
					"receives_safety_alerts": 1,
				},
				{
					**c.texts("Client Emergency Contact", tag="contact2_"),
					"relationship": "Legal guardian",
					"is_guardian": 1,
					"phone": c.phone("Client Emergency Contact", "phone"),
					"email": c.email("Client Emergency Contact", "contact2_email"),
				},
			],
		}
	).insert()
	# One edit, so that the client has a Version row.
	client.reload()
	client.consent_notes = c.marker("consent_notes", "edited_")
	client.save()

	case = make_case(client=client.name, caseworker=users["a"])
	case.reload()
	for i, row in enumerate(case.checklist):
		row.notes = c.marker("notes", f"checklist{i}_")
	case.append(
		"goals",
		{
			**c.texts("Case Goal"),
			"target_date": add_days(today(), 90),
			"status": "In Progress",
		},
	)
	case.save()

	member = make_member(
		client.name,
		"Child",
		**c.texts("Household Member", tag="member_"),
		date_of_birth=c.birth_date("Household Member"),
		income=[
			{
				"source": "Earned income",
				"amount": c.amount("Income Entry", "amount"),
				"frequency": "Monthly",
				"notes": c.marker("notes", "income_"),
			}
		],
	)
	assessment = make_assessment(case.name, yes=("W1",))
	risk.override(case.name, "Medium", c.marker("reason", "risk_"))

	restricted = make_note(case.name, restricted=True, **c.texts("Case Note", tag="restricted_"))
	note = make_note(case.name, **c.texts("Case Note", tag="note_"))
	# a note written from a template (#23): its sections are child rows of the note
	structured = make_note(
		case.name,
		subject=c.marker("subject", "dap_"),
		note_template="DAP",
		sections=[
			{"heading": heading, "content": c.marker("content", f"dap_{heading.lower()}_")}
			for heading in ("Data", "Assessment", "Plan")
		],
	)
	visit = frappe.get_doc(
		{
			"doctype": "Follow-up Visit",
			"case": case.name,
			"mode": "Home visit",
			"status": "Scheduled",
			"due_date": add_days(today(), 10),
			**c.texts("Follow-up Visit", tag="visit_", skip=("client_language",)),
		}
	).insert()
	# the service is one the provider lists (Referral.validate_service), not a free-text marker
	referral = make_referral(
		case.name, other_provider, **c.texts("Referral", tag="referral_", skip=("service",))
	)
	send(referral)
	partner_referral = make_referral(
		case.name, partner_provider, **c.texts("Referral", tag="partner_referral_", skip=("service",))
	)
	send(partner_referral)
	alert = raise_alert(case.name, "Manual", note=c.marker("note", "alert_"))
	# A text from the client filed on the case (#21): written by the webhook's own code.
	inbound = store_and_act(c.marker("message_id", "inbound_"), client.phone, c.marker("body", "inbound_"))[
		"message"
	]
	# A STOP from the first emergency contact's number: kept on the opt-out list (Text Opt-out,
	# admins only) with the text that asked for it.
	contact_stop = store_and_act(
		c.marker("message_id", "optout_"), client.emergency_contacts[0].phone, "STOP"
	)["message"]
	opt_out_entry = frappe.db.get_value("Text Opt-out", {"inbound_message": contact_stop}, "name")
	summarize([case.name], getdate(today()).replace(day=1))
	summary = frappe.db.get_value("Monthly Case Summary", {"case": case.name}, "name")

	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{c.marker('file_name')}.txt",
			"attached_to_doctype": "Client",
			"attached_to_name": client.name,
			"is_private": 1,
			"content": c.marker("file_content"),
		}
	).insert()
	c.files.append({"name": file.name, "file_url": file.file_url, "file_name": file.file_name})
	assign_to.add(
		{
			"assign_to": [users["a"]],
			"doctype": "Case",
			"name": case.name,
			"description": c.marker("description", "todo_"),
		},
		ignore_permissions=True,
	)
	comment = client.add_comment("Comment", c.marker("content", "comment_"), comment_email=users["a"])
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Other",
			"sent_or_received": "Sent",
			"subject": c.marker("subject", "communication_"),
			"content": c.marker("content", "communication_"),
			"reference_doctype": "Client",
			"reference_name": client.name,
		}
	).insert(ignore_permissions=True)  # set-up as Administrator

	# the discharge summary drafted for the case's closure (#23), every section a marker
	discharge_summary = frappe.get_doc(
		{"doctype": "Discharge Summary", "case": case.name, **c.texts("Discharge Summary", tag="discharge_")}
	).insert()
	duplicates = duplicate_records(c, client)
	enrolment, delivery = program_records(c, case.name, users)

	for doctype, name in [
		("Client", client.name),
		("Case", case.name),
		("Household Member", member.name),
		("Vulnerability Assessment", assessment.name),
		("Case Note", restricted.name),
		("Case Note", note.name),
		("Case Note", structured.name),
		("Discharge Summary", discharge_summary.name),
		("Follow-up Visit", visit.name),
		("Referral", referral.name),
		("Safety Alert", alert),
		("Inbound Message", inbound),
		("Inbound Message", contact_stop),
		("Text Opt-out", opt_out_entry),
		("Monthly Case Summary", summary),
		("File", file.name),
		("Comment", comment.name),
		("Communication", communication.name),
		("Program Enrolment", enrolment),
		("Service Delivery", delivery),
		*duplicates,
	]:
		c.keep(doctype, name)
	c.keep("Referral", partner_referral.name, partner=True)
	referenced = [case.name, referral.name, partner_referral.name, client.name]
	for name in frappe.get_all("ToDo", filters={"reference_name": ("in", referenced)}, pluck="name"):
		c.keep("ToDo", name)
	for name in frappe.get_all(
		"Version", filters={"ref_doctype": "Client", "docname": client.name}, pluck="name"
	):
		c.keep("Version", name)

	frappe.db.commit()  # nosemgrep: test set-up through bench execute, see the docstring
	manifest = {
		"prefix": c.prefix,
		"users": users,
		"client": client.name,
		"client_first_name": client.first_name,
		"client_full_name": client.full_name,
		"partner_provider": partner_provider,
		"other_provider": other_provider,
		"records": c.records,
		"personal": c.personal,
		"files": c.files,
		"reports": frappe.get_all(
			"Report", filters={"module": "Case Management"}, pluck="name", order_by="name"
		),
	}
	path = os.path.abspath(frappe.get_site_path("canaries.json"))
	with open(path, "w") as f:
		json.dump(manifest, f, indent=1, sort_keys=True)
	summary_line = {
		"prefix": c.prefix,
		"manifest": path,
		"records": len(c.records),
		"doctypes": sorted({r["doctype"] for r in c.records}),
	}
	print(json.dumps(summary_line))
	return summary_line


def ensure_users() -> dict:
	"""Caseworker A and supervisor A of a team of their own; B and the other supervisor are demo
	staff of another team; the partner is the demo partner."""
	in_import, frappe.flags.in_import = frappe.flags.in_import, True
	try:
		a = ensure_user(CASEWORKER_A, "Canary", "Caseworker", ["Caseworker"])
		supervisor_a = ensure_user(SUPERVISOR_A, "Canary", "Supervisor", ["Case Supervisor"])
		manager_a = ensure_user(PROGRAM_MANAGER_A, "Canary", "Programs", ["Program Manager"])
		# the demo's Program Manager, of the demo programs: a caller who manages other programs
		ensure_user(DEMO_PROGRAM_MANAGER, "Morgan", "Programs", ["Program Manager"])
	finally:
		frappe.flags.in_import = in_import
	if not frappe.db.exists("Caseworker Team", TEAM_A):
		frappe.get_doc(
			{
				"doctype": "Caseworker Team",
				"team_name": TEAM_A,
				"supervisor": supervisor_a,
				"members": [{"user": a}],
			}
		).insert(ignore_permissions=True)
		sync_intake_rule_users()
	team, supervisor = frappe.db.sql(
		"""select name, supervisor from `tabCaseworker Team` where name != %s and name like 'Demo Team%%'
		order by name limit 1""",
		(TEAM_A,),
	)[0]
	b = frappe.db.get_value(
		"Caseworker Team Member", {"parent": team, "parenttype": "Caseworker Team"}, "user"
	)
	return {
		"a": a,
		"a_supervisor": supervisor_a,
		"program_manager": manager_a,
		"other_program_manager": DEMO_PROGRAM_MANAGER,
		"b": b,
		"supervisor": supervisor,
		"partner": PARTNER,
	}


def providers() -> tuple[str, str]:
	"""An active provider the partner does not belong to (taking electronic referrals, so that a
	sent referral has a partner log row), and the partner's own."""
	partner_provider = frappe.db.get_value(
		"Service Provider User", {"user": PARTNER, "parenttype": "Service Provider"}, "parent"
	)
	other = frappe.db.sql(
		"""select p.name from `tabService Provider` p where p.is_active = 1 and p.name != %s
		and not exists (select 1 from `tabService Provider User` u where u.parent = p.name)
		order by p.accepts_electronic_referrals desc, p.name limit 1""",
		(partner_provider,),
	)[0][0]
	return other, partner_provider


def ensure_outbox() -> None:
	"""Sending a referral to a provider that takes electronic referrals emails it a link: the
	mail is queued through an outgoing account (to loopback) and never sent from here."""
	frappe.flags.mute_emails = True
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return
	if frappe.db.exists("Email Account", "Canary Outbox"):  # stood down since (the fault drill does)
		frappe.db.set_value("Email Account", "Canary Outbox", {"default_outgoing": 1, "enable_outgoing": 1})
		return
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Canary Outbox",
			"email_id": "canary-outbox@case-management.example.org",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"no_smtp_authentication": 1,
		}
	)
	account.flags.ignore_validate = True  # it would try to reach the (absent) mail server
	account.insert(ignore_permissions=True)


def send(referral) -> None:
	referral.reload()
	referral.status = "Sent"
	referral.save()


def duplicate_records(c: Canaries, client) -> list[tuple[str, str]]:
	"""A second registration of the canary client, merged into it (a Client Merge Log keeping
	its data), and a third left in the review queue (an open Duplicate Candidate)."""
	made = []
	for tag in ("merged_", "open_"):
		twin = frappe.get_doc(
			{
				"doctype": "Client",
				"first_name": client.first_name,
				"last_name": client.last_name,
				"date_of_birth": client.date_of_birth,
				"phone": client.phone,
				**c.texts("Client", tag=tag, skip=("first_name", "last_name", "state", "full_name")),
			}
		).insert()
		candidate = frappe.db.get_value(
			"Duplicate Candidate",
			{"client_a": ("in", [client.name, twin.name]), "client_b": ("in", [client.name, twin.name])},
			"name",
		)
		if not candidate:
			candidate = (
				frappe.get_doc(
					{
						"doctype": "Duplicate Candidate",
						"client_a": client.name,
						"client_b": twin.name,
						"score": 0.99,
						"reasons": c.marker("reasons", tag),
						"status": "Open",
						"source": "Intake",
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		if tag == "merged_":
			log = merge(candidate, client.name)
			made += [("Client Merge Log", log.name), ("Duplicate Candidate", candidate)]
		else:
			made += [("Client", twin.name), ("Duplicate Candidate", candidate)]
	return made


def program_records(c: Canaries, case: str, users: dict) -> tuple[str, str]:
	"""The client enrolled in a program of the canary Program Manager's, with a service logged:
	a Program Manager of other programs (the harness's callers are not managers of this one)
	sees none of it."""
	from case_management.api.programs import log_service, refer
	from case_management.tests.factories import make_program

	program = make_program(
		f"Canary Program {c.run}",
		capacity=5,
		managers=(users["program_manager"],),
		services=(("Counselling session", "Session"),),
	)
	enrolment = refer(case, program)["name"]
	if frappe.db.get_value("Program Enrolment", enrolment, "status") != "Enrolled":
		frappe.db.set_value("Program Enrolment", enrolment, "status", "Enrolled")  # set-up
	frappe.db.set_value(
		"Program Enrolment", enrolment, "status_reason", c.marker("status_reason", "enrolment_")
	)
	delivery = log_service(enrolment, "Counselling session", quantity=1, note=c.marker("note", "service_"))[
		"name"
	]
	return enrolment, delivery
