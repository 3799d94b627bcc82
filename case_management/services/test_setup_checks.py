"""The workspace warns administrators while outgoing email or the alert callback number is missing."""

import frappe

from case_management.api.setup import setup_warnings
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import standard_staff


def forget_outgoing_account():
	if hasattr(frappe.local, "outgoing_email_account"):
		delattr(frappe.local, "outgoing_email_account")


class TestSetupWarnings(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.muted = frappe.flags.mute_emails
		cls.addClassCleanup(setattr, frappe.flags, "mute_emails", cls.muted)
		cls.phone = frappe.db.get_single_value("Case Management Settings", "agency_phone")
		cls.addClassCleanup(frappe.db.set_single_value, "Case Management Settings", "agency_phone", cls.phone)

	def test_admins_are_warned_until_email_and_the_callback_number_are_set(self):
		frappe.db.set_value("Email Account", {"enable_outgoing": 1}, "enable_outgoing", 0)
		frappe.db.set_single_value("Case Management Settings", "agency_phone", None)
		frappe.flags.mute_emails = False
		forget_outgoing_account()
		frappe.set_user(self.staff.admin)
		self.assertEqual([w["key"] for w in setup_warnings()], ["email", "agency_phone"])
		frappe.set_user(self.staff.a)  # a caseworker is not the one to fix it
		self.assertRaises(frappe.PermissionError, setup_warnings)
		frappe.set_user("Administrator")
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "Setup Check Outbox",
				"email_id": "outbox@setup-check.example.org",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
		frappe.db.set_single_value("Case Management Settings", "agency_phone", "+12025550100")
		forget_outgoing_account()
		frappe.set_user(self.staff.admin)
		self.assertEqual(setup_warnings(), [])

	def test_the_workspace_carries_the_warnings_block_for_admins_only(self):
		block = frappe.get_doc("Custom HTML Block", "Case Management Setup Warnings")
		self.assertIn("case_management.api.setup.setup_warnings", block.script)
		self.assertEqual({r.role for r in block.roles}, {"Case Management Admin", "System Manager"})
		workspace = frappe.get_doc("Workspace", "Case Management")
		self.assertIn(
			"Case Management Setup Warnings", [b.custom_block_name for b in workspace.custom_blocks]
		)
