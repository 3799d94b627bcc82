"""Spanish through Frappe's own mechanism (issue #22): every message Frappe finds in the app has
a Spanish row in translations/es.csv, and a caseworker whose User.language is Spanish gets
Spanish in a refusal, on the portal's caseload page and in the Case Summary print format.

The pure checks (tests/test_translations.py) read the sources as Frappe's extractor does; this
module asks Frappe itself."""

import frappe
from frappe.translate import clear_cache, get_all_translations, get_messages_for_app
from frappe.translate import get_translations_from_apps as app_translations
from frappe.utils import add_days, set_request, strip_html_tags, today
from frappe.website.serve import get_response

from case_management.api import portal
from case_management.api.visit_links import respond
from case_management.services import visit_links
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff

APP = "case_management"


def spanish(english: str) -> str:
	"""The app's own Spanish for `english` (a test fails here if there is none)."""
	translated = app_translations("es", apps=[APP]).get(english)
	assert translated and translated != english, f"no Spanish for {english!r}"
	return translated


class TestSpanish(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		clear_cache()  # the translations as the files on disk have them now
		cls.staff = standard_staff()
		cls.language_before = frappe.db.get_value("User", cls.staff.a, "language")
		frappe.db.set_value("User", cls.staff.a, "language", "es")
		frappe.set_user(cls.staff.a)
		cls.client = make_client(first_name="Marisol", last_name="Quintero", state="DC")
		cls.case = make_case(cls.client.name, caseworker=cls.staff.a)
		frappe.set_user("Administrator")

	@classmethod
	def tearDownClass(cls):
		frappe.db.set_value("User", cls.staff.a, "language", cls.language_before)
		frappe.local.lang = "en"
		super().tearDownClass()

	def setUp(self):
		super().setUp()
		self.lang_before = frappe.local.lang
		self.request_before = getattr(frappe.local, "request", None)

	def tearDown(self):
		frappe.local.lang = self.lang_before
		if self.request_before is not None:
			frappe.local.request = self.request_before
		elif hasattr(frappe.local, "request"):
			del frappe.local.request  # as it was: Frappe's router reads a request only when there is one
		frappe.local.form_dict = frappe._dict()
		frappe.clear_messages()
		super().tearDown()

	def as_spanish_caseworker(self):
		"""Signed in as the caseworker, with the language their session gets (User.language)."""
		frappe.set_user(self.staff.a)
		frappe.set_user_lang(self.staff.a)
		self.assertEqual(frappe.local.lang, "es")

	# --- the catalogue --------------------------------------------------------------------------

	def test_every_message_of_the_app_has_spanish_in_the_apps_file(self):
		own = app_translations("es", apps=[APP])
		everything = get_all_translations("es")
		missing = []
		for message in get_messages_for_app(APP):
			source, text = message[0] or "", message[1]
			key = strip_html_tags(text).strip()
			if source.startswith("Navbar:"):  # the site's navbar (Frappe's own items)
				found = everything.get(text) or everything.get(key)
			else:
				found = own.get(text) or own.get(key)
			if not found:
				missing.append(f"{source}: {text!r}")
		self.assertFalse(missing, f"{len(missing)} messages without Spanish:\n" + "\n".join(missing))

	def test_frappe_reads_the_apps_spanish(self):
		self.assertEqual(app_translations("es", apps=[APP]).get("Caseload"), spanish("Caseload"))
		frappe.local.lang = "es"
		self.assertEqual(frappe._("Follow-up Visit"), spanish("Follow-up Visit"))
		self.assertEqual(frappe._("My caseload"), spanish("My caseload"))

	def test_a_translation_record_in_the_desk_overrides_the_apps_file(self):
		"""How an agency corrects a word without code (README, Languages)."""
		frappe.local.lang = "es"
		self.assertEqual(frappe._("My caseload"), spanish("My caseload"))
		fix = frappe.get_doc(
			{
				"doctype": "Translation",
				"language": "es",
				"source_text": "My caseload",
				"translated_text": "Mis expedientes",
			}
		).insert()
		try:
			self.assertEqual(frappe._("My caseload"), "Mis expedientes")
		finally:
			fix.delete()
		self.assertEqual(frappe._("My caseload"), spanish("My caseload"))

	# --- what a Spanish-speaking caseworker gets ------------------------------------------------

	def test_a_refusal_from_the_portal_comes_in_spanish(self):
		self.as_spanish_caseworker()
		portal.move_case(self.case.name, "Start Assessment")
		frappe.clear_messages()
		with self.assertRaises(frappe.ValidationError) as refused:
			portal.move_case(self.case.name, "Activate")  # nothing the activation needs is done
		said = str(refused.exception) + " ".join(m.get("message", "") for m in self.messages())
		self.assertIn(spanish("Complete the intake assessment (record the assessment date)"), said)
		self.assertIn(spanish("Send a referral, or tick No referral needed and give the reason"), said)
		self.assertNotIn("Complete the intake assessment", said)
		self.assertEqual(frappe.db.get_value("Case", self.case.name, "workflow_state"), "Assessment")

	def test_an_unknown_action_is_refused_in_spanish(self):
		self.as_spanish_caseworker()
		with self.assertRaises(frappe.ValidationError) as refused:
			portal.move_case(self.case.name, "Fly away")
		expected = spanish("{0} is not an action you can take on this case now.").format("Fly away")
		self.assertIn(expected, str(refused.exception) + str(self.messages()))

	def test_the_caseload_page_is_in_spanish(self):
		self.as_spanish_caseworker()
		html = self.page("caseload")
		self.assertIn('<html lang="es">', html)
		for english in ("My caseload", "New intake", "Search by client name or phone", "Overdue only"):
			with self.subTest(english=english):
				self.assertIn(spanish(english), html)
		self.assertNotIn(">Overdue only<", html)
		self.assertIn("Marisol Quintero", html)

	def test_the_case_page_is_in_spanish(self):
		self.as_spanish_caseworker()
		html = self.page(f"caseload/{self.case.name}")
		self.assertIn('<html lang="es">', html)
		self.assertIn(spanish("Skip to content"), html)
		self.assertIn(spanish("Intake"), html)  # the workflow state
		self.assertIn(spanish("That did not work. Check your connection and try again."), html)

	def test_the_case_summary_prints_in_spanish(self):
		self.as_spanish_caseworker()
		set_request(method="GET", path="/printview")
		html = frappe.get_print("Case", self.case.name, print_format="Case Summary")
		for english in ("Case Summary", "Confidential: contains personal data", "Household and income"):
			with self.subTest(english=english):
				self.assertIn(spanish(english), html)
		self.assertNotIn("Confidential: contains personal data", html)

	def test_an_english_caseworker_still_reads_english(self):
		frappe.set_user(self.staff.b)
		frappe.set_user_lang(self.staff.b)
		self.assertNotEqual(frappe.local.lang, "es")
		html = self.page("caseload")
		self.assertIn("My caseload", html)
		self.assertNotIn(spanish("My caseload"), html)

	# --- what a Spanish-speaking client gets ---------------------------------------------------

	def test_a_spanish_clients_visit_link_refuses_in_spanish(self):
		"""A guest whose browser asks for English, answering through a Spanish-speaking client's
		link: what the client is told is in the client's language."""
		frappe.set_user(self.staff.a)
		client = make_client(first_name="Rocío", last_name="Medina", language="es", phone="202-555-0177")
		case = make_case(client.name, caseworker=self.staff.a)
		due = add_days(today(), 3)
		visit = frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": case.name,
				"due_date": due,
				"scheduled_time": f"{due} 10:30:00",
				"mode": "Home visit",
			}
		).insert()
		frappe.set_user("Administrator")
		token = visit_links.issue_link(visit).split("token=")[1]
		frappe.set_user("Guest")
		frappe.local.lang = "en"
		frappe.local.request_ip = "10.9.8.22"
		try:
			with self.assertRaises(frappe.ValidationError) as refused:
				respond(visit.name, token, "reschedule", chosen_time="2001-01-01 10:00:00")
			self.assertEqual(frappe.local.lang, "en")  # the request's language again afterwards
		finally:
			frappe.set_user("Administrator")
			frappe.local.request_ip = None
		said = str(refused.exception) + str(self.messages())
		self.assertIn(spanish("That time is not one of the times offered. Please choose again."), said)
		self.assertFalse(frappe.db.get_value("Follow-up Visit", visit.name, "client_response"))

	# --- helpers --------------------------------------------------------------------------------

	def page(self, path: str) -> str:
		user, lang = frappe.session.user, frappe.local.lang
		set_request(method="GET", path="/" + path)
		frappe.set_user(user)  # set_request signs in as Guest; the session's language again
		frappe.local.lang = lang
		frappe.local.form_dict = frappe._dict(case=path.split("/")[-1]) if "/" in path else frappe._dict()
		response = get_response(path)
		self.assertEqual(response.status_code, 200, path)
		return response.get_data(as_text=True)

	def messages(self) -> list[dict]:
		return [frappe.parse_json(m) for m in frappe.local.message_log or []]
