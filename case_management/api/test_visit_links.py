"""Clients' visit links (#21): confirm, move or cancel one visit without logging in; links that
expired, were revoked, belong to another visit or outlived the visit change nothing and say
nothing; the page in the client's language shows only what it may."""

import frappe
from frappe.utils import add_days, add_to_date, get_datetime, now_datetime, set_request, today
from frappe.website.serve import get_response

from case_management.api.portal import offer_times
from case_management.api.visit_links import respond
from case_management.services import visit_links as service
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff
from case_management.www import visit as visit_page


class TestVisitLinks(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.db.set_single_value(
			"Case Management Settings",
			{
				"agency_name": "Eastside Family Services",
				"agency_phone": "202-555-0199",
				"client_link_days": 7,
			},
		)
		frappe.db.set_value("User", cls.staff.a, {"first_name": "Dana", "last_name": "Whitfield"})

	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")

	def visit(self, language="en", days=2, **kw):
		frappe.set_user(self.staff.a)
		client = make_client(first_name="Ines", last_name="Solano", language=language, phone="202-555-0161")
		case = make_case(client.name, caseworker=self.staff.a)
		doc = frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": case.name,
				"due_date": add_days(today(), days),
				"scheduled_time": f"{add_days(today(), days)} 10:30:00",
				"mode": "Home visit",
				**kw,
			}
		).insert()
		frappe.set_user("Administrator")
		token = service.issue_link(doc).split("token=")[1]
		return doc, token

	def answer(self, visit, token, action, chosen=None, preferred=None):
		frappe.set_user("Guest")
		frappe.local.request_ip = "10.9.8.6"  # the rate limit counts per IP when a request is set
		try:
			return respond(visit.name, token, action, chosen, preferred)
		finally:
			frappe.set_user("Administrator")
			frappe.local.request_ip = None

	def todos(self, visit) -> list[str]:
		return frappe.get_all(
			"ToDo",
			filters={"reference_type": "Follow-up Visit", "reference_name": visit.name},
			pluck="allocated_to",
		)

	def snapshot(self, visit):
		return (
			frappe.db.get_value(
				"Follow-up Visit",
				visit.name,
				["client_response", "client_chosen_time", "client_preferred_time", "status", "modified"],
			),
			len(self.todos(visit)),
			frappe.db.count("Comment", {"reference_name": visit.name}),
		)

	def test_the_token_is_stored_only_as_a_hash(self):
		visit, token = self.visit()
		stored = frappe.db.get_value("Follow-up Visit", visit.name, "client_link_hash")
		self.assertNotEqual(stored, token)
		self.assertNotIn(token, str(frappe.db.get_value("Follow-up Visit", visit.name, "*", as_dict=True)))

	def test_confirm(self):
		visit, token = self.visit()
		self.assertEqual(self.answer(visit, token, "confirm"), {"response": "Confirmed"})
		row = frappe.db.get_value("Follow-up Visit", visit.name, ["client_response", "client_response_at"])
		self.assertEqual(row[0], "Confirmed")
		self.assertTrue(row[1])
		self.assertEqual(self.todos(visit), [])  # nothing for the caseworker to do
		self.assertTrue(
			frappe.db.exists("Version", {"ref_doctype": "Follow-up Visit", "docname": visit.name})
		)
		self.assertTrue(
			frappe.db.exists("Comment", {"reference_name": visit.name, "content": ("like", "%their link%")})
		)

	def test_reschedule_to_an_offered_time_or_a_written_one(self):
		visit, token = self.visit()
		first, second = (
			add_to_date(now_datetime(), days=d, as_datetime=True).replace(microsecond=0) for d in (3, 4)
		)
		frappe.set_user(self.staff.a)  # the caseworker offers times from the case page
		offer_times(visit.case, visit.name, str(first), str(second))
		before = self.snapshot(visit)
		not_offered = str(add_to_date(first, hours=1))
		for chosen, preferred in ((not_offered, None), ("not a time", None), (None, "  "), (None, "x" * 201)):
			with self.subTest(chosen=chosen, preferred=preferred), self.assertRaises(frappe.ValidationError):
				self.answer(visit, token, "reschedule", chosen, preferred)
		with self.assertRaises(frappe.ValidationError):
			self.answer(visit, token, "delete")
		self.assertEqual(self.snapshot(visit), before)  # refused answers change nothing
		self.answer(visit, token, "reschedule", str(second))
		row = frappe.get_doc("Follow-up Visit", visit.name)
		self.assertEqual(
			(row.client_response, get_datetime(row.client_chosen_time)), ("Asked to reschedule", second)
		)
		self.assertEqual(self.todos(visit), [self.staff.a])
		self.answer(visit, token, "reschedule", None, "  Tuesday   after 3pm ")
		row.reload()
		self.assertEqual((row.client_chosen_time, row.client_preferred_time), (None, "Tuesday after 3pm"))

	def test_cancel_gives_the_caseworker_a_task(self):
		visit, token = self.visit()
		self.answer(visit, token, "cancel")
		self.assertEqual(frappe.db.get_value("Follow-up Visit", visit.name, "client_response"), "Cancelled")
		self.assertEqual(self.todos(visit), [self.staff.a])

	def test_links_that_no_longer_work_change_nothing_and_name_no_one(self):
		visit, token = self.visit()
		other, other_token = self.visit()

		def expired():
			frappe.db.set_value(
				"Follow-up Visit", visit.name, "client_link_expires", add_days(now_datetime(), -1)
			)

		def passed():
			frappe.db.set_value(
				"Follow-up Visit", visit.name, "scheduled_time", add_to_date(now_datetime(), hours=-1)
			)

		cases = {
			"expired": expired,
			"revoked": lambda: service.revoke_link(visit.name),
			"another visit's token": lambda: None,
			"visit passed": passed,
			"visit completed": lambda: frappe.db.set_value(
				"Follow-up Visit", visit.name, "status", "Completed"
			),
		}
		for label, spoil in cases.items():
			with self.subTest(label):
				visit, token = self.visit()
				spoil()
				used = other_token if label == "another visit's token" else token
				before = self.snapshot(visit)
				frappe.local.message_log = []
				with self.assertRaises(frappe.PermissionError) as refused:
					self.answer(visit, used, "confirm")
				said = str(refused.exception) + str(frappe.local.message_log)
				for word in ("Ines", "Solano", "0161", visit.name):
					self.assertNotIn(word, said)
				self.assertEqual(self.snapshot(visit), before)
				frappe.set_user("Guest")  # before the arguments: set_user empties frappe.local.form_dict
				# frappe.local's, never frappe.form_dict itself: that name is the process's proxy to it
				frappe.local.form_dict = frappe._dict(visit=visit.name, token=used)
				try:
					context = visit_page.get_context(frappe._dict())
				finally:
					frappe.set_user("Administrator")
					frappe.local.form_dict = frappe._dict()
				self.assertTrue(context.error)
				self.assertNotIn("visit", context)
		self.assertFalse(frappe.db.get_value("Follow-up Visit", other.name, "client_response"))

	def test_page_in_spanish_shows_only_the_time_mode_agency_and_first_name(self):
		visit, token = self.visit(language="es")
		html = self.render(visit, token)
		self.assertIn("Su cita", html)
		self.assertIn("Visita a domicilio", html)
		self.assertIn("Eastside Family Services", html)
		self.assertIn('href="tel:202-555-0199">(202) 555-0199</a>', html)
		self.assertIn("Dana", html)
		for absent in ("Whitfield", "Ines", "Solano", "555-0161", self.staff.a, visit.case):
			self.assertNotIn(absent, html)

	def test_page_in_english_and_a_bad_link_page(self):
		visit, token = self.visit()
		self.assertIn("Your appointment", self.render(visit, token))
		html = self.render(visit, "wrong")
		self.assertEqual(self.status, 410)
		self.assertIn("This link no longer works", html)
		self.assertIn(">(202) 555-0199</a>", html)
		self.assertNotIn("Ines", html)
		self.assertNotIn("Home visit", html)

	def render(self, visit, token) -> str:
		path = f"visit?visit={visit.name}&token={token}"
		set_request(method="GET", path="/" + path)
		frappe.set_user("Guest")  # before the arguments: set_user empties frappe.local.form_dict
		frappe.local.form_dict = frappe._dict(visit=visit.name, token=token)
		try:
			response = get_response("visit")
			self.status = response.status_code
			return response.get_data(as_text=True)
		finally:
			frappe.set_user("Administrator")
			frappe.local.lang = "en"
			frappe.local.request = None
			frappe.local.form_dict = frappe._dict()

	def test_offered_times_follow_the_rules(self):
		visit, _token = self.visit()
		frappe.set_user(self.staff.a)
		past = str(add_to_date(now_datetime(), hours=-2))
		with self.assertRaises(frappe.ValidationError):
			offer_times(visit.case, visit.name, past)
		same = str(add_to_date(now_datetime(), days=3))
		with self.assertRaises(frappe.ValidationError):
			offer_times(visit.case, visit.name, same, same)
		self.assertIsNone(frappe.db.get_value("Follow-up Visit", visit.name, "offered_time_1"))
		frappe.set_user(self.staff.b)  # another caseload's caseworker
		with self.assertRaises(frappe.PermissionError):
			offer_times(visit.case, visit.name, same)
