"""Programs where people read them: the case page of the portal, the Program Eligibility
report, the monthly case summary and the HMIS export."""

import csv
import io

import frappe
from frappe.utils import add_days, getdate, today

from case_management.api import programs as api
from case_management.api.export import build_csv
from case_management.case_management.report.program_eligibility import program_eligibility
from case_management.engine.hmis import PROGRAM_ENROLMENT_COLUMNS, SERVICE_COLUMNS
from case_management.jobs import monthly_summary
from case_management.tests import CaseManagementTestCase, count_queries
from case_management.tests.factories import make_case, make_client, make_member, make_program, standard_staff

LOW_INCOME = {"fact": "Income % of poverty guideline", "condition": "Between", "max_value": "200"}


def read(text: str) -> list[dict]:
	return list(csv.DictReader(io.StringIO(text)))


class TestProgramViews(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = staff = standard_staff()
		make_program("View Rent Help", capacity=5, rules=(LOW_INCOME,), services=(("Rent paid", "Dollar"),))
		frappe.set_user(staff.a)
		cls.north = make_client(first_name="Nell", last_name="Viewing")
		make_member(
			cls.north.name,
			"Self",
			"Nell",
			date_of_birth="1980-01-01",
			income=[{"source": "Earned income", "amount": 900, "frequency": "Monthly"}],
		)
		cls.north_case = make_case(cls.north.name, caseworker=staff.a).name
		cls.unknown_case = make_case(
			make_client(first_name="Una", last_name="Viewing").name, caseworker=staff.a
		).name
		cls.enrolment = api.refer(cls.north_case, "View Rent Help")["name"]
		api.log_service(cls.enrolment, "Rent paid", quantity=400)
		frappe.set_user(staff.b)
		cls.south = make_client(first_name="Sol", last_name="Southwick")
		cls.south_case = make_case(cls.south.name, caseworker=staff.b).name
		frappe.set_user("Administrator")

	def test_the_portal_case_page_shows_each_programs_decision_and_the_actions(self):
		from case_management.www.caseload import case as page

		frappe.set_user(self.staff.a)
		for case, words in (
			(self.north_case, ("Enrolled", "Log a service", "at most 200%")),
			(self.unknown_case, ("Unknown", "Refer to View Rent Help", "Needs the household and its income")),
		):
			frappe.form_dict.case = case
			context = page.get_context(frappe._dict())
			html = frappe.render_template("templates/includes/caseload/programs.html", context)
			for word in words:
				with self.subTest(case=case, word=word):
					self.assertIn(word, html)

	def test_the_portal_case_page_costs_the_same_queries_for_one_program_and_ten(self):
		from case_management.www.caseload import case as page

		frappe.set_user(self.staff.a)
		frappe.form_dict.case = self.north_case
		page.get_context(frappe._dict())  # warm the caches (doctype meta, settings) first
		with count_queries() as one:
			page.get_context(frappe._dict())
		frappe.set_user("Administrator")
		for n in range(9):
			make_program(f"View Extra {n}", capacity=n, rules=(LOW_INCOME,))
		frappe.set_user(self.staff.a)
		frappe.form_dict.case = self.north_case  # set_user starts a fresh form_dict
		page.get_context(frappe._dict())
		with count_queries() as ten:
			context = page.get_context(frappe._dict())
		self.assertGreaterEqual(len(context.programs), 10)
		self.assertEqual(one[0], ten[0])
		for n in range(9):
			frappe.delete_doc("Program", f"View Extra {n}", force=True, ignore_permissions=True)

	def test_the_eligibility_report_shows_the_viewers_cases_with_reasons(self):
		frappe.set_user(self.staff.a)
		columns, data, _m, chart, summary = program_eligibility.execute({"program": "View Rent Help"})
		rows = {r["case"]: r for r in data}
		self.assertNotIn(self.south_case, rows)
		self.assertEqual(rows[self.north_case]["decision"], "Eligible")
		self.assertEqual(rows[self.north_case]["enrolment_status"], "Enrolled")
		self.assertEqual(rows[self.unknown_case]["decision"], "Unknown")
		self.assertEqual(rows[self.unknown_case]["needs"], "the household and its income")
		self.assertEqual(sum(s["value"] for s in summary), len(data))
		unknown = program_eligibility.execute({"program": "View Rent Help", "decision": "Unknown"})[1]
		self.assertEqual({r["decision"] for r in unknown}, {"Unknown"})
		not_in = program_eligibility.execute({"program": "View Rent Help", "not_enrolled": 1})[1]
		self.assertNotIn(self.north_case, {r["case"] for r in not_in})
		with self.assertRaises(frappe.ValidationError):
			program_eligibility.execute({"decision": "Maybe"})

	def test_the_monthly_summary_counts_services_delivered(self):
		month = getdate(today()).replace(day=1)
		frappe.set_user(self.staff.a)
		api.log_service(self.enrolment, "Rent paid", quantity=50)
		frappe.set_user("Administrator")
		monthly_summary.summarize([self.north_case, self.unknown_case], month)
		got = dict(
			frappe.get_all(
				"Monthly Case Summary",
				filters={"case": ("in", [self.north_case, self.unknown_case]), "month": month},
				fields=["case", "services_delivered"],
				as_list=True,
			)
		)
		self.assertEqual(got, {self.north_case: 2, self.unknown_case: 0})
		summary = frappe.get_doc("Monthly Case Summary", {"case": self.north_case, "month": month})
		self.assertIn("2 program services delivered.", summary.narrative)
		# last month's figures do not count this month's services
		previous = getdate(add_days(month, -1)).replace(day=1)
		monthly_summary.summarize([self.north_case], previous)
		self.assertEqual(
			frappe.db.get_value(
				"Monthly Case Summary", {"case": self.north_case, "month": previous}, "services_delivered"
			),
			0,
		)

	def test_the_hmis_export_has_enrolments_and_services_of_the_supervisors_teams(self):
		frappe.set_user(self.staff.b)
		api.refer(self.south_case, "View Rent Help")
		frappe.set_user(self.staff.s1)
		enrolments = read(build_csv("enrolments"))
		self.assertEqual(list(enrolments[0]), PROGRAM_ENROLMENT_COLUMNS)
		mine = next(r for r in enrolments if r["EnrollmentID"] == self.enrolment)
		self.assertEqual(
			(mine["PersonalID"], mine["ProjectID"], mine["EntryDate"]),
			(self.north.name, "View Rent Help", today()),
		)
		self.assertNotIn(self.south.name, {r["PersonalID"] for r in enrolments})
		services = read(build_csv("services"))
		self.assertEqual(list(services[0]), SERVICE_COLUMNS)
		rent = [r for r in services if r["EnrollmentID"] == self.enrolment]
		self.assertEqual({r["FAAmount"] for r in rent} & {"400.00"}, {"400.00"})
		self.assertEqual({r["PersonalID"] for r in rent}, {self.north.name})
		frappe.set_user(self.staff.a)
		with self.assertRaises(frappe.PermissionError):
			build_csv("enrolments")
