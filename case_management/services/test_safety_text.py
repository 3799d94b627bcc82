"""A safety-alert text is never sent with a blank placeholder, and the settings refuse one."""

from unittest.mock import patch

import frappe

from case_management.services import safety
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff


def set_agency_phone(value):
	frappe.db.set_single_value("Case Management Settings", "agency_phone", value)
	frappe.clear_document_cache("Case Management Settings", "Case Management Settings")


class TestSafetyAlertText(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.addClassCleanup(
			set_agency_phone, frappe.db.get_single_value("Case Management Settings", "agency_phone")
		)

	def test_settings_refuse_alerts_without_the_callback_number(self):
		set_agency_phone(None)
		settings = frappe.get_doc("Case Management Settings")
		self.assertIn("{{ agency_phone }}", settings.safety_alert_message)
		with self.assertRaisesRegex(frappe.ValidationError, "agency phone"):
			settings.save()
		settings.reload()
		settings.agency_phone = "+12025550100"
		settings.save()
		self.assertEqual(
			frappe.db.get_single_value("Case Management Settings", "agency_phone"), "+12025550100"
		)

	def test_an_alert_with_a_blank_placeholder_is_held_and_flagged(self):
		set_agency_phone(None)
		frappe.set_user(self.staff.a)
		client = make_client(first_name="Lena", last_name="Ortiz", phone="202-555-0181", safe_to_text=1)
		case = make_case(client.name, caseworker=self.staff.a)
		frappe.set_user("Administrator")
		with patch("frappe.enqueue") as enqueue:
			alert = safety.raise_alert(case.name, "Manual", note="test")
		enqueue.assert_not_called()  # nothing queued to the gateway
		doc = frappe.get_doc("Safety Alert", alert)
		self.assertEqual(doc.status, "Flagged")
		self.assertEqual([r.status for r in doc.recipients], ["Pending"])
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Safety Alert", "reference_name": alert},
			fields=["allocated_to", "description"],
		)
		self.assertEqual({t.allocated_to for t in todo}, {self.staff.a, self.staff.s1})
		self.assertIn("agency_phone", todo[0].description)

		set_agency_phone("+12025550100")  # with the number set, the same alert text is queued
		with patch("frappe.enqueue") as enqueue:
			again = safety.raise_alert(case.name, "Manual", note="test")
		self.assertEqual(frappe.db.get_value("Safety Alert", again, "status"), "Queued")
		self.assertEqual(enqueue.call_count, 1)
		self.assertIn("+12025550100", frappe.db.get_value("Safety Alert", again, "message"))
