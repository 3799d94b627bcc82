"""A referral sent while no outgoing Email Account exists is kept, and its email waits for one."""

import frappe

from case_management.api import portal as portal_api
from case_management.services import referrals
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_provider, standard_staff


def forget_outgoing_account():
	"""Frappe caches the outgoing account per request; a test changes it mid-request."""
	for cache in ("outgoing_email_account", "incoming_email_account"):
		if hasattr(frappe.local, cache):
			delattr(frappe.local, cache)


class TestReferralWithoutEmailAccount(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.muted = frappe.flags.mute_emails
		frappe.flags.mute_emails = False  # muted, Frappe pretends an account exists
		cls.addClassCleanup(setattr, frappe.flags, "mute_emails", cls.muted)
		cls.provider = make_provider(
			"Test No Mail Provider", accepts_electronic_referrals=1, contact_email="intake@nomail.example.org"
		)

	def setUp(self):
		# No outgoing account at all: stand down any a test made (all rolled back after the class).
		frappe.db.set_value("Email Account", {"enable_outgoing": 1}, "enable_outgoing", 0)
		# Only this test's referrals wait (a demo site has its own waiting ones).
		frappe.db.set_value("Referral", {"partner_email_waiting": 1}, "partner_email_waiting", 0)
		frappe.flags.mute_emails = False  # muted, Frappe pretends an account exists
		forget_outgoing_account()
		frappe.set_user(self.staff.a)
		self.case = make_case(make_client(first_name="Nora", last_name="Quill").name, caseworker=self.staff.a)

	def test_referral_is_saved_and_its_email_queued_when_an_account_is_set_up(self):
		self.assertFalse(referrals.outgoing_account_exists())
		result = portal_api.create_referral(
			case=self.case.name, service_provider=self.provider, reason="Needs food this week"
		)
		self.assertEqual(result["status"], "Sent")
		self.assertIn("could not be emailed", result["notice"])
		row = frappe.db.get_value(
			"Referral",
			result["name"],
			["status", "partner_email_waiting", "partner_token_hash"],
			as_dict=True,
		)
		self.assertEqual((row.status, row.partner_email_waiting, row.partner_token_hash), ("Sent", 1, None))
		log = frappe.get_all("Referral Partner Log", filters={"parent": result["name"]}, pluck="action")
		self.assertEqual(log, ["email waiting"])
		self.assertFalse(frappe.db.exists("Email Queue", {"reference_name": result["name"]}))
		page = portal_api.get_case(self.case.name)
		self.assertTrue(page["referrals"][0]["partner_email_waiting"])

		# An admin sets up outgoing mail: the waiting email goes into Frappe's Email Queue.
		frappe.set_user("Administrator")
		frappe.flags.mute_emails = True  # queue, never send from a test (sending commits)
		make_outbox("Referral Test Outbox")
		forget_outgoing_account()
		self.assertEqual(referrals.send_waiting(), 1)
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Referral", "reference_name": result["name"]},
			fields=["status", "email_account"],
		)
		self.assertEqual(queued, [{"status": "Not Sent", "email_account": "Referral Test Outbox"}])
		self.assertEqual(frappe.db.get_value("Referral", result["name"], "partner_email_waiting"), 0)
		self.assertTrue(frappe.db.get_value("Referral", result["name"], "partner_token_hash"))
		self.assertEqual(referrals.send_waiting(), 0)  # once only

	def test_a_draft_is_not_emailed_and_a_cancelled_one_stops_waiting(self):
		draft = portal_api.create_referral(
			case=self.case.name, service_provider=self.provider, reason="Needs food", send=False
		)
		self.assertNotIn("notice", draft)
		sent = portal_api.create_referral(case=self.case.name, service_provider=self.provider, reason="Food")
		doc = frappe.get_doc("Referral", sent["name"])
		doc.status = "Cancelled"
		doc.save()
		frappe.set_user("Administrator")
		frappe.flags.mute_emails = True
		make_outbox("Referral Test Outbox 2")
		forget_outgoing_account()
		self.assertEqual(referrals.send_waiting(), 0)
		self.assertEqual(frappe.db.get_value("Referral", sent["name"], "partner_email_waiting"), 0)
		self.assertFalse(frappe.db.exists("Email Queue", {"reference_name": sent["name"]}))
		frappe.flags.mute_emails = False


def make_outbox(name: str) -> None:
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": name,
			"email_id": frappe.scrub(name) + "@referrals.example.org",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)
