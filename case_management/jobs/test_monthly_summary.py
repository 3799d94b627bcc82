"""Monthly case summaries, the roll-up report and caseload health, on a real site."""

from unittest.mock import patch

import frappe
from frappe.utils import getdate

from case_management.api.caseload import reassign_cases
from case_management.case_management.report.caseload_health.caseload_health import execute as caseload_health
from case_management.case_management.report.monthly_case_summary_rollup.monthly_case_summary_rollup import (
	execute as rollup,
)
from case_management.jobs import monthly_summary
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_case,
	make_client,
	make_note,
	make_provider,
	make_referral,
	make_user,
	standard_staff,
)

OCTOBER, NOVEMBER = getdate("2026-10-01"), getdate("2026-11-01")


def summaries(cases, month):
	return frappe.get_all(
		"Monthly Case Summary",
		filters={"case": ("in", cases), "month": month},
		fields=[
			"name",
			"case",
			"notes_written",
			"visits_completed",
			"visits_missed",
			"risk_at_start",
			"risk_at_end",
			"score_change",
			"referrals_opened",
			"referrals_completed",
			"referrals_overdue",
			"goals_achieved",
			"goals_total",
		],  # fmt: skip
		order_by="name",
	)


class TestMonthlySummary(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.provider = make_provider("Test Summary Provider")
		frappe.set_user(cls.staff.a)
		cls.case = make_case(
			make_client(first_name="Month").name, caseworker=cls.staff.a, intake_date="2026-09-15"
		)
		c = cls.case.name
		make_note(c, note_date="2026-10-31 23:30:00")  # last evening of October
		make_note(c, note_date="2026-10-05 09:00:00")
		make_note(c, note_date="2026-11-01 00:10:00")  # just after midnight: November
		for due, status, done in (
			("2026-10-10", "Completed", "2026-10-31 23:30:00"),
			("2026-10-20", "Missed", None),
			("2026-11-02", "Completed", "2026-11-02 10:00:00"),
		):
			frappe.get_doc(
				{
					"doctype": "Follow-up Visit",
					"case": c,
					"due_date": due,
					"status": status,
					"completed_on": done,
				}
			).insert()
		make_referral(c, cls.provider, status="Sent", referral_date="2026-10-03", due_date="2026-10-13")
		make_referral(
			c,
			cls.provider,
			status="Completed",
			referral_date="2026-09-20",
			due_date="2026-09-30",
			outcome="Housed",
		)
		frappe.db.set_value("Referral", {"case": c, "status": "Completed"}, "completed_on", "2026-10-15")
		case = frappe.get_doc("Case", c)
		case.append("goals", {"goal": "Stable housing", "status": "Achieved"})
		case.append("goals", {"goal": "Steady income", "status": "In Progress"})
		case.save()
		frappe.set_user("Administrator")
		for when, level, score in (("2026-09-20 10:00:00", "Medium", 5), ("2026-10-12 10:00:00", "High", 9)):
			case.append(
				"risk_history",
				{"changed_on": when, "source": "Assessment", "risk_level": level, "score": score},
			)
		case.save()

	def run_month(self, month):
		with patch.object(frappe.db, "commit"):
			monthly_summary.summarize([self.case.name], month)

	def test_counts_month_boundaries_and_narrative(self):
		self.run_month(OCTOBER)
		[s] = summaries([self.case.name], OCTOBER)
		self.assertEqual(s.name, f"{self.case.name}-2026-10")
		self.assertEqual((s.notes_written, s.visits_completed, s.visits_missed), (2, 1, 1))
		self.assertEqual((s.risk_at_start, s.risk_at_end, s.score_change), ("Medium", "High", 4))
		self.assertEqual((s.referrals_opened, s.referrals_completed, s.referrals_overdue), (1, 1, 1))
		self.assertEqual((s.goals_achieved, s.goals_total), (1, 2))
		text = frappe.get_doc("Monthly Case Summary", s.name).narrative  # built from the stored figures
		self.assertIn("2 notes written, 1 visit completed, 1 visit missed", text)
		self.assertIn("Risk level changed from Medium to High", text)

		self.run_month(NOVEMBER)
		[n] = summaries([self.case.name], NOVEMBER)
		self.assertEqual(
			(n.notes_written, n.visits_completed, n.risk_at_start, n.risk_at_end), (1, 1, "High", "High")
		)

	def test_three_runs_leave_exactly_what_one_run_leaves(self):
		self.run_month(OCTOBER)
		once = summaries([self.case.name], OCTOBER)
		self.run_month(OCTOBER)
		self.run_month(OCTOBER)
		self.assertEqual(summaries([self.case.name], OCTOBER), once)
		self.assertEqual(
			frappe.db.count("Monthly Case Summary", {"case": self.case.name, "month": OCTOBER}), 1
		)

	def test_on_demand_run_for_a_chosen_month_covers_open_cases_only(self):
		closed = make_case(make_client().name, caseworker=self.staff.a, intake_date="2026-01-05")
		frappe.db.set_value("Case", closed.name, {"workflow_state": "Closed", "closure_date": "2026-03-01"})
		with patch.object(frappe.db, "commit"):
			run = frappe.get_doc("Case Job Run", monthly_summary.start_run("2026-10-17", now=True))
		self.assertEqual((run.run_for, run.status), ("2026-10", "Completed"))
		self.assertTrue(frappe.db.exists("Monthly Case Summary", f"{self.case.name}-2026-10"))
		self.assertFalse(frappe.db.exists("Monthly Case Summary", f"{closed.name}-2026-10"))

	def test_rollup_report_totals_match_the_summaries(self):
		self.run_month(OCTOBER)
		for group_by in ("Caseworker", "Team", "Risk level"):
			with self.subTest(group_by):
				columns, data, _message, chart = rollup({"month": "2026-10-01", "group_by": group_by})
				direct = frappe.db.sql(
					"select count(*), sum(notes_written), sum(visits_missed) from `tabMonthly Case Summary` where month = %s",
					OCTOBER,
				)[0]
				self.assertEqual(sum(r["cases"] for r in data), direct[0])
				self.assertEqual(sum(r["notes_written"] for r in data), direct[1])
				self.assertEqual(sum(r["visits_missed"] for r in data), direct[2])
				self.assertEqual(chart["type"], "bar")
		rollup({})  # default month, default grouping
		frappe.set_user(self.staff.b)
		_c, data, *_ = rollup({"month": "2026-10-01"})
		self.assertNotIn(self.staff.a, [r["group"] for r in data])  # B does not see A's cases

	def test_caseload_health(self):
		frappe.set_user(self.staff.s1)
		columns, data, _m, chart = caseload_health({})
		row = next(r for r in data if r["caseworker"] == self.staff.a)
		direct_open = frappe.db.count(
			"Case", {"caseworker": self.staff.a, "workflow_state": ("!=", "Closed")}
		)
		self.assertEqual(row["open_cases"], direct_open)
		self.assertEqual(
			row["overdue_referrals"],
			frappe.db.sql(
				"""select count(*) from `tabReferral` r join `tabCase` c on c.name = r.`case`
			where c.caseworker = %s and r.status = 'Sent' and r.due_date < curdate()""",
				self.staff.a,
			)[0][0],
		)
		caseload_health({"team": "Test Team North", "on": "2026-10-01"})
		frappe.set_user(self.staff.s2)
		_c, data, *_ = caseload_health({})
		self.assertNotIn(self.staff.a, [r["caseworker"] for r in data])


class TestReassign(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.newcomer = make_user("cm.caseworker.new@example.com", "Caseworker")

	def test_supervisor_moves_a_caseload_and_its_open_todos(self):
		frappe.set_user(self.staff.a)
		cases = [make_case(make_client().name, caseworker=self.staff.a).name for _ in range(3)]
		frappe.set_user(self.staff.s2)  # supervises another team: nothing of A's moves
		self.assertEqual(reassign_cases(self.staff.a, self.newcomer, cases=None), {"cases": 0, "todos": 0})
		self.assertRaises(frappe.PermissionError, reassign_cases, self.staff.a, self.newcomer, cases=cases)
		frappe.set_user(self.staff.a)
		self.assertRaises(frappe.PermissionError, reassign_cases, self.staff.a, self.newcomer)

		frappe.set_user(self.staff.s1)
		result = reassign_cases(self.staff.a, self.newcomer, cases=cases)
		self.assertEqual(result, {"cases": 3, "todos": 3})
		for name in cases:
			self.assertEqual(frappe.db.get_value("Case", name, "caseworker"), self.newcomer)
			self.assertEqual(
				frappe.db.get_value("ToDo", {"reference_name": name, "status": "Open"}, "allocated_to"),
				self.newcomer,
			)
			self.assertIn(self.newcomer, frappe.db.get_value("Case", name, "_assign"))
		frappe.set_user(self.newcomer)
		self.assertTrue(all(frappe.has_permission("Case", "read", n) for n in cases))

	def test_bad_targets(self):
		frappe.set_user(self.staff.s1)
		self.assertRaises(frappe.ValidationError, reassign_cases, self.staff.a, self.staff.a)
		self.assertRaises(frappe.ValidationError, reassign_cases, self.staff.a, self.staff.partner)
