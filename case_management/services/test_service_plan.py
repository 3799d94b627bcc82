"""The service plan as a document (#23): the print format "Service Plan" and the portal's plan page
show every goal (with the client's own words and who does what), service and referral, nothing
internal, in the client's language; another caseworker is refused; sharing keeps a private PDF."""

import frappe

from case_management.api.portal import save_goal
from case_management.api.programs import log_service, refer
from case_management.api.service_plan import share
from case_management.services.service_plan import PRINT_FORMAT, service_plan
from case_management.services.test_printing import serving_assets
from case_management.services.visit_links import in_language
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

WORDS = "Quiero un lugar propio cerca de la escuela"


class TestServicePlan(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		client = make_client(first_name="Maribel", last_name="Ostrander", language="es")
		cls.case = make_case(client.name, caseworker=cls.staff.a)
		save_goal(
			cls.case.name,
			goal="Stable housing by spring",
			measure="Lease signed",
			target_date="2027-04-30",
			status="In Progress",
			in_my_words=WORDS,
			responsible="Client and caseworker",
		)
		frappe.set_user("Administrator")
		make_assessment(cls.case.name, yes=("H1", "H2", "R1"))
		make_referral(
			cls.case.name, make_provider("Plan Test Pantry"), status="Sent", service="Emergency food"
		)
		make_program("Plan Test Rehousing", services=(("Night in shelter", "Night"),))
		frappe.set_user(cls.staff.a)
		log_service(refer(cls.case.name, "Plan Test Rehousing")["name"], "Night in shelter", quantity=3)
		make_note(cls.case.name, subject="Internal review", note="Staff-only observation.")
		frappe.set_user("Administrator")

	def html(self, lang="en"):
		with in_language(lang):
			return frappe.get_print("Case", self.case.name, print_format=PRINT_FORMAT)

	def test_it_is_a_standard_print_format_of_case(self):
		fmt = frappe.get_doc("Print Format", PRINT_FORMAT)
		self.assertEqual((fmt.doc_type, fmt.standard, fmt.print_format_type), ("Case", "Yes", "Jinja"))

	def test_every_part_of_the_plan_is_in_the_document(self):
		frappe.set_user(self.staff.a)
		html = self.html()
		for text in (
			"Service plan",
			"Maribel Ostrander",
			"Stable housing by spring",
			"Lease signed",
			"In Progress",
			"Client and caseworker",
			WORDS,
			"Plan Test Rehousing",
			"Night in shelter: 3 Night",
			"Plan Test Pantry",
			"Emergency food",
			"Sent",
		):
			self.assertIn(text, html)

	def test_nothing_internal_is_in_the_document(self):
		frappe.set_user(self.staff.a)
		html = self.html()
		for text in ("Internal review", "Staff-only observation", "Vulnerability", "Risk", "Food insecurity"):
			self.assertNotIn(text, html)

	def test_in_spanish_the_headings_are_spanish(self):
		frappe.set_user(self.staff.a)
		html = self.html("es")
		for text in (
			"Plan de servicios",
			"Metas",
			"Programas y servicios",
			"Derivaciones",
			"En mis palabras",
		):
			self.assertIn(text, html)
		for text in ("Service plan", "How progress is measured", "Who does what", "Referrals"):
			self.assertNotIn(text, html)

	def test_the_pdf_renders_and_sharing_keeps_it_in_the_clients_language(self):
		frappe.set_user(self.staff.a)
		with serving_assets():
			shared = share(self.case.name)
		self.assertEqual(shared["lang"], "es")
		file = frappe.get_doc("File", {"file_url": shared["file_url"]})
		self.assertEqual(
			(file.is_private, file.attached_to_doctype, file.attached_to_name), (1, "Case", self.case.name)
		)
		self.assertTrue(file.get_content().startswith(b"%PDF"))

	def test_the_goal_edits_are_kept_in_version(self):
		frappe.set_user(self.staff.a)
		row = frappe.get_doc("Case", self.case.name).goals[0].name
		save_goal(self.case.name, row=row, in_my_words="A place of my own", responsible="Partner agency")
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "Case", "docname": self.case.name}, pluck="data"
		)
		changed = [v for v in versions if "A place of my own" in (v or "")]
		self.assertTrue(changed, versions)
		self.assertIn("in_my_words", changed[0])
		self.assertIn("Partner agency", changed[0])
		save_goal(self.case.name, row=row, in_my_words=WORDS, responsible="Client and caseworker")

	def test_an_empty_plan_says_so_in_words(self):
		frappe.set_user(self.staff.a)
		case = make_case(make_client(first_name="Empty", last_name="Plan").name, caseworker=self.staff.a)
		with in_language("en"):
			html = frappe.get_print("Case", case.name, print_format=PRINT_FORMAT)
		for text in ("No goals are written down yet.", "No referrals have been made yet."):
			self.assertIn(text, html)

	def test_another_caseworker_is_refused(self):
		frappe.set_user(self.staff.b)
		with self.assertRaises(frappe.PermissionError):
			service_plan(self.case.name)
		with self.assertRaises((frappe.PermissionError, frappe.DoesNotExistError)):
			self.html()
		files = frappe.db.count("File", {"attached_to_name": self.case.name})
		with self.assertRaises(frappe.PermissionError):
			share(self.case.name)
		self.assertEqual(frappe.db.count("File", {"attached_to_name": self.case.name}), files)

	def test_the_portal_page_shows_the_plan_to_its_caseworker_only(self):
		from case_management.www.caseload import plan

		for user, found in ((self.staff.a, True), (self.staff.b, False)):
			frappe.set_user(user)
			frappe.local.form_dict = frappe._dict(case=self.case.name, lang="es")
			context = plan.get_context(frappe._dict())
			self.assertEqual(not context.get("not_found"), found)
			if found:
				self.assertEqual(context.lang, "es")
				self.assertEqual(context.plan["sections"][0]["items"][0]["in_my_words"], WORDS)
		frappe.local.form_dict = frappe._dict()
		frappe.local.lang = "en"
