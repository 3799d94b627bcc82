"""Test data factories: small, explicit, one call per record."""

import frappe
from frappe.utils import add_days, today

from case_management.services.intake import sync_intake_rule_users


def make_user(email: str, *roles: str, first_name: str | None = None) -> str:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name or email.split("@")[0].replace(".", " ").title(),
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		)
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	missing = [r for r in roles if r not in {d.role for d in user.roles}]
	if missing:
		user.add_roles(*missing)
	return email


def make_team(name: str, supervisor: str, members: list[str]) -> str:
	if frappe.db.exists("Caseworker Team", name):
		frappe.delete_doc("Caseworker Team", name, force=True)
	frappe.get_doc(
		{
			"doctype": "Caseworker Team",
			"team_name": name,
			"supervisor": supervisor,
			"members": [{"user": u} for u in members],
		}
	).insert(ignore_permissions=True)
	return name


def make_client(**kw):
	data = {"doctype": "Client", "first_name": "Test", "last_name": "Client", "date_of_birth": "1985-04-12"}
	data.update(kw)
	return frappe.get_doc(data).insert()


def make_case(
	client: str | None = None,
	caseworker: str | None = None,
	checklist_template: str | None = None,
	reason: str = "Started by a test",
	**kw,
):
	"""Start a case the way intake does; other fields in `kw` are then written as given. The
	reason is what intake asks for when another caseload serves the client (else unused)."""
	from case_management.api.intake import start_case

	client = client or make_client().name
	name = start_case(
		client=client, caseworker=caseworker, checklist_template=checklist_template, reason=reason
	)["name"]
	if kw:
		frappe.db.set_value("Case", name, kw)
	return frappe.get_doc("Case", name)


def make_provider(name: str = "Harbor Food Bank", partner_users: tuple[str, ...] = (), **kw) -> str:
	if frappe.db.exists("Service Provider", name):
		frappe.delete_doc("Service Provider", name, force=True, ignore_permissions=True)
	data = {
		"doctype": "Service Provider",
		"provider_name": name,
		"is_active": 1,
		"contact_email": "intake@provider.example.org",
		"services": [{"service": "Emergency food"}],
		"partner_users": [{"user": u} for u in partner_users],
	}
	data.update(kw)
	frappe.get_doc(data).insert(ignore_permissions=True)
	return name


def make_referral(case: str, provider: str, status: str = "Draft", **kw):
	data = {
		"doctype": "Referral",
		"case": case,
		"service_provider": provider,
		"reason": "Food insecurity",
		"status": status,
		"due_date": add_days(today(), 7),
	}
	data.update(kw)
	return frappe.get_doc(data).insert()


def make_note(case: str, restricted: bool = False, **kw):
	data = {
		"doctype": "Case Note",
		"case": case,
		"subject": "Home visit",
		"note": "Client was home; discussed rent arrears.",
		"is_restricted": int(restricted),
	}
	data.update(kw)
	return frappe.get_doc(data).insert()


def ready_for_activation(case):
	"""Fill in everything activation asks for: checklist, assessment date, referral decision."""
	for row in case.checklist:
		row.completed = 1
	case.last_assessment_date = today()
	case.no_referral_needed = 1
	case.no_referral_reason = "Client already receives all needed services."
	case.save()
	return case


STANDARD_USERS = {
	"a": ("cm.caseworker.a@example.com", "Caseworker"),
	"b": ("cm.caseworker.b@example.com", "Caseworker"),
	"s1": ("cm.supervisor.1@example.com", "Case Supervisor"),
	"s2": ("cm.supervisor.2@example.com", "Case Supervisor"),
	"admin": ("cm.admin@example.com", "Case Management Admin"),
	"partner": ("cm.partner@example.com", "Referral Partner"),
	"desk": ("cm.deskuser@example.com",),
	"pm": ("cm.programmanager@example.com", "Program Manager"),
}


def before_tests():
	"""hooks.before_tests: the standard staff's User records, made once before the suite.

	FrappeTestCase rolls back at the end of every test class, so users made in a class's set-up
	were made again by each of the ~50 classes that use them; saving a User clears Frappe's
	caches, and that was most of the suite's time. Made here, they are committed by the first
	class's set-up (FrappeTestCase commits what came before it) and found by make_user after."""
	frappe.set_user("Administrator")
	for email, *roles in STANDARD_USERS.values():
		make_user(email, *roles)


def standard_staff():
	"""Two teams: (supervisor S1: caseworker A), (supervisor S2: caseworker B), plus others."""
	frappe.set_user("Administrator")
	staff = frappe._dict({key: make_user(email, *roles) for key, (email, *roles) in STANDARD_USERS.items()})
	make_team("Test Team North", staff.s1, [staff.a])
	make_team("Test Team South", staff.s2, [staff.b])
	sync_intake_rule_users()
	return staff


DEFAULT_INSTRUMENT = "Household Vulnerability Index v1"


def make_member(client: str, relationship: str, first_name: str = "Sam", **kw):
	data = {
		"doctype": "Household Member",
		"client": client,
		"first_name": first_name,
		"relationship": relationship,
	}
	data.update(kw)
	return frappe.get_doc(data).insert()


def make_assessment(
	case: str, yes: tuple[str, ...] = (), submit: bool = True, instrument: str = DEFAULT_INSTRUMENT, **kw
):
	"""An assessment answering Yes to the codes in `yes` and No to every other question."""
	codes = frappe.get_all(
		"Scoring Question", filters={"parent": instrument, "parenttype": "Scoring Instrument"}, pluck="code"
	)
	doc = frappe.get_doc(
		{
			"doctype": "Vulnerability Assessment",
			"case": case,
			"instrument": instrument,
			"answers": [{"question_code": c, "answer": "Yes" if c in yes else "No"} for c in codes],
			**kw,
		}
	).insert()
	if submit:
		doc.submit()
	return doc


def make_program(
	name: str,
	capacity: int = 0,
	rules: tuple[dict, ...] = (),
	managers: tuple[str, ...] = (),
	services: tuple[tuple[str, str], ...] = (("Case conference", "Session"),),
	**kw,
) -> str:
	"""A program open today; `rules` are Program Eligibility Rule rows (fact labels as in the form)."""
	if frappe.db.exists("Program", name):  # a test's earlier program of that name, with its records
		for doctype in ("Service Delivery", "Program Enrolment"):
			frappe.db.delete(doctype, {"program": name})
		frappe.delete_doc("Program", name, force=True, ignore_permissions=True)
	data = {
		"doctype": "Program",
		"program_name": name,
		"capacity": capacity,
		"is_active": 1,
		"managers": [{"user": u} for u in managers],
		"services": [{"service": s, "unit": u} for s, u in services],
		"eligibility_rules": list(rules),
	}
	data.update(kw)
	frappe.get_doc(data).insert(ignore_permissions=True)
	return name
