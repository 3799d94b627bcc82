"""The program dashboard: the Program Overview and Services Delivered by Month reports, their
charts, the program number cards and the Programs dashboard, checked against direct counts
and as each role that opens them."""

import json
from statistics import median

import frappe
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as get_chart
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate, today

from case_management.api import programs as api
from case_management.case_management.report.program_overview import program_overview
from case_management.case_management.report.services_delivered_by_month import services_delivered_by_month
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_program, standard_staff

PROGRAM = "Dashboard Test Shelter"
HOME = "Rental by client, no ongoing housing subsidy"
CARDS = (
	"Clients Enrolled in Programs",
	"Waiting for a Program Place",
	"Program Offers Awaiting Reply",
	"Services Delivered This Month",
)


class TestProgramDashboard(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = staff = standard_staff()
		make_program(PROGRAM, capacity=2, services=(("Night in shelter", "Night"), ("Meal", "Item")))

		def case(caseworker, first_name):
			frappe.set_user(caseworker)
			name = make_case(
				make_client(first_name=first_name, last_name="Dashboard").name, caseworker=caseworker
			).name
			frappe.set_user("Administrator")
			return name

		def as_user(user, fn, *args, **kw):
			frappe.set_user(user)
			try:
				return fn(*args, **kw)
			finally:
				frappe.set_user("Administrator")

		cls.as_user = staticmethod(as_user)
		north = [case(staff.a, n) for n in ("Ada", "Bea", "Cy")]
		south = case(staff.b, "Dov")
		first, second, third = (as_user(staff.a, api.refer, c, PROGRAM)["name"] for c in north)
		cls.waiting_south = as_user(staff.b, api.refer, south, PROGRAM)["name"]
		frappe.db.set_value("Program Enrolment", third, "waitlisted_on", add_days(today(), -30))
		frappe.db.set_value("Program Enrolment", cls.waiting_south, "waitlisted_on", add_days(today(), -10))
		as_user(staff.a, api.log_service, second, "Night in shelter", quantity=3)
		as_user(staff.a, api.log_service, second, "Night in shelter", quantity=4)
		as_user(staff.a, api.log_service, first, "Meal", quantity=2)
		as_user(staff.a, api.exit_enrolment, first, HOME)  # the freed place is offered to the next
		cls.enrolments = (first, second, third)

	def overview(self, user):
		rows = self.as_user(user, lambda: program_overview.execute({"program": PROGRAM})[1])
		return rows[0] if rows else None

	def test_places_and_the_waitlist_are_the_whole_programs(self):
		waiting = frappe.get_all(
			"Program Enrolment", filters={"program": PROGRAM, "status": "Waitlisted"}, pluck="waitlisted_on"
		)
		offered = frappe.db.count("Program Enrolment", {"program": PROGRAM, "offer_status": "Offered"})
		self.assertEqual((len(waiting), offered), (2, 1))
		expected_median = median((getdate(today()) - getdate(d)).days for d in waiting)
		for user in (self.staff.admin, self.staff.s1, self.staff.s2):
			with self.subTest(user=user):
				row = self.overview(user)
				self.assertEqual(
					(
						row["capacity"],
						row["enrolled"],
						row["open_offers"],
						row["waitlisted"],
						row["free_places"],
					),
					(2, 1, 1, 2, 0),
				)
				self.assertEqual(row["median_wait"], expected_median)
				self.assertEqual(row["longest_wait"], 30)

	def test_exits_and_units_are_what_the_viewer_may_see(self):
		north = self.overview(self.staff.s1)
		self.assertEqual((north["exits"], north["exit_destinations"]), (1, f"{HOME}: 1"))
		self.assertEqual(north["units"], "Meal: 2 Item; Night in shelter: 7 Night")
		south = self.overview(self.staff.s2)  # the exit and the services are North's
		self.assertEqual((south["exits"], south["units"]), (0, ""))

	def test_a_program_manager_sees_only_the_programs_they_manage(self):
		self.assertIsNone(self.overview(self.staff.pm))
		program = frappe.get_doc("Program", PROGRAM)
		program.append("managers", {"user": self.staff.pm})
		program.save(ignore_permissions=True)
		row = self.overview(self.staff.pm)
		self.assertEqual((row["enrolled"], row["exits"]), (1, 1))
		self.assertEqual(row["units"], "Meal: 2 Item; Night in shelter: 7 Night")

	def test_services_by_month_match_the_records(self):
		month = "m_" + today()[:7].replace("-", "_")
		for user, nights in ((self.staff.admin, 7.0), (self.staff.s1, 7.0), (self.staff.s2, None)):
			with self.subTest(user=user):
				columns, data, _msg, chart = self.as_user(
					user, services_delivered_by_month.execute, {"program": PROGRAM}
				)
				row = next((r for r in data if r["service"] == "Night in shelter"), None)
				if nights is None:
					self.assertIsNone(row)
					continue
				direct = sum(
					frappe.get_all(
						"Service Delivery",
						filters={"program": PROGRAM, "service": "Night in shelter"},
						pluck="quantity",
					)
				)
				self.assertEqual((row[month], row["total"], row["unit"]), (nights, direct, "Night"))
				self.assertIn("Night in shelter (Night)", [d["name"] for d in chart["data"]["datasets"]])
		with self.assertRaises(frappe.ValidationError):
			services_delivered_by_month.execute({"from_date": "2020-01-01", "to_date": today()})  # 36 months
		with self.assertRaises(frappe.ValidationError):
			program_overview.execute({"from_date": today(), "to_date": add_days(today(), -1)})

	def test_the_number_cards_count_what_the_viewer_may_see(self):
		for name in CARDS:
			card = frappe.get_doc("Number Card", name)
			filters = json.loads(card.filters_json)
			with self.subTest(card=name):
				everything = frappe.get_all(card.document_type, filters=filters, pluck="case")
				north_cases = set(frappe.get_all("Case", filters={"team": "Test Team North"}, pluck="name"))
				self.assertTrue(everything)
				for user, expected in (
					(self.staff.admin, len(everything)),
					(self.staff.s1, sum(c in north_cases for c in everything)),
				):
					frappe.set_user(user)
					self.assertEqual(get_result(card.as_dict(), json.dumps(filters)), expected)
				frappe.set_user("Administrator")

	def test_the_programs_dashboard_ships_its_charts_and_cards(self):
		dashboard = frappe.get_doc("Dashboard", "Programs")
		self.assertEqual({c.card for c in dashboard.cards}, set(CARDS))
		charts = [c.chart for c in dashboard.charts]
		self.assertEqual(
			charts, ["Program Places", "Services Delivered by Month", "Program Exits by Destination"]
		)
		frappe.set_user(self.staff.admin)
		exits = get_chart(chart_name="Program Exits by Destination", refresh=1)
		self.assertIn(HOME, exits["labels"])
		for report in ("Program Overview", "Services Delivered by Month"):
			result = run(report, filters={"program": PROGRAM})
			self.assertTrue(result["chart"]["data"]["labels"], report)

	def test_partners_and_guests_cannot_open_the_reports(self):
		for user in (self.staff.partner, "Guest"):
			for report in ("Program Overview", "Services Delivered by Month"):
				with self.subTest(user=user, report=report):
					frappe.set_user(user)
					with self.assertRaises(frappe.PermissionError):
						run(report, filters={})
		frappe.set_user("Administrator")
