"""Intake search and Start case, as the caseworkers who use them."""

import frappe

from case_management.api.intake import find_clients, start_case
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff


class TestIntakeApi(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.b)
		cls.returning = make_client(
			first_name="Grace", last_name="Mbeki", date_of_birth="1979-02-11", phone="2025550171"
		)
		make_case(cls.returning.name, caseworker=cls.staff.b)
		frappe.set_user("Administrator")

	def test_finds_a_returning_client_from_another_caseload_with_minimal_data(self):
		frappe.set_user(self.staff.a)
		for query in (
			{"phone": "(202) 555-0171"},
			{"name": "grace", "date_of_birth": "1979-02-11"},
			{"name": "Grace Mbeki"},
		):
			with self.subTest(query=query):
				rows = find_clients(**query)
				self.assertEqual([r["name"] for r in rows], [self.returning.name])
				row = rows[0]
				self.assertEqual(row["phone"], "•••0171")
				self.assertEqual(row["open_cases"], 1)
				self.assertFalse(row["can_open"])
				self.assertNotIn("address_line1", row)

	def test_refuses_searches_that_would_browse_the_client_list(self):
		frappe.set_user(self.staff.a)
		for query in ({}, {"name": "Grace"}, {"date_of_birth": "1979-02-11"}):
			with self.subTest(query=query):
				self.assertRaises(frappe.ValidationError, find_clients, **query)
		self.assertRaises(frappe.ValidationError, find_clients, phone="not a phone")

	def test_only_staff_who_start_cases_can_search(self):
		for user in (self.staff.partner, self.staff.desk, "Guest"):
			frappe.set_user(user)
			with self.subTest(user=user):
				self.assertRaises(frappe.PermissionError, find_clients, phone="2025550171")
				self.assertRaises(frappe.PermissionError, start_case, client=self.returning.name)

	def test_start_case_for_a_returning_client_opens_it_to_the_new_caseworker(self):
		frappe.set_user(self.staff.a)
		result = start_case(client=self.returning.name, caseworker=self.staff.a)
		self.assertTrue(result["can_read"])
		self.assertEqual(result["caseworker"], self.staff.a)
		self.assertTrue(frappe.has_permission("Client", "read", self.returning.name))

	def test_start_case_for_an_unknown_client(self):
		frappe.set_user(self.staff.a)
		before = frappe.db.count("Case")
		self.assertRaises(frappe.DoesNotExistError, start_case, client="CL-0000-NOPE")
		self.assertEqual(frappe.db.count("Case"), before)
