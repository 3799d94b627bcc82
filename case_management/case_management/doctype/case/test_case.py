# Copyright (c) 2026, case_management contributors
# See license.txt

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import today

from case_management.api.discharge import draft as draft_summary
from case_management.services import discharge
from case_management.services.test_printing import serving_assets
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_case,
	make_client,
	make_provider,
	make_referral,
	make_user,
	ready_for_activation,
	standard_staff,
)


class TestCaseIntake(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def test_start_case_copies_checklist_and_assigns_intake_todo(self):
		frappe.set_user(self.staff.a)
		client = make_client(first_name="Rosa", last_name="Diaz")
		case = make_case(client.name, caseworker=self.staff.a)

		self.assertEqual(case.workflow_state, "Intake")
		self.assertEqual(case.team, "Test Team North")
		template_items = frappe.get_all(
			"Intake Checklist Template Item",
			filters={"parent": "Standard Intake"},
			pluck="item",
			order_by="idx",
		)
		self.assertEqual([r.item for r in case.checklist], template_items)
		self.assertEqual(case.checklist_template, "Standard Intake")
		self.assertEqual(case.checklist_progress, 0)

		todos = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Case", "reference_name": case.name, "status": "Open"},
			fields=["allocated_to", "description"],
		)
		self.assertEqual(len(todos), 1)
		self.assertEqual(todos[0].allocated_to, self.staff.a)
		self.assertIn("Intake assessment", todos[0].description)

	def test_rule_assigns_least_loaded_caseworker_when_none_chosen(self):
		# A already carries two open intake assessments, B none: B gets the next case.
		for _ in range(2):
			make_case(make_client().name, caseworker=self.staff.a)
		frappe.db.set_value("ToDo", {"allocated_to": self.staff.b, "status": "Open"}, "status", "Closed")

		case = make_case(make_client(first_name="Lee").name)
		case.reload()
		self.assertEqual(case.caseworker, self.staff.b)
		self.assertEqual(case.team, "Test Team South")
		self.assertTrue(
			frappe.db.exists(
				"ToDo", {"reference_name": case.name, "allocated_to": self.staff.b, "status": "Open"}
			)
		)

	def test_no_caseworker_and_no_rule_is_refused(self):
		frappe.db.set_value("Assignment Rule", "Case Intake Assessment", "disabled", 1)
		client = make_client()
		before = frappe.db.count("Case")
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_case(client.name)
		self.assertIn("Choose a caseworker", str(ctx.exception))
		self.assertEqual(frappe.db.count("Case"), before)
		frappe.db.set_value("Assignment Rule", "Case Intake Assessment", "disabled", 0)

	def test_case_for_missing_client_is_refused(self):
		before = frappe.db.count("Case")
		with self.assertRaises(frappe.DoesNotExistError):
			make_case("CL-NO-SUCH-CLIENT", caseworker=self.staff.a)
		with self.assertRaises(frappe.LinkValidationError):
			frappe.get_doc(
				{"doctype": "Case", "client": "CL-NO-SUCH-CLIENT", "caseworker": self.staff.a}
			).insert()
		self.assertEqual(frappe.db.count("Case"), before)

	def test_caseworker_must_hold_a_case_role(self):
		outsider = make_user("cm.not.a.caseworker@example.com")
		with self.assertRaises(frappe.ValidationError):
			make_case(make_client().name, caseworker=outsider)


class TestCaseWorkflow(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.provider = make_provider("Test Workflow Provider")

	def new_case(self):
		frappe.set_user(self.staff.a)
		return make_case(make_client().name, caseworker=self.staff.a)

	def test_active_is_refused_with_what_is_missing(self):
		case = self.new_case()
		case = apply_workflow(case.as_dict(), "Start Assessment")
		self.assertEqual(case.workflow_state, "Assessment")

		with self.assertRaises(frappe.ValidationError) as ctx:
			apply_workflow(case.as_dict(), "Activate")
		message = str(ctx.exception)
		self.assertIn("Immediate safety checked", message)
		self.assertIn("intake assessment", message)
		self.assertIn("referral", message)
		self.assertNotIn("Documents collected", message)  # optional item
		self.assertEqual(frappe.db.get_value("Case", case.name, "workflow_state"), "Assessment")

	def test_active_allowed_once_complete(self):
		case = self.new_case()
		case = apply_workflow(case.as_dict(), "Start Assessment")
		ready_for_activation(case)
		case = apply_workflow(case.as_dict(), "Activate")
		self.assertEqual(case.workflow_state, "Active")
		self.assertEqual(str(case.activation_date), today())
		self.assertEqual(case.checklist_progress, 100)

	def test_a_referral_satisfies_the_referral_prerequisite(self):
		case = self.new_case()
		case = apply_workflow(case.as_dict(), "Start Assessment")
		for row in case.checklist:
			row.completed = 1
		case.last_assessment_date = today()
		case.save()
		# Drafts were never sent; cancelled and declined referrals connect the client to nothing.
		for status in ("Draft", "Cancelled", "Declined"):
			make_referral(case.name, self.provider, status=status, decline_reason="Full")
		self.assertRaises(frappe.ValidationError, apply_workflow, case.as_dict(), "Activate")
		make_referral(case.name, self.provider, status="Sent")
		case = apply_workflow(frappe.get_doc("Case", case.name).as_dict(), "Activate")
		self.assertEqual(case.workflow_state, "Active")

	def test_saving_a_state_directly_cannot_skip_the_rules(self):
		case = self.new_case()
		case.workflow_state = "Active"
		self.assertRaises(frappe.ValidationError, case.save)
		self.assertEqual(frappe.db.get_value("Case", case.name, "workflow_state"), "Intake")

	def test_only_a_supervisor_closes_and_needs_a_reason(self):
		case = self.new_case()
		self.assertRaises(WorkflowTransitionError, apply_workflow, case.as_dict(), "Close")

		frappe.set_user(self.staff.s1)
		with self.assertRaises(frappe.ValidationError) as ctx:
			apply_workflow(case.as_dict(), "Close")
		self.assertIn("closure reason", str(ctx.exception))

		case.reload()
		case.closure_reason = "Ineligible"
		case.save()
		# and an approved discharge summary (api/test_discharge.py tests that step in full)
		with self.assertRaises(frappe.ValidationError) as ctx:
			apply_workflow(case.as_dict(), "Close")
		self.assertIn("discharge summary", str(ctx.exception))
		frappe.set_user(self.staff.a)
		summary = draft_discharge_summary(case.name)
		frappe.set_user(self.staff.s1)
		with serving_assets():
			discharge.approve(frappe.get_doc("Discharge Summary", summary))
		case = apply_workflow(case.as_dict(), "Close")
		self.assertEqual(case.workflow_state, "Closed")
		self.assertEqual(str(case.closure_date), today())

		case = apply_workflow(case.as_dict(), "Reopen")
		self.assertEqual(case.workflow_state, "Assessment")
		self.assertIsNone(case.closure_date)
		self.assertFalse(case.closure_reason)

	def test_the_app_follows_an_admin_edited_workflow(self):
		# An admin adds a shortcut straight from Intake to Active in the desk: the
		# prerequisites still hold, because they belong to the state, not the transition.
		workflow = frappe.get_doc("Workflow", "Case Workflow")
		workflow.append(
			"transitions",
			{"state": "Intake", "action": "Activate", "next_state": "Active", "allowed": "Caseworker"},
		)
		workflow.save()

		case = self.new_case()
		actions = [t["action"] for t in frappe.model.workflow.get_transitions(case)]
		self.assertIn("Activate", actions)
		self.assertRaises(frappe.ValidationError, apply_workflow, case.as_dict(), "Activate")
		ready_for_activation(case)
		case = apply_workflow(case.as_dict(), "Activate")
		self.assertEqual(case.workflow_state, "Active")


def draft_discharge_summary(case: str) -> str:
	return draft_summary(case)["name"]
