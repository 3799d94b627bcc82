"""A follow ends when access ends (services/follows.py): Frappe's follow digest would otherwise
keep mailing a record's changes to someone who may no longer read it. Each test fails when the
hook it covers is removed."""

import frappe

from case_management.api.caseload import reassign_cases
from case_management.services.follows import prune
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff


def follow(doctype: str, name: str, user: str) -> str:
	return (
		frappe.get_doc(
			{"doctype": "Document Follow", "ref_doctype": doctype, "ref_docname": name, "user": user}
		)
		.insert(ignore_permissions=True)
		.name
	)


def follows_of(user: str) -> set[tuple[str, str]]:
	rows = frappe.get_all(
		"Document Follow",
		filters={"user": user},
		fields=["ref_doctype", "ref_docname"],
		ignore_permissions=True,
	)
	return {(r.ref_doctype, r.ref_docname) for r in rows}


class TestFollowsEndWithAccess(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def setUp(self):
		super().setUp()
		self.client_doc = make_client(first_name="Folla", last_name="Watcherby")
		self.case = make_case(self.client_doc.name, caseworker=self.staff.a)
		self.assertTrue(frappe.has_permission("Case", "read", self.case.name, user=self.staff.a))

	def test_a_new_caseworker_ends_the_old_caseworkers_follows(self):
		follow("Case", self.case.name, self.staff.a)
		follow("Client", self.client_doc.name, self.staff.a)
		case = frappe.get_doc("Case", self.case.name)
		case.caseworker, case.team = self.staff.b, "Test Team South"
		case.save()
		self.assertFalse(frappe.has_permission("Case", "read", self.case.name, user=self.staff.a))
		self.assertNotIn(("Case", self.case.name), follows_of(self.staff.a))
		for doctype, name in follows_of(self.staff.a):  # whatever stays, A may still read
			self.assertTrue(frappe.has_permission(doctype, "read", name, user=self.staff.a))

	def test_reassigning_cases_ends_the_old_caseworkers_follows(self):
		follow("Case", self.case.name, self.staff.a)
		frappe.set_user(self.staff.s1)
		reassign_cases(self.staff.a, self.staff.b, [self.case.name])
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Case", self.case.name, "caseworker"), self.staff.b)
		self.assertNotIn(("Case", self.case.name), follows_of(self.staff.a))

	def test_a_removed_share_ends_the_follow_and_a_kept_reader_keeps_theirs(self):
		frappe.share.add("Case", self.case.name, self.staff.b, read=1)
		follow("Case", self.case.name, self.staff.b)
		follow("Case", self.case.name, self.staff.a)
		frappe.share.remove("Case", self.case.name, self.staff.b)
		self.assertNotIn(("Case", self.case.name), follows_of(self.staff.b))
		self.assertIn(("Case", self.case.name), follows_of(self.staff.a))

	def test_the_scheduled_check_ends_a_follow_whose_access_ended_any_other_way(self):
		frappe.share.add("Case", self.case.name, self.staff.b, read=1)
		follow("Case", self.case.name, self.staff.b)
		follow("Case", self.case.name, self.staff.a)
		frappe.db.delete("DocShare", {"share_name": self.case.name, "user": self.staff.b})  # no events
		self.assertIn(("Case", self.case.name), follows_of(self.staff.b))
		prune()
		self.assertNotIn(("Case", self.case.name), follows_of(self.staff.b))
		self.assertIn(("Case", self.case.name), follows_of(self.staff.a))
		self.assertIn(
			"case_management.services.follows.prune",
			frappe.get_hooks("scheduler_events")["cron"]["*/10 * * * *"],
		)
