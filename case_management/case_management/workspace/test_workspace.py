"""The Case Management workspace loads for an admin and a supervisor, with every number card and
chart it ships, and the cards count only what the viewer may see."""

import json

import frappe
from frappe.desk.desktop import get_desktop_page
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as get_chart
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.desk.query_report import run
from frappe.utils import add_days, today

from case_management.api.programs import refer
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_case,
	make_program,
	make_provider,
	make_referral,
	standard_staff,
)

WORKSPACE = "Case Management"
PROGRAM_DOCTYPES = ("Program Enrolment", "Service Delivery")


def card_filters(card) -> list:
	"""The card's filters with its dynamic ones resolved as the desk does (today's date)."""
	dynamic = json.loads(card.dynamic_filters_json or "[]")
	for row in dynamic:
		if row[3] == "frappe.datetime.get_today()":
			row[3] = today()
	return json.loads(card.filters_json or "[]") + dynamic


class TestWorkspace(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		cls.north = make_case(caseworker=cls.staff.a)
		frappe.set_user(cls.staff.b)
		cls.south = make_case(caseworker=cls.staff.b)
		frappe.set_user("Administrator")
		provider = make_provider("Workspace Test Pantry")
		for case in (cls.north, cls.south):
			frappe.db.set_value(
				"Case",
				case.name,
				{
					"risk_level": "High",
					"workflow_state": "Active",
					"next_reassessment_date": add_days(today(), -1),
				},
			)
			make_referral(case.name, provider, status="Sent")
			frappe.get_doc(
				{
					"doctype": "Follow-up Visit",
					"case": case.name,
					"due_date": add_days(today(), -2),
					"status": "Scheduled",
				}
			).insert()
		make_program("Workspace Test Program")  # someone enrolled, for the program places chart
		frappe.set_user(cls.staff.a)
		refer(cls.north.name, "Workspace Test Program")
		frappe.set_user("Administrator")
		# a visit done, for the completed-vs-missed chart
		frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": cls.north.name,
				"due_date": add_days(today(), -20),
				"status": "Completed",
				"completed_on": add_days(today(), -20),
			}
		).insert()
		cls.workspace = frappe.get_doc("Workspace", WORKSPACE)

	def test_the_workspace_ships_its_cards_charts_and_shortcuts(self):
		names = {c.number_card_name for c in self.workspace.number_cards}
		self.assertEqual(
			names,
			{
				"Active Cases",
				"High or Critical Cases",
				"Overdue Visits",
				"Referrals Awaiting Reply",
				"Assessments Due",
				"Clients Enrolled in Programs",
				"Waiting for a Program Place",
				"Program Offers Awaiting Reply",
				"Services Delivered This Month",
			},
		)
		self.assertEqual(len(self.workspace.charts), 6)
		shortcuts = {s.label: s for s in self.workspace.shortcuts}
		self.assertLessEqual({"New intake", "My cases", "Duplicate review", "Settings"}, set(shortcuts))
		self.assertEqual(shortcuts["Duplicate review"].link_to, "Duplicate Candidate")
		self.assertIn("Open", shortcuts["Duplicate review"].stats_filter)
		reports = {link.link_to for link in self.workspace.links if link.link_type == "Report"}
		for report in reports:
			self.assertTrue(frappe.db.exists("Report", report), report)
		content = json.loads(self.workspace.content)
		placed = {
			block["data"].get("number_card_name") or block["data"].get("chart_name") for block in content
		}
		self.assertLessEqual(names | {c.chart_name for c in self.workspace.charts}, placed)

	def test_it_loads_for_an_admin_and_a_supervisor(self):
		for user in (self.staff.admin, self.staff.s1):
			with self.subTest(user=user):
				frappe.set_user(user)
				page = get_desktop_page(json.dumps({"name": WORKSPACE, "title": WORKSPACE}))
				self.assertEqual(len(page["number_cards"]["items"]), 9)
				self.assertEqual(len(page["charts"]["items"]), 6)
				self.assertGreaterEqual(len(page["shortcuts"]["items"]), 4)
				for chart in self.workspace.charts:
					report = frappe.db.get_value(
						"Dashboard Chart", {"name": chart.chart_name, "chart_type": "Report"}, "report_name"
					)
					if report:  # a report's chart is drawn by the desk from the report's own result
						data = run(report, filters={})["chart"]["data"]
					else:
						data = get_chart(chart_name=chart.chart_name, refresh=1)
					self.assertIsNotNone(data, chart.chart_name)  # None: the chart has no data to show
					self.assertTrue(data["labels"], chart.chart_name)
					self.assertTrue(sum(data["datasets"][0]["values"]), chart.chart_name)

	def test_number_cards_count_what_the_viewer_may_see(self):
		north_cases = set(frappe.get_all("Case", filters={"team": "Test Team North"}, pluck="name"))
		for card_row in self.workspace.number_cards:
			card = frappe.get_doc("Number Card", card_row.number_card_name)
			if card.document_type in PROGRAM_DOCTYPES:
				continue  # the program cards: report/test_program_dashboard.py
			filters = card_filters(card)
			case_field = "name" if card.document_type == "Case" else "case"
			with self.subTest(card=card.name):
				frappe.set_user("Administrator")
				everything = frappe.get_all(card.document_type, filters=filters, pluck=case_field)
				in_north = sum(case in north_cases for case in everything)
				# both test cases count on every card; the supervisor of North sees North's only
				self.assertIn(self.north.name, everything)
				self.assertIn(self.south.name, everything)
				frappe.set_user(self.staff.admin)
				self.assertEqual(get_result(card.as_dict(), json.dumps(filters)), len(everything))
				frappe.set_user(self.staff.s1)
				self.assertEqual(get_result(card.as_dict(), json.dumps(filters)), in_north)
				self.assertLess(in_north, len(everything))
