# Copyright (c) 2026, case_management contributors
# See license.txt

from unittest.mock import patch
from urllib.parse import parse_qs, urlparse

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, today

from case_management.api.partner import partner_action, respond
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_case,
	make_client,
	make_provider,
	make_referral,
	standard_staff,
)

SENT: list[dict] = []


def capture_mail(**kwargs):
	"""Stands in for frappe.sendmail: Frappe sends mail at once in tests, and sending commits."""
	SENT.append(kwargs)


def last_link(referral: str) -> tuple[str, str]:
	"""The referral name and token from the link in the latest email about `referral`."""
	mail = next(m for m in reversed(SENT) if m["reference_name"] == referral)
	assert mail["recipients"] == ["intake@loop.example.org"] and mail["reference_doctype"] == "Referral"
	href = next(part for part in mail["message"].split('"') if "/referral-response?" in part)
	args = parse_qs(urlparse(href.replace("&amp;", "&")).query)
	return args["referral"][0], args["token"][0]


class TestReferral(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		mail = patch("frappe.sendmail", side_effect=capture_mail)
		mail.start()
		cls.addClassCleanup(mail.stop)
		# The captured sendmail stands for an outgoing account (services/test_referral_email.py
		# covers a site without one).
		account = patch("case_management.services.referrals.outgoing_account_exists", return_value=True)
		account.start()
		cls.addClassCleanup(account.stop)
		cls.provider = make_provider(
			"Test Loop Provider",
			accepts_electronic_referrals=1,
			contact_email="intake@loop.example.org",
			partner_users=(cls.staff.partner,),
		)

	def setUp(self):
		frappe.set_user(self.staff.a)
		self.case = make_case(
			make_client(first_name="Rita", last_name="Moreno").name, caseworker=self.staff.a
		)

	def send(self, **kw):
		referral = make_referral(self.case.name, self.provider, **kw)
		referral.status = "Sent"
		referral.save()
		return referral

	def test_lifecycle_todo_and_overdue(self):
		referral = make_referral(self.case.name, self.provider, due_date=add_days(today(), -1))
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Referral", "reference_name": referral.name},
			fields=["allocated_to", "status"],
		)
		self.assertEqual(todo, [{"allocated_to": self.staff.a, "status": "Open"}])
		referral.status = "Completed"
		self.assertRaises(frappe.ValidationError, referral.save)  # Draft cannot jump to Completed
		referral.reload()
		referral.status = "Sent"
		referral.save()
		self.assertEqual(str(referral.sent_on), today())
		from case_management.engine.referrals import is_overdue

		self.assertTrue(
			is_overdue(
				referral.status, frappe.utils.getdate(referral.due_date), frappe.utils.getdate(today())
			)
		)
		referral.status = "Declined"
		self.assertRaises(frappe.ValidationError, referral.save)  # needs a reason
		referral.reload()
		referral.status, referral.decline_reason = "Declined", "No capacity"
		referral.save()
		self.assertEqual(frappe.db.get_value("ToDo", {"reference_name": referral.name}, "status"), "Closed")

	def test_partner_link_accept_then_complete(self):
		referral = self.send()
		name, token = last_link(referral.name)
		self.assertEqual(name, referral.name)
		stored = frappe.db.get_value("Referral", referral.name, "partner_token_hash")
		self.assertNotIn(token, stored)  # only the hash is stored
		frappe.set_user("Guest")
		self.assertEqual(respond(referral.name, token, "accept")["status"], "Accepted")
		self.assertRaises(frappe.ValidationError, respond, referral.name, token, "accept")  # a reused answer
		self.assertRaises(
			frappe.ValidationError, respond, referral.name, token, "complete", ""
		)  # outcome needed
		result = respond(referral.name, token, "complete", "Client enrolled in the food programme")
		self.assertEqual(result, {"status": "Completed", "actions": []})
		frappe.set_user("Administrator")
		doc = frappe.get_doc("Referral", referral.name)
		self.assertEqual(doc.outcome, "Client enrolled in the food programme")
		self.assertEqual(
			[(log.action, log.via) for log in doc.partner_log][-2:],
			[("accept", "Link"), ("complete", "Link")],
		)

	def test_decline_needs_a_reason(self):
		referral = self.send()
		_, token = last_link(referral.name)
		frappe.set_user("Guest")
		self.assertRaises(frappe.ValidationError, respond, referral.name, token, "decline", "  ")
		self.assertEqual(respond(referral.name, token, "decline", "Outside our area")["status"], "Declined")

	def test_bad_links_are_refused_and_change_nothing(self):
		first, second = self.send(), self.send()
		_, token = last_link(first.name)
		_, other_token = last_link(second.name)
		frappe.set_user("Guest")
		for referral, presented in (
			(first.name, token[:-1] + ("A" if token[-1] != "A" else "B")),  # tampered
			(first.name, other_token),  # another referral's token
			(second.name, token),
			("REF-NOPE", token),
			(first.name, ""),
		):
			with self.subTest(referral=referral):
				self.assertRaises(frappe.PermissionError, respond, referral, presented, "accept")
		frappe.set_user("Administrator")
		frappe.db.set_value(
			"Referral", first.name, "partner_link_expires", add_to_date(now_datetime(), hours=-1)
		)
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError) as ctx:
			respond(first.name, token, "accept")
		self.assertIn("expired", str(ctx.exception))
		self.assertRaises(frappe.ValidationError, respond, second.name, other_token, "explode")
		frappe.set_user("Administrator")
		self.assertEqual(
			{frappe.db.get_value("Referral", n, "status") for n in (first.name, second.name)}, {"Sent"}
		)

	def test_partner_users_answer_in_the_portal(self):
		referral = self.send()
		frappe.set_user(self.staff.partner)
		self.assertEqual(partner_action(referral.name, "accept")["status"], "Accepted")
		frappe.set_user(self.staff.b)
		self.assertRaises(frappe.PermissionError, partner_action, referral.name, "complete", "x")
		frappe.set_user(self.staff.partner)
		other = frappe.get_doc("Service Provider", make_provider("Test Other Loop Provider")).name
		frappe.set_user(self.staff.a)
		not_theirs = make_referral(self.case.name, other)
		not_theirs.status = "Sent"
		not_theirs.save()
		frappe.set_user(self.staff.partner)
		self.assertRaises(frappe.PermissionError, partner_action, not_theirs.name, "accept")

	def test_inactive_provider_is_refused(self):
		frappe.set_user("Administrator")
		inactive = make_provider("Test Closed Provider", is_active=0)
		frappe.set_user(self.staff.a)
		self.assertRaises(frappe.ValidationError, make_referral, self.case.name, inactive)

	def test_provider_without_electronic_referrals_gets_no_link(self):
		frappe.set_user("Administrator")
		paper = make_provider("Test Paper Provider", accepts_electronic_referrals=0)
		frappe.set_user(self.staff.a)
		referral = make_referral(self.case.name, paper)
		with patch("frappe.sendmail") as sendmail:
			referral.status = "Sent"
			referral.save()
		sendmail.assert_not_called()
		self.assertFalse(frappe.db.get_value("Referral", referral.name, "partner_token_hash"))
