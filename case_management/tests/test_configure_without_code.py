"""What the README's "Configure without code" promises, on a real site: an admin's edit in the
desk takes effect at once, with no deploy — follow-up intervals, notification texts, the workflow,
checklist templates, and the SMS gateway (a URL in SMS Settings)."""

import frappe
from frappe.model.workflow import apply_workflow, get_transitions
from frappe.utils import add_days, today

from case_management.jobs.test_follow_up import HIGH
from case_management.services import visit_notices
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_assessment,
	make_case,
	make_client,
	ready_for_activation,
	standard_staff,
)
from case_management.tests.sms_gateway import Gateway, configure_sms_settings


def set_settings(**values):
	frappe.db.set_single_value("Case Management Settings", values)
	frappe.clear_document_cache("Case Management Settings", "Case Management Settings")


def restore(doctype: str, name: str, values: dict):
	"""Undo an edit through the document, so Frappe's caches of it are cleared as well."""
	frappe.set_user("Administrator")
	doc = frappe.get_doc(doctype, name)
	for field, value in values.items():
		if isinstance(value, list):
			doc.set(field, [{k: v for k, v in row.items() if k not in ("name", "parent")} for row in value])
		else:
			doc.set(field, value)
	doc.save()


class TestConfigureWithoutCode(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def activate_high_risk_case(self) -> str:
		frappe.set_user(self.staff.a)
		case = make_case(make_client().name, caseworker=self.staff.a)
		case = apply_workflow(case.as_dict(), "Start Assessment")
		make_assessment(case.name, yes=HIGH)
		ready_for_activation(frappe.get_doc("Case", case.name))
		apply_workflow(frappe.get_doc("Case", case.name).as_dict(), "Activate")
		frappe.set_user("Administrator")
		return case.name

	def test_a_follow_up_interval_edited_in_settings_sets_the_next_due_date(self):
		before = frappe.db.get_single_value("Case Management Settings", "high_interval_days")
		self.addCleanup(set_settings, high_interval_days=before)
		first = self.activate_high_risk_case()
		self.assertEqual(
			str(frappe.db.get_value("Case", first, "next_follow_up_date")), add_days(today(), before)
		)
		set_settings(high_interval_days=3)
		second = self.activate_high_risk_case()
		self.assertEqual(
			str(frappe.db.get_value("Case", second, "next_follow_up_date")), add_days(today(), 3)
		)
		due = frappe.get_all("Follow-up Visit", filters={"case": second}, pluck="due_date")
		self.assertEqual([str(d) for d in due], [add_days(today(), 3)])

	def test_an_edited_notification_text_is_the_message_sent(self):
		gateway = Gateway()
		self.addCleanup(gateway.stop)
		configure_sms_settings(gateway.url)  # the SMS gateway is configuration too
		set_settings(quiet_hours_start=None, quiet_hours_end=None)
		notification = frappe.get_doc("Notification", "Visit booked (text)")
		self.addCleanup(restore, notification.doctype, notification.name, {"message": notification.message})
		notification.message = "Eastside office: your visit is booked for {{ doc.scheduled_time }}."
		notification.save()
		frappe.set_user(self.staff.a)
		client = make_client(phone="202-555-0188", ok_to_sms=1, safe_to_text=1, ok_to_email=0, language="en")
		case = make_case(client.name, caseworker=self.staff.a)
		frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": case.name,
				"due_date": add_days(today(), 2),
				"scheduled_time": f"{add_days(today(), 2)} 09:15:00",
				"mode": "Office visit",
			}
		).insert()
		frappe.set_user("Administrator")
		visit_notices.send_due_notices()
		texts = [m["text"] for m in gateway.received]
		self.assertEqual(len(texts), 1, texts)
		self.assertTrue(texts[0].startswith("Eastside office: your visit is booked for"), texts)

	def test_a_workflow_state_added_in_the_desk_is_followed(self):
		for doctype, name, field in (
			("Workflow State", "Waitlisted", "workflow_state_name"),
			("Workflow Action Master", "Waitlist", "workflow_action_name"),
		):
			if not frappe.db.exists(doctype, name):
				frappe.get_doc({"doctype": doctype, field: name}).insert()
		workflow = frappe.get_doc("Workflow", "Case Workflow")
		# Workflows are cached outside the database: put the shipped one back for the other tests.
		self.addCleanup(
			restore,
			"Workflow",
			workflow.name,
			{
				"states": [r.as_dict() for r in workflow.states],
				"transitions": [r.as_dict() for r in workflow.transitions],
			},
		)
		workflow.append("states", {"state": "Waitlisted", "doc_status": "0", "allow_edit": "Caseworker"})
		workflow.append(
			"transitions",
			{"state": "Intake", "action": "Waitlist", "next_state": "Waitlisted", "allowed": "Caseworker"},
		)
		workflow.append(
			"transitions",
			{
				"state": "Waitlisted",
				"action": "Start Assessment",
				"next_state": "Assessment",
				"allowed": "Caseworker",
			},
		)
		workflow.save()
		frappe.set_user(self.staff.a)
		case = make_case(make_client().name, caseworker=self.staff.a)
		self.assertIn("Waitlist", [t.action for t in get_transitions(case)])
		case = apply_workflow(case.as_dict(), "Waitlist")
		self.assertEqual(frappe.db.get_value("Case", case.name, "workflow_state"), "Waitlisted")
		case = apply_workflow(frappe.get_doc("Case", case.name).as_dict(), "Start Assessment")
		self.assertEqual(frappe.db.get_value("Case", case.name, "workflow_state"), "Assessment")

	def test_a_new_default_checklist_template_is_copied_into_new_cases(self):
		frappe.get_doc(
			{
				"doctype": "Intake Checklist Template",
				"template_name": "Youth Intake",
				"is_default": 1,
				"items": [
					{"item": "Guardian consent on file", "is_required": 1},
					{"item": "School contact recorded", "is_required": 0},
				],
			}
		).insert()
		frappe.set_user(self.staff.a)
		case = make_case(make_client().name, caseworker=self.staff.a)
		self.assertEqual(case.checklist_template, "Youth Intake")
		self.assertEqual(
			[(row.item, row.is_required) for row in case.checklist],
			[("Guardian consent on file", 1), ("School contact recorded", 0)],
		)
