"""The partner pages, rendered as Frappe renders them."""

from unittest.mock import patch

import frappe
from frappe.utils import add_days, now_datetime

from case_management.engine.referrals import new_token
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_case,
	make_client,
	make_provider,
	make_referral,
	standard_staff,
)
from case_management.www import partner_referrals, referral_response


class TestPartnerPages(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.provider = make_provider("Test Page Provider", partner_users=(cls.staff.partner,))
		frappe.set_user(cls.staff.a)
		case = make_case(make_client(first_name="Olu", last_name="Adeyemi").name, caseworker=cls.staff.a)
		with (
			patch("frappe.sendmail"),
			patch("case_management.services.referrals.outgoing_account_exists", return_value=True),
		):
			cls.sent = make_referral(case.name, cls.provider, status="Sent")
			cls.draft = make_referral(case.name, cls.provider)
		frappe.set_user("Administrator")

	def test_partner_sees_their_sent_referrals_with_minimal_client_data(self):
		frappe.set_user(self.staff.partner)
		context = partner_referrals.get_context(frappe._dict())
		names = [r.name for r in context.referrals]
		self.assertIn(self.sent.name, names)
		self.assertNotIn(self.draft.name, names)
		row = next(r for r in context.referrals if r.name == self.sent.name)
		self.assertEqual((row.client_display, row.actions), ("Olu A.", ["accept", "decline"]))

	def test_others_are_refused_or_sent_to_login(self):
		frappe.set_user("Guest")
		self.assertRaises(frappe.Redirect, partner_referrals.get_context, frappe._dict())
		frappe.set_user(self.staff.a)
		self.assertRaises(frappe.PermissionError, partner_referrals.get_context, frappe._dict())

	def tearDown(self):
		frappe.local.form_dict = frappe._dict()  # the page's arguments, set by a test below
		super().tearDown()

	def test_the_link_page_shows_the_referral_only_with_its_token(self):
		token, token_hash = new_token()
		frappe.db.set_value(
			"Referral",
			self.sent.name,
			{"partner_token_hash": token_hash, "partner_link_expires": add_days(now_datetime(), 1)},
		)
		frappe.set_user("Guest")
		frappe.local.form_dict = frappe._dict(referral=self.sent.name, token=token)
		context = referral_response.get_context(frappe._dict())
		self.assertEqual(
			(context.doc.name, context.doc.client_display, context.actions),
			(self.sent.name, "Olu A.", ["accept", "decline"]),
		)
		self.assertNotIn("client", context.doc)
		frappe.local.form_dict = frappe._dict(referral=self.sent.name, token="wrong")
		context = referral_response.get_context(frappe._dict())
		self.assertTrue(context.error)
		self.assertNotIn("doc", context)
