"""The daily follow-up job and activation, on a real site."""

from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from case_management.api.assessment import override_risk_level
from case_management.jobs import follow_up, runner
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_assessment,
	make_case,
	make_client,
	make_user,
	ready_for_activation,
	standard_staff,
)

HIGH = ("H1", "H2", "H3", "R1", "R2", "R3", "W1", "W2")  # 8 points: High, 14-day interval


def no_commit():
	"""Chunks commit in production; inside a test the transaction must stay open."""
	return patch.object(frappe.db, "commit")


def visits(case: str) -> list:
	return frappe.get_all(
		"Follow-up Visit",
		filters={"case": case},
		fields=["name", "status", "due_date", "auto_scheduled"],
		order_by="due_date, name",
	)


class TestFollowUp(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def active_case(self, yes=HIGH, activated_by=None):
		frappe.set_user(self.staff.a)
		case = make_case(make_client().name, caseworker=self.staff.a)
		case = apply_workflow(case.as_dict(), "Start Assessment")
		make_assessment(case.name, yes=yes)
		case.reload()
		ready_for_activation(case)
		frappe.set_user(activated_by or self.staff.a)
		apply_workflow(frappe.get_doc("Case", case.name).as_dict(), "Activate")
		frappe.set_user("Administrator")
		return frappe.get_doc("Case", case.name)

	def test_activation_schedules_the_first_visit_and_notifies_the_caseworker(self):
		case = self.active_case(activated_by=self.staff.s1)
		[visit] = visits(case.name)
		self.assertEqual(
			(visit.status, str(visit.due_date), visit.auto_scheduled), ("Scheduled", add_days(today(), 14), 1)
		)
		self.assertEqual(str(case.next_follow_up_date), add_days(today(), 14))
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": self.staff.a, "document_name": case.name, "subject": ("like", "%now Active%")},
			)
		)

	def test_the_job_is_idempotent(self):
		cases = [self.active_case() for _ in range(3)]
		frappe.db.delete("Follow-up Visit", {"case": cases[0].name})  # a case that lost its visit
		frappe.db.set_value("Case", cases[0].name, "next_follow_up_date", None)
		names = [c.name for c in cases]

		def snapshot():
			return (
				frappe.get_all(
					"Follow-up Visit",
					filters={"case": ("in", names)},
					fields=["case", "status", "due_date"],
					order_by="`case`, due_date",
				),
				frappe.get_all(
					"Case",
					filters={"name": ("in", names)},
					fields=["name", "next_follow_up_date"],
					order_by="name",
				),
			)

		with no_commit():
			follow_up.start_run(now=True)
			first = snapshot()
			follow_up.start_run(now=True)
			follow_up.start_run(now=True)
		self.assertEqual(snapshot(), first)
		self.assertEqual(len(first[0]), 3)  # one open visit per case, none duplicated

	def test_a_risk_change_moves_the_open_visit(self):
		case = self.active_case()
		frappe.set_user(self.staff.s1)
		override_risk_level(case.name, "Critical", "New threat reported")
		[visit] = visits(case.name)
		self.assertEqual(str(visit.due_date), add_days(today(), 7))
		self.assertEqual(
			str(frappe.db.get_value("Case", case.name, "next_follow_up_date")), add_days(today(), 7)
		)

	def test_missed_visits_and_the_supervisor_todo(self):
		case = self.active_case()
		[visit] = visits(case.name)
		frappe.db.set_value("Follow-up Visit", visit.name, "due_date", add_days(today(), -30))
		with no_commit():
			follow_up.schedule([case.name], getdate(today()))  # first miss; a new visit is planned
		statuses = [v.status for v in visits(case.name)]
		self.assertEqual(statuses, ["Missed", "Scheduled"])
		second = visits(case.name)[1]
		frappe.db.set_value("Follow-up Visit", second.name, "due_date", add_days(today(), -10))
		for _ in range(2):
			with no_commit():
				follow_up.schedule([case.name], getdate(today()))
		self.assertEqual([v.status for v in visits(case.name)], ["Missed", "Missed", "Scheduled"])
		todos = frappe.get_all(
			"ToDo",
			filters={"reference_name": case.name, "allocated_to": self.staff.s1, "status": "Open"},
			pluck="description",
		)
		self.assertEqual(len(todos), 1)
		self.assertIn("Two follow-up visits in a row were missed", todos[0])

	def test_closed_and_on_hold_cases_get_no_new_visits(self):
		case = self.active_case()
		frappe.db.delete("Follow-up Visit", {"case": case.name})
		for state in ("On Hold", "Closed"):
			frappe.db.set_value("Case", case.name, "workflow_state", state)
			with no_commit():
				follow_up.schedule([case.name], getdate(today()))
			self.assertEqual(visits(case.name), [])
			self.assertIsNone(frappe.db.get_value("Case", case.name, "next_follow_up_date"))

	def test_bad_state_is_skipped_with_a_readable_reason(self):
		no_risk = self.active_case()
		frappe.db.set_value("Case", no_risk.name, "risk_level", None)
		zero = self.active_case(yes=("H1",))  # Low
		frappe.db.set_single_value("Case Management Settings", "low_interval_days", 0)
		frappe.clear_document_cache("Case Management Settings", "Case Management Settings")
		gone = self.active_case()
		leaver = make_user("cm.leaver@example.com", "Caseworker")
		frappe.db.set_value("Case", gone.name, "caseworker", leaver)
		frappe.db.set_value("User", leaver, "enabled", 0)
		for case in (no_risk, zero):
			frappe.db.delete("Follow-up Visit", {"case": case.name})

		names = [no_risk.name, zero.name, gone.name]
		with no_commit():
			run = runner.start(
				"Follow-up scheduling",
				today(),
				names,
				"case_management.jobs.follow_up.run_chunk",
				now=True,
				on=today(),
			)
		doc = frappe.get_doc("Case Job Run", run)
		self.assertEqual((doc.status, doc.processed, doc.skipped), ("Completed", 3, 3))
		text = doc.skipped_reasons
		self.assertIn(no_risk.name, text)
		self.assertIn(zero.name, text)
		self.assertIn(gone.name, text)
		self.assertIn("No risk level yet", text)
		self.assertIn("interval for this risk level is 0", text)
		self.assertIn("caseworker's account is disabled", text)
		self.assertEqual(visits(no_risk.name), [])
		frappe.db.set_single_value("Case Management Settings", "low_interval_days", 90)
		frappe.clear_document_cache("Case Management Settings", "Case Management Settings")

	def test_large_runs_are_split_into_chunks(self):
		for _ in range(3):
			self.active_case()
		frappe.db.set_single_value("Case Management Settings", "job_chunk_size", 2)
		with no_commit():
			run = frappe.get_doc("Case Job Run", follow_up.start_run(now=True))
		frappe.db.set_single_value("Case Management Settings", "job_chunk_size", 1000)
		self.assertGreaterEqual(run.total_chunks, 2)
		self.assertEqual((run.chunks_done, run.status), (run.total_chunks, "Completed"))
		self.assertEqual(run.processed, len(follow_up_case_names()))

	def test_queued_chunks_go_to_the_long_queue(self):
		frappe.db.set_single_value("Case Management Settings", "job_chunk_size", 1)
		for _ in range(2):
			self.active_case()
		with no_commit(), patch("frappe.enqueue") as enqueue:
			follow_up.start_run()
		frappe.db.set_single_value("Case Management Settings", "job_chunk_size", 1000)
		self.assertGreaterEqual(enqueue.call_count, 2)
		self.assertTrue(all(call.kwargs["queue"] == "long" for call in enqueue.call_args_list))
		self.assertEqual(enqueue.call_args_list[0].args[0], "case_management.jobs.follow_up.run_chunk")


def follow_up_case_names():
	return frappe.db.sql_list(
		"select name from `tabCase` where workflow_state in ('Active', 'Monitoring') or next_follow_up_date is not null"
	)
