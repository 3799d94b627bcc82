"""Every whitelisted method of the app, asked about a record the user may not see.

Caseworker A (team North, supervisor S1) asks about caseworker B's records (team South): each
method refuses with a PermissionError whose message carries none of B's client's data, and
nothing changes. Guests are refused. Wrong types are rejected before the method runs. A
method added to the app without a probe here fails `test_every_method_has_a_probe`.
"""

import importlib
import pkgutil

import frappe
from frappe.exceptions import FrappeTypeError

import case_management
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_assessment,
	make_case,
	make_client,
	make_note,
	make_program,
	make_provider,
	make_referral,
	standard_staff,
)

# Methods that search across caseloads on purpose (intake must find a returning client):
# they return only identifying data, never a record the user cannot open.
SEARCHES = {
	"case_management.api.intake.find_clients",
	"case_management.api.duplicates.likely_duplicates",
}
# Starting a case for any client found by the intake search is how a client joins a
# caseload (README, "Roles and who sees what"); it is checked in api/test_intake.py.
BY_DESIGN = {"case_management.api.intake.start_case"}
# Methods that take no record id: the caseload lists only the caller's own cases, and
# registering a client touches no existing record (its duplicate warning gives only a count).
# Both are checked in api/test_portal.py; here only that guests are refused. Value: the
# arguments a guest sends.
# Frappe's own methods as the app replaces them (permissions/channels.py): they answer about
# the records the user may list, so another caseload's records are simply not in the answer
# (test_replaced_frappe_methods_say_nothing_about_another_caseload; every channel over HTTP:
# http_tests/test_every_channel.py).
REPLACED = {
	"case_management.permissions.replacements.search_link": {"doctype": "Client", "txt": "Quillfeather"},
	"case_management.permissions.replacements.search_widget": {"doctype": "Client", "txt": "Quillfeather"},
	"case_management.permissions.replacements.get_count": {
		"doctype": "Client",
		"filters": {"last_name": "Quillfeather"},
	},
	"case_management.permissions.replacements.get_group_by_count": {
		"doctype": "Client",
		"current_filters": '{"last_name": "Quillfeather"}',
		"field": "assigned_to",
	},
	"case_management.permissions.replacements.global_search_results": {"text": "Quillfeather"},
}
NO_RECORD = {
	"case_management.api.portal.get_caseload": {},
	"case_management.api.portal.register_client": {"first_name": "Zephyrine", "last_name": "Quillfeather"},
	# setup checks for admins: no record, and nothing for anyone else (services/test_setup_checks.py)
	"case_management.api.setup.setup_warnings": {},
	# the visit calendar lists what frappe.get_list lets the user list (api/test_visits.py)
	"case_management.api.visits.get_events": {"start": "2026-01-01", "end": "2026-02-01"},
}


def app_methods() -> set[str]:
	for module in pkgutil.walk_packages(case_management.__path__, "case_management."):
		if ".test_" not in module.name and not module.name.endswith((".patches", ".demo")):
			try:
				importlib.import_module(module.name)
			except ImportError:
				continue
	return {
		f"{fn.__module__}.{fn.__qualname__}"
		for fn in frappe.whitelisted
		if fn.__module__.startswith("case_management.")
	}


class TestNoIdor(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = staff = standard_staff()
		provider = make_provider("Idor Test Pantry")
		frappe.set_user(staff.b)
		cls.secret = make_client(first_name="Zephyrine", last_name="Quillfeather", phone="202-555-0177")
		twin = make_client(first_name="Zephyrina", last_name="Quillfeather")
		cls.case = make_case(cls.secret.name, caseworker=staff.b)
		make_case(twin.name, caseworker=staff.b)
		cls.referral = make_referral(cls.case.name, provider, status="Sent")
		cls.provider = provider
		cls.draft_assessment = make_assessment(cls.case.name, submit=False).name
		cls.note = make_note(cls.case.name, subject="B's own note").name
		cls.visit = (
			frappe.get_doc(
				{"doctype": "Follow-up Visit", "case": cls.case.name, "due_date": frappe.utils.today()}
			)
			.insert()
			.name
		)
		frappe.set_user("Administrator")
		# B's client referred to a program whose criteria cannot be settled yet: a Referred enrolment
		cls.program = make_program(
			"Idor Program",
			capacity=2,
			rules=({"fact": "Checklist item", "condition": "Is yes", "checklist_item": "Not on any case"},),
		)
		frappe.set_user(staff.b)
		from case_management.api.programs import refer

		cls.enrolment = refer(cls.case.name, cls.program)["name"]
		from case_management.api.discharge import draft as draft_summary

		cls.summary = draft_summary(cls.case.name)["name"]
		frappe.set_user("Administrator")
		cls.candidate = (
			frappe.db.get_value("Duplicate Candidate", {"client_a": ("in", [cls.secret.name, twin.name])})
			or frappe.get_doc(
				{
					"doctype": "Duplicate Candidate",
					"client_a": cls.secret.name,
					"client_b": twin.name,
					"score": 0.8,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		cls.merge_log = (
			frappe.get_doc(
				{
					"doctype": "Client Merge Log",
					"status": "Merged",
					"survivor": cls.secret.name,
					"merged_client": "CL-GONE-IDOR",
					"merged_data": '{"first_name": "Zephyrine"}',
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		cls.instrument = frappe.db.get_value("Scoring Instrument", {})

	def probes(self) -> dict:
		"""method -> (user, kwargs): a user of a role allowed to call it, about B's records."""
		a, s1, partner = self.staff.a, self.staff.s1, self.staff.partner
		return {
			"case_management.api.household.get_household": (a, {"client": self.secret.name}),
			"case_management.api.assessment.override_risk_level": (
				s1,
				{"case": self.case.name, "risk_level": "High", "reason": "probe"},
			),
			"case_management.api.safety.send_safety_alert": (a, {"case": self.case.name}),
			"case_management.api.duplicates.compare_pair": (s1, {"candidate": self.candidate}),
			"case_management.api.duplicates.mark_not_duplicate": (s1, {"candidate": self.candidate}),
			"case_management.api.duplicates.merge_clients": (
				s1,
				{"candidate": self.candidate, "survivor": self.secret.name},
			),
			"case_management.api.duplicates.undo_merge": (s1, {"merge_log": self.merge_log}),
			"case_management.api.duplicates.run_duplicate_check": (a, {}),
			# admins only; a caseworker asking about another caseload's client is refused
			"case_management.api.identity.reveal_id_number": (a, {"client": self.secret.name}),
			"case_management.api.partner.partner_action": (
				partner,
				{"referral": self.referral.name, "action": "Accept"},
			),
			# the SMS gateway's webhook: a guest call without a signed request is refused
			# (signatures, replays and sizes: api/test_inbound.py)
			"case_management.api.inbound.receive": ("Guest", {}),
			"case_management.api.partner.respond": (
				"Guest",
				{"referral": self.referral.name, "token": "not-the-token", "action": "Accept"},
			),
			# a client's visit link: a guest without the visit's token (api/test_visit_links.py)
			"case_management.api.visit_links.respond": (
				"Guest",
				{"visit": self.visit, "token": "not-the-token", "action": "confirm"},
			),
			# the client's own page: a guest without the page link's token (api/test_client_page.py)
			"case_management.api.client_page.respond": (
				"Guest",
				{"token": "not-the-token", "visit": self.visit, "action": "confirm"},
			),
			"case_management.api.client_page.send_message": (
				"Guest",
				{"token": "not-the-token", "message": "probe"},
			),
			"case_management.api.client_page.send_link": (a, {"case": self.case.name, "channel": "SMS"}),
			"case_management.api.client_page.revoke_link": (a, {"case": self.case.name}),
			"case_management.api.client_page.revoke_visit_link": (
				a,
				{"case": self.case.name, "visit": self.visit},
			),
			"case_management.api.portal.offer_times": (
				a,
				{"case": self.case.name, "visit": self.visit, "time_1": "2030-01-01 10:00"},
			),
			"case_management.api.caseload.reassign_cases": (
				s1,
				{"from_user": self.staff.b, "to_user": a, "cases": [self.case.name]},
			),
			# a caseworker may not export at all; supervisors export only their teams (api/test_export.py)
			"case_management.api.export.export_csv": (a, {"dataset": "clients"}),
			"case_management.api.portal.get_case": (a, {"case": self.case.name}),
			"case_management.api.portal.add_note": (
				a,
				{"case": self.case.name, "subject": "probe", "note": "probe"},
			),
			"case_management.api.portal.log_visit": (a, {"case": self.case.name, "outcome": "Completed"}),
			"case_management.api.portal.save_household_member": (
				a,
				{"case": self.case.name, "first_name": "Probe", "relationship": "Child"},
			),
			"case_management.api.portal.create_referral": (
				a,
				{"case": self.case.name, "service_provider": self.provider, "reason": "probe"},
			),
			"case_management.api.portal.start_assessment": (a, {"case": self.case.name}),
			"case_management.api.portal.set_checklist_item": (
				a,
				{"case": self.case.name, "item": self.case.checklist[0].name, "completed": True},
			),
			"case_management.api.portal.save_assessment": (
				a,
				{"assessment": self.draft_assessment, "answers": {}, "submit": True},
			),
			"case_management.api.portal.save_goal": (a, {"case": self.case.name, "goal": "probe"}),
			"case_management.api.portal.set_no_referral_needed": (
				a,
				{"case": self.case.name, "no_referral_needed": True, "reason": "probe"},
			),
			"case_management.api.portal.move_case": (
				a,
				{"case": self.case.name, "action": "Start Assessment"},
			),
			"case_management.api.portal.edit_note": (
				a,
				{"note": self.note, "subject": "probe", "text": "probe"},
			),
			"case_management.api.notes.note_draft": (a, {"case": self.case.name, "template": "DAP"}),
			"case_management.api.notes.note_hints": (a, {"case": self.case.name, "text": "lazy"}),
			"case_management.api.portal.book_visit": (
				a,
				{"case": self.case.name, "scheduled_time": "2030-01-01 10:00", "visit": self.visit},
			),
			"case_management.api.portal.save_client_contact": (
				a,
				{"case": self.case.name, "city": "probe", "emergency_contacts": [{"full_name": "probe"}]},
			),
			"case_management.case_management.doctype.scoring_instrument.scoring_instrument.ScoringInstrument.new_version": (
				a,
				{},
			),
			"case_management.api.programs.get_case_programs": (a, {"case": self.case.name}),
			"case_management.api.programs.refer": (a, {"case": self.case.name, "program": self.program}),
			"case_management.api.programs.enrol": (
				s1,
				{"enrolment": self.enrolment, "override_reason": "probe"},
			),
			"case_management.api.programs.answer_offer": (a, {"enrolment": self.enrolment, "accept": True}),
			"case_management.api.programs.exit_enrolment": (
				a,
				{"enrolment": self.enrolment, "destination": "Other"},
			),
			"case_management.api.programs.withdraw": (a, {"enrolment": self.enrolment, "reason": "probe"}),
			"case_management.api.programs.move_on_waitlist": (
				s1,
				{"enrolment": self.enrolment, "position": 1, "reason": "probe"},
			),
			"case_management.api.discharge.draft": (a, {"case": self.case.name}),
			"case_management.api.discharge.summaries": (a, {"case": self.case.name}),
			"case_management.api.discharge.save": (
				a,
				{"summary": self.summary, "sections": {"contacts": "probe"}},
			),
			# the other team's supervisor may approve in their own team only
			"case_management.api.discharge.approve": (s1, {"summary": self.summary}),
			# sharing the plan attaches a PDF to the case: B's case gets none from A
			"case_management.api.service_plan.share": (a, {"case": self.case.name}),
			# a Program Manager of no program: the program is not theirs
			"case_management.api.programs.get_waitlist": (self.staff.pm, {"program": self.program}),
			"case_management.api.programs.log_service": (
				a,
				{"enrolment": self.enrolment, "service": "Case conference"},
			),
			"case_management.api.programs.log_services": (
				self.staff.pm,
				{"program": self.program, "service": "Case conference", "enrolments": [self.enrolment]},
			),
		}

	def call(self, method: str, kwargs: dict):
		if method.endswith("ScoringInstrument.new_version"):
			return frappe.get_doc("Scoring Instrument", self.instrument).new_version(**kwargs)
		return frappe.get_attr(method)(**kwargs)

	def state(self) -> tuple:
		return tuple(
			frappe.db.count(doctype)
			for doctype in (
				"Case",
				"Client",
				"Safety Alert",
				"Case Risk History",
				"Client Merge Log",
				"Scoring Instrument",
				"ToDo",
				"Case Note",
				"Follow-up Visit",
				"Household Member",
				"Referral",
				"Vulnerability Assessment",
				"Program Enrolment",
				"Service Delivery",
				"Inbound Message",
				"Text Opt-out",
				"Discharge Summary",
				"File",
			)
		) + (
			frappe.db.get_value("Discharge Summary", self.summary, ["status", "contacts", "drafted_by"]),
			frappe.db.get_value(
				"Program Enrolment", self.enrolment, ["status", "pinned_position", "override_reason"]
			),
			frappe.db.get_value(
				"Case",
				self.case.name,
				["caseworker", "risk_level", "workflow_state", "checklist_progress", "client_page_hash"],
			),
			frappe.db.get_value("Vulnerability Assessment", self.draft_assessment, "docstatus"),
			frappe.db.get_value("Duplicate Candidate", self.candidate, "status"),
			frappe.db.get_value("Referral", self.referral.name, "status"),
			frappe.db.get_value("Case Note", self.note, ["subject", "note"]),
			frappe.db.get_value(
				"Follow-up Visit",
				self.visit,
				["scheduled_time", "due_date", "offered_time_1", "client_response", "client_link_hash"],
			),
			frappe.db.get_value("Client", self.secret.name, ["city", "phone", "ok_to_sms"]),
		)

	def leaked(self, error: Exception) -> list[str]:
		text = str(error) + " ".join(str(m) for m in frappe.local.message_log)
		return [word for word in ("Zephyrin", "Quillfeather", "0177") if word in text]

	def test_every_method_has_a_probe(self):
		declared = set(self.probes()) | SEARCHES | BY_DESIGN | set(NO_RECORD) | set(REPLACED)
		self.assertEqual(app_methods() - declared, set())

	def test_each_method_refuses_another_caseload_and_says_nothing_about_it(self):
		before = self.state()
		for method, (user, kwargs) in self.probes().items():
			with self.subTest(method=method):
				frappe.set_user(user)
				frappe.local.message_log = []
				with self.assertRaises(frappe.PermissionError) as refused:
					self.call(method, kwargs)
				self.assertEqual(self.leaked(refused.exception), [])
				frappe.set_user("Administrator")
		self.assertEqual(self.state(), before)

	def test_guests_are_refused_everywhere_but_the_partner_link(self):
		for method, (_user, kwargs) in self.probes().items():
			with self.subTest(method=method):
				frappe.set_user("Guest")
				with self.assertRaises(frappe.PermissionError):
					self.call(method, kwargs)
		for method in SEARCHES | BY_DESIGN:
			with self.subTest(method=method):
				frappe.set_user("Guest")
				with self.assertRaises(frappe.PermissionError):
					frappe.get_attr(method)(
						**({"client": self.secret.name} if "start_case" in method else {})
					)
		for method, kwargs in NO_RECORD.items():
			with self.subTest(method=method):
				frappe.set_user("Guest")
				with self.assertRaises(frappe.PermissionError):
					frappe.get_attr(method)(**kwargs)

	def test_wrong_types_are_rejected_before_the_method_runs(self):
		before = self.state()
		for method, (user, kwargs) in self.probes().items():
			if not kwargs:
				continue
			first = next(iter(kwargs))
			with self.subTest(method=method):
				frappe.set_user(user)
				with self.assertRaises(FrappeTypeError):
					self.call(method, {**kwargs, first: {"$ne": None}})
				frappe.set_user("Administrator")
		self.assertEqual(self.state(), before)

	def test_replaced_frappe_methods_say_nothing_about_another_caseload(self):
		frappe.set_user(self.staff.a)
		for method, kwargs in REPLACED.items():
			with self.subTest(method=method):
				answer = frappe.get_attr(method)(**kwargs)
				self.assertIn(answer, ([], 0), f"{method} answered {answer!r}")
		frappe.set_user(self.staff.b)  # the caseworker who carries the cases is answered
		count = frappe.get_attr("case_management.permissions.replacements.get_count")
		self.assertEqual(count(**REPLACED["case_management.permissions.replacements.get_count"]), 2)

	def test_searches_return_only_identifying_data(self):
		frappe.set_user(self.staff.a)
		from case_management.api.duplicates import likely_duplicates
		from case_management.api.intake import find_clients

		found = find_clients(name="Zephyrine Quillfeather")
		likely = likely_duplicates(
			first_name="Zephyrine", last_name="Quillfeather", date_of_birth="1985-04-12"
		)
		self.assertTrue(found and likely)
		for row in [*found, *likely]:
			with self.subTest(row=row.get("name")):
				self.assertNotIn("202-555-0177", str(row))
				self.assertNotIn("+12025550177", str(row))
				self.assertFalse(row.get("can_open", False))
				self.assertFalse({"email", "address_line1", "notes", "case"} & set(row))
