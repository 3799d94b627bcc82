"""The central input check (validation.py) on paths other than REST: a save from Python
(desk, import, job) meets the same rules, and says which field is wrong without repeating
the value. (Frappe v15's run-tests does not find test files at the app's top level.)"""

import frappe

from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_member, standard_staff


class TestCentralInputCheck(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def test_impossible_and_zero_dates_are_refused_on_save(self):
		for value in ("0000-00-00", "2026-02-30", "9999-12-31"):
			with self.subTest(value=value), self.assertRaises(frappe.ValidationError):
				make_client(first_name="Dana", last_name="Date", date_of_birth=value)

	def test_hidden_and_control_characters_are_refused_and_not_echoed(self):
		for value in ("Ann\x00", "\u202eeilrahC", "Ann\u200bLee"):
			with self.subTest(value=repr(value)):
				frappe.local.message_log = []
				with self.assertRaises(frappe.ValidationError) as refused:
					make_client(first_name=value, last_name="Hidden")
				self.assertNotIn(value, str(refused.exception))

	def test_child_rows_are_checked_with_their_row_number(self):
		client = make_client(first_name="Rowan", last_name="Rows")
		with self.assertRaises(frappe.ValidationError) as refused:
			make_member(
				client.name,
				"Self",
				"Rowan",
				income=[
					{"source": "Earned income", "amount": 100, "frequency": "Monthly"},
					{"source": "Earned income", "amount": float("nan"), "frequency": "Monthly"},
				],
			)
		self.assertIn("Row 2", str(refused.exception))

	def test_legitimate_names_in_any_script_are_kept(self):
		client = make_client(first_name="محمد", last_name="李")
		self.assertEqual(frappe.db.get_value("Client", client.name, "full_name"), "محمد 李")

	def test_administrator_cannot_carry_a_case(self):
		client = make_client(first_name="Ada", last_name="Admin")
		with self.assertRaises(frappe.ValidationError):
			make_case(client.name, caseworker="Administrator")
		case = make_case(client.name, caseworker=self.staff.a)
		self.assertEqual(frappe.db.get_value("Case", case.name, "caseworker"), self.staff.a)
