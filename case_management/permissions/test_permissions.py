"""Record-level access, acting as each role."""

import json

import frappe
from frappe.desk.reportview import get as reportview_get

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


def list_names(doctype: str) -> set[str]:
	return set(frappe.get_list(doctype, pluck="name", limit_page_length=0))


def report_view_names(doctype: str) -> set[str]:
	"""What the desk's report view (/app/<doctype>/view/report) returns to the user."""
	frappe.local.form_dict = frappe._dict(
		doctype=doctype, fields=json.dumps([f"`tab{doctype}`.`name`"]), start=0, page_length=500
	)
	result = reportview_get()
	return {row[0] for row in result["values"]} if result else set()


class TestRecordAccess(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = staff = standard_staff()
		cls.cover = make_user("cm.caseworker.cover@example.com", "Caseworker")
		cls.provider = make_provider("Test Access Provider", partner_users=(staff.partner,))
		cls.other_provider = make_provider("Test Other Provider")

		frappe.set_user(staff.a)
		cls.client = make_client(first_name="Maya", last_name="Okafor", phone="202-555-0143")
		cls.case = make_case(cls.client.name, caseworker=staff.a)
		cls.member = frappe.get_doc(
			{
				"doctype": "Household Member",
				"client": cls.client.name,
				"first_name": "Maya",
				"last_name": "Okafor",
				"relationship": "Self",
			}
		).insert()
		cls.note = make_note(cls.case.name)
		cls.restricted = make_note(cls.case.name, restricted=True, subject="Disclosure")
		cls.visit = frappe.get_doc(
			{"doctype": "Follow-up Visit", "case": cls.case.name, "due_date": frappe.utils.today()}
		).insert()
		cls.draft_referral = make_referral(cls.case.name, cls.provider, status="Draft")
		cls.sent_referral = make_referral(cls.case.name, cls.provider, status="Sent")
		cls.other_referral = make_referral(cls.case.name, cls.other_provider, status="Sent")

		frappe.set_user(staff.b)
		cls.b_client = make_client(first_name="Omar", last_name="Haddad")
		cls.b_case = make_case(cls.b_client.name, caseworker=staff.b)
		frappe.set_user("Administrator")
		# A supervisor shares A's case with a colleague covering the caseload.
		frappe.share.add("Case", cls.case.name, cls.cover, read=1, write=1)

	def a_records(self):
		return {
			"Client": self.client.name,
			"Case": self.case.name,
			"Household Member": self.member.name,
			"Case Note": self.note.name,
			"Follow-up Visit": self.visit.name,
			"Referral": self.sent_referral.name,
		}

	def assert_sees(self, user: str, expected: bool):
		frappe.set_user(user)
		for doctype, name in self.a_records().items():
			with self.subTest(user=user, doctype=doctype):
				self.assertEqual(frappe.has_permission(doctype, "read", name), expected)
				self.assertEqual(name in list_names(doctype), expected)
				self.assertEqual(name in report_view_names(doctype), expected)
				if not expected:
					self.assertRaises(frappe.PermissionError, frappe.client.get, doctype, name)

	def test_own_caseworker_sees_the_whole_case(self):
		self.assert_sees(self.staff.a, True)
		frappe.set_user(self.staff.a)
		self.assertNotIn(self.b_case.name, list_names("Case"))
		self.assertNotIn(self.b_client.name, list_names("Client"))

	def test_other_caseworker_sees_nothing(self):
		self.assert_sees(self.staff.b, False)
		frappe.set_user(self.staff.b)
		self.assertRaises(
			frappe.PermissionError, frappe.get_doc("Case", self.case.name).check_permission, "read"
		)

	def test_team_supervisor_sees_the_case_other_supervisor_does_not(self):
		self.assert_sees(self.staff.s1, True)
		self.assert_sees(self.staff.s2, False)

	def test_admin_sees_everything(self):
		self.assert_sees(self.staff.admin, True)
		frappe.set_user(self.staff.admin)
		self.assertIn(self.b_case.name, list_names("Case"))

	def test_users_without_a_case_role_see_nothing(self):
		for user in (self.staff.desk, "Guest"):
			frappe.set_user(user)
			for doctype, name in self.a_records().items():
				with self.subTest(user=user, doctype=doctype):
					self.assertFalse(frappe.has_permission(doctype, "read", name))
					self.assertRaises(frappe.PermissionError, frappe.get_list, doctype)

	def test_restricted_notes_are_for_the_caseworker_and_supervisor_only(self):
		for user, sees in (
			(self.staff.a, True),
			(self.staff.s1, True),
			(self.cover, False),
			(self.staff.b, False),
		):
			frappe.set_user(user)
			with self.subTest(user=user):
				self.assertEqual(frappe.has_permission("Case Note", "read", self.restricted.name), sees)
				self.assertEqual(self.restricted.name in list_names("Case Note"), sees)
		# The covering colleague sees the case and its ordinary notes.
		frappe.set_user(self.cover)
		self.assertTrue(frappe.has_permission("Case", "read", self.case.name))
		self.assertIn(self.note.name, list_names("Case Note"))
		before = frappe.db.count("Case Note")
		self.assertRaises(frappe.PermissionError, make_note, self.case.name, restricted=True)
		self.assertEqual(frappe.db.count("Case Note"), before)

	def test_referral_partner_sees_only_referrals_sent_to_their_organisation(self):
		frappe.set_user(self.staff.partner)
		ours = {self.draft_referral.name, self.sent_referral.name, self.other_referral.name}
		self.assertEqual(list_names("Referral") & ours, {self.sent_referral.name})
		self.assertFalse(frappe.has_permission("Referral", "read", self.draft_referral.name))
		self.assertFalse(frappe.has_permission("Referral", "read", self.other_referral.name))
		self.assertFalse(frappe.has_permission("Referral", "write", self.sent_referral.name))
		self.assertEqual(
			list_names("Service Provider") & {self.provider, self.other_provider}, {self.provider}
		)
		self.assertFalse(frappe.has_permission("Client", "read", self.client.name))
		self.assertFalse(frappe.has_permission("Case", "read", self.case.name))

	def test_caseworker_cannot_add_records_to_another_caseload(self):
		frappe.set_user(self.staff.b)
		counts = {
			dt: frappe.db.count(dt) for dt in ("Case Note", "Follow-up Visit", "Referral", "Household Member")
		}
		self.assertRaises(frappe.PermissionError, make_note, self.case.name)
		self.assertRaises(
			frappe.PermissionError,
			frappe.get_doc(
				{"doctype": "Follow-up Visit", "case": self.case.name, "due_date": "2026-12-01"}
			).insert,
		)
		self.assertRaises(frappe.PermissionError, make_referral, self.case.name, self.provider)
		self.assertRaises(
			frappe.PermissionError,
			frappe.get_doc(
				{
					"doctype": "Household Member",
					"client": self.client.name,
					"first_name": "X",
					"relationship": "Child",
				}
			).insert,
		)
		# Nor open a case on a client they cannot see except through intake.
		self.assertRaises(
			frappe.PermissionError,
			frappe.get_doc(
				{"doctype": "Case", "client": self.client.name, "caseworker": self.staff.b}
			).insert,
		)
		self.assertEqual(counts, {dt: frappe.db.count(dt) for dt in counts})

	def test_caseworker_sees_a_client_they_registered_until_it_has_someone_elses_case(self):
		frappe.set_user(self.staff.b)
		walk_in = make_client(first_name="Ines", last_name="Walker")
		self.assertIn(walk_in.name, list_names("Client"))
		frappe.set_user("Administrator")
		make_case(walk_in.name, caseworker=self.staff.a)
		frappe.set_user(self.staff.b)
		self.assertFalse(frappe.has_permission("Client", "read", walk_in.name))
