"""Every report, with and without filters, on demo data: totals agree with direct queries and a
supervisor sees only the teams they supervise."""

from unittest.mock import patch

import frappe
from frappe.utils import add_days, add_months, getdate, today

from case_management.case_management.report.caseload_health import caseload_health
from case_management.case_management.report.household_income_vs_poverty_guideline import (
	household_income_vs_poverty_guideline as income_report,
)
from case_management.case_management.report.monthly_case_summary_rollup import monthly_case_summary_rollup
from case_management.case_management.report.no_show_report import no_show_report
from case_management.case_management.report.overdue_follow_ups import overdue_follow_ups
from case_management.case_management.report.program_eligibility import program_eligibility
from case_management.case_management.report.referral_outcomes_by_provider import (
	referral_outcomes_by_provider,
)
from case_management.case_management.report.risk_level_changes import risk_level_changes
from case_management.demo import make
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_assessment,
	make_case,
	make_provider,
	make_referral,
	standard_staff,
)

REPORTS = {
	"Program Eligibility": (program_eligibility.execute, {"decision": "Unknown", "not_enrolled": 1}),
	"Caseload Health": (caseload_health.execute, {"team": "Test Team North", "on": today()}),
	"Monthly Case Summary Rollup": (monthly_case_summary_rollup.execute, {"group_by": "Risk level"}),
	"Overdue Follow-ups": (overdue_follow_ups.execute, {"risk_level": "High", "bucket": "1-7 days"}),
	"No-show Report": (
		no_show_report.execute,
		{"from_date": add_months(today(), -6), "to_date": today(), "team": "Test Team North"},
	),
	"Referral Outcomes by Provider": (
		referral_outcomes_by_provider.execute,
		{"from_date": add_months(today(), -6), "to_date": today(), "urgency": "Routine"},
	),
	"Household Income vs Poverty Guideline": (
		income_report.execute,
		{"band": "Below 50%", "include_closed": 1},
	),
	"Risk Level Changes": (
		risk_level_changes.execute,
		{"from_date": add_months(today(), -12), "to_date": today(), "direction": "First"},
	),
}


def scalar(sql: str, values=None) -> int:
	rows = frappe.db.sql(sql, values) if values else frappe.db.sql(sql)
	return int(rows[0][0] or 0)


class TestReports(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		with patch.object(frappe.db, "commit"):  # the demo commits per chunk; a test must not
			make(clients=40, seed=31)
		# one case in team North with something in every report
		frappe.set_user(cls.staff.a)
		cls.north = make_case(caseworker=cls.staff.a)
		frappe.set_user("Administrator")
		make_assessment(cls.north.name, yes=("H1", "H2", "R1", "R2", "R3"))
		make_assessment(cls.north.name, yes=())
		frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": cls.north.name,
				"due_date": add_days(today(), -3),
				"status": "Scheduled",
				"mode": "Phone",
			}
		).insert()
		make_referral(cls.north.name, make_provider("Report Test Pantry"), status="Sent")
		# two visits with an outcome on the North case: missed after a text, kept after a "C"
		for status, flags in (
			("Missed", {"sms_reminder_sent": 1}),
			("Completed", {"reminder_sent": 1, "client_response": "Confirmed"}),
		):
			visit = frappe.get_doc(
				{
					"doctype": "Follow-up Visit",
					"case": cls.north.name,
					"due_date": add_days(today(), -5),
					"mode": "Phone",
				}
			).insert()
			frappe.db.set_value("Follow-up Visit", visit.name, {"status": status, **flags})
		cls.north_cases = set(frappe.get_all("Case", filters={"team": "Test Team North"}, pluck="name"))

	def test_every_report_runs_with_and_without_filters(self):
		for name, (execute, filters) in REPORTS.items():
			for given in ({}, filters):
				with self.subTest(report=name, filters=given):
					result = execute(dict(given))
					columns, data = result[0], result[1]
					self.assertTrue(columns)
					self.assertIsInstance(data, list)
					chart = result[3]
					self.assertTrue(chart["data"]["labels"] is not None and chart["data"]["datasets"])
			self.assertTrue(frappe.db.exists("Report", name), name)

	def test_overdue_follow_ups_totals(self):
		_c, data, _m, chart, summary = overdue_follow_ups.execute({})
		expected = scalar(
			"select count(*) from `tabFollow-up Visit` where status = 'Scheduled' and due_date < %s",
			(today(),),
		)
		self.assertGreater(expected, 0)
		self.assertEqual(len(data), expected)
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), expected)
		self.assertEqual(summary[0]["value"], expected)
		self.assertTrue(all(row["days_overdue"] > 0 for row in data))
		high = overdue_follow_ups.execute({"risk_level": "High"})[1]
		self.assertEqual(
			len(high),
			scalar(
				"""select count(*) from `tabFollow-up Visit` v join `tabCase` c on c.name = v.case
				where v.status = 'Scheduled' and v.due_date < %s and c.risk_level = 'High'""",
				(today(),),
			),
		)

	def test_referral_outcomes_totals(self):
		data = referral_outcomes_by_provider.execute({})[1]
		self.assertEqual(
			sum(r["sent"] for r in data), scalar("select count(*) from `tabReferral` where status != 'Draft'")
		)
		self.assertEqual(
			sum(r["accepted"] for r in data),
			scalar(
				"select count(*) from `tabReferral` where status in ('Accepted', 'In Progress', 'Completed')"
			),
		)
		self.assertEqual(
			sum(r["awaiting"] for r in data),
			scalar("select count(*) from `tabReferral` where status = 'Sent'"),
		)
		one = referral_outcomes_by_provider.execute({"service_provider": "Report Test Pantry"})[1]
		self.assertEqual(
			[(r["service_provider"], r["sent"], r["awaiting"]) for r in one], [("Report Test Pantry", 1, 1)]
		)

	def test_income_totals_and_bands_partition_the_cases(self):
		data = income_report.execute({})[1]
		self.assertEqual(len(data), scalar("select count(*) from `tabCase` where workflow_state != 'Closed'"))
		banded = sum(len(income_report.execute({"band": band})[1]) for band in income_report.BANDS)
		self.assertEqual(banded, len(data))
		below = income_report.execute({"band": "Below 50%"})[1]
		self.assertTrue(all(r["poverty_guideline_percent"] < 50 for r in below))
		with self.assertRaises(frappe.ValidationError):
			income_report.execute({"band": "Rich"})

	def test_risk_level_changes_totals(self):
		data = risk_level_changes.execute({})[1]
		self.assertEqual(
			len(data), scalar("select count(*) from `tabCase Risk History` where parenttype = 'Case'")
		)
		mine = [r for r in data if r["case"] == self.north.name]
		self.assertEqual(sorted(r["direction"] for r in mine), ["Down", "First"])
		with self.assertRaises(frappe.ValidationError):
			risk_level_changes.execute({"from_date": today(), "to_date": add_days(today(), -1)})

	def test_caseload_and_rollup_totals(self):
		data = caseload_health.execute({})[1]
		self.assertEqual(
			sum(r["open_cases"] for r in data),
			scalar("select count(*) from `tabCase` where workflow_state != 'Closed'"),
		)
		month = getdate(add_months(today(), -1)).replace(day=1)
		rollup = monthly_case_summary_rollup.execute({"month": month})[1]
		self.assertEqual(
			sum(r["cases"] for r in rollup),
			scalar("select count(*) from `tabMonthly Case Summary` where month = %s", (month,)),
		)

	def test_a_supervisor_sees_only_their_teams(self):
		frappe.set_user(self.staff.s1)
		for name, (execute, _filters) in REPORTS.items():
			with self.subTest(report=name):
				data = execute({})[1]
				cases = {row["case"] for row in data if row.get("case")}
				self.assertLessEqual(cases, self.north_cases)
		self.assertIn(self.north.name, {r["case"] for r in overdue_follow_ups.execute({})[1]})
		self.assertIn(self.north.name, {r["case"] for r in income_report.execute({})[1]})
		providers = {r["service_provider"]: r["sent"] for r in referral_outcomes_by_provider.execute({})[1]}
		self.assertEqual(providers, {"Report Test Pantry": 1})
		health = caseload_health.execute({})[1]
		self.assertEqual({r["caseworker"] for r in health}, {self.staff.a})

	def test_no_show_totals_agree_with_direct_counts(self):
		day = "coalesce(date(v.scheduled_time), v.due_date)"
		outcome = "v.status in ('Completed', 'Missed', 'Cancelled')"
		_c, data, _m, chart, summary = no_show_report.execute({})
		self.assertEqual(
			sum(r["visits"] for r in data),
			scalar(f"select count(*) from `tabFollow-up Visit` v where {outcome}"),
		)
		self.assertEqual(summary[0]["value"], sum(r["visits"] for r in data))
		for r in data:
			self.assertEqual(r["completed"] + r["missed"] + r["cancelled"], r["visits"])
			self.assertTrue(0 <= r["missed_rate"] <= 100)
		start, end = getdate(add_months(today(), -3)), getdate(today())
		period = no_show_report.execute({"from_date": start, "to_date": end})[1]
		where = f"{outcome} and {day} between %s and %s"
		self.assertEqual(
			sum(r["visits"] for r in period),
			scalar(f"select count(*) from `tabFollow-up Visit` v where {where}", (start, end)),
		)
		self.assertEqual(
			sum(r["missed"] for r in period if r["reminder_sent"] == "Yes"),
			scalar(
				f"""select count(*) from `tabFollow-up Visit` v where {where} and v.status = 'Missed'
				and (v.reminder_sent = 1 or v.sms_reminder_sent = 1)""",
				(start, end),
			),
		)
		self.assertEqual(
			sum(r["visits"] for r in period if r["client_confirmed"] == "Yes"),
			scalar(
				f"select count(*) from `tabFollow-up Visit` v where {where} and v.client_response = 'Confirmed'",
				(start, end),
			),
		)
		self.assertEqual(len(chart["data"]["datasets"]), 2)
		self.assertEqual(chart["data"]["labels"], sorted({r["month"] for r in data}))

	def test_no_show_rows_are_scoped_by_role(self):
		def seen(user):
			frappe.set_user(user)
			try:
				return sum(r["visits"] for r in no_show_report.execute({})[1])
			finally:
				frappe.set_user("Administrator")

		def direct(condition, value):
			return scalar(
				f"""select count(*) from `tabFollow-up Visit` v join `tabCase` c on c.name = v.case
				where v.status in ('Completed', 'Missed', 'Cancelled') and {condition}""",
				(value,),
			)

		self.assertEqual(seen(self.staff.a), direct("c.caseworker = %s", self.staff.a))
		self.assertGreaterEqual(seen(self.staff.a), 2)
		self.assertEqual(seen(self.staff.b), direct("c.caseworker = %s", self.staff.b))
		self.assertEqual(seen(self.staff.s1), direct("c.team = %s", "Test Team North"))
		frappe.set_user(self.staff.b)
		self.assertEqual(no_show_report.execute({"caseworker": self.staff.a})[1], [])
		frappe.set_user(self.staff.s1)
		mine = no_show_report.execute({"caseworker": self.staff.a})[1]
		self.assertEqual({r["caseworker"] for r in mine}, {self.staff.a})
		missed = [r for r in mine if r["reminder_sent"] == "Yes" and r["client_confirmed"] == "No"]
		self.assertGreaterEqual(sum(r["missed"] for r in missed), 1)
