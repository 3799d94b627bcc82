"""The household endpoint and the household rules."""

import frappe

from case_management.api.household import get_household
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_member, standard_staff


class TestHousehold(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		cls.client = make_client(
			first_name="Nia", last_name="Baptiste", date_of_birth="1990-03-03", state="HI"
		)
		make_case(cls.client.name, caseworker=cls.staff.a)
		make_member(
			cls.client.name,
			"Self",
			"Nia",
			last_name="Baptiste",
			date_of_birth="1990-03-03",
			income=[{"source": "Earned income", "amount": 2000, "frequency": "Semimonthly"}],
		)
		make_member(
			cls.client.name,
			"Child",
			"Jules",
			date_of_birth="2012-05-05",
			income=[{"source": "Earned income", "amount": 50, "frequency": "Weekly"}],
		)
		frappe.set_user("Administrator")

	def test_members_ages_codes_and_totals(self):
		frappe.set_user(self.staff.a)
		h = get_household(self.client.name)
		self.assertEqual(
			[(m["full_name"], m["relationship_code"]) for m in h["members"]],
			[("Nia Baptiste", 1), ("Jules", 2)],
		)
		self.assertTrue(all(isinstance(m["age"], int) for m in h["members"]))
		self.assertEqual(h["size"], 2)
		self.assertEqual(
			float(h["monthly_income"]), 4000.0
		)  # 2,000 twice a month; the child's wages do not count
		self.assertEqual(
			h["excluded"],
			[
				{
					"member": h["members"][1]["name"],
					"source": "Earned income",
					"reason": "a minor's earned income",
				}
			],
		)
		# the child's row says why it is left out, in words, and the total says how much is left out
		self.assertEqual(h["members"][0]["not_counted"], [])
		(left_out,) = h["members"][1]["not_counted"]
		self.assertEqual(left_out["source"], "Earned income")
		self.assertEqual(float(left_out["monthly"]), round(50 * 52 / 12, 2))
		self.assertEqual(
			left_out["explanation"], "not counted: earned income of a minor, per the agency's rule"
		)
		self.assertEqual(float(h["not_counted_monthly"]), round(50 * 52 / 12, 2))
		self.assertEqual(
			h["not_counted_explanations"], ["not counted: earned income of a minor, per the agency's rule"]
		)
		# Hawaii 2025 for 2: 17,990 + 6,330 = 24,320; 48,000 / 24,320 = 197.4 %
		self.assertEqual(float(h["poverty_guideline"]), 24320.0)
		self.assertEqual(float(h["poverty_guideline_percent"]), 197.4)
		self.assertEqual(h["warnings"], [])

	def test_only_those_who_see_the_client_get_the_household(self):
		for user in (self.staff.b, self.staff.partner, "Guest"):
			frappe.set_user(user)
			with self.subTest(user=user):
				self.assertRaises(frappe.PermissionError, get_household, self.client.name)

	def test_a_minor_cannot_head_a_household_with_adults(self):
		frappe.set_user(self.staff.a)
		teen = make_client(first_name="Teen", date_of_birth="2011-01-01")
		make_member(teen.name, "Self", "Teen", date_of_birth="2011-01-01")
		make_member(teen.name, "Other relative", "Sib", date_of_birth="2013-01-01")  # minors only: fine
		before = frappe.db.count("Household Member", {"client": teen.name})
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_member(teen.name, "Other relative", "Aunt", date_of_birth="1970-01-01")
		self.assertIn("head of this household is a minor", str(ctx.exception))
		self.assertEqual(frappe.db.count("Household Member", {"client": teen.name}), before)
