# Copyright (c) 2026, case_management contributors
# See license.txt

import frappe
from frappe.utils import add_days, today

from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_client


def make_member(client: str, relationship: str, **kw):
	data = {
		"doctype": "Household Member",
		"client": client,
		"first_name": "Sam",
		"relationship": relationship,
	}
	data.update(kw)
	return frappe.get_doc(data).insert()


class TestHouseholdMember(CaseManagementTestCase):
	def test_a_household_has_one_self(self):
		head = make_client(first_name="Dana", last_name="Reyes")
		me = make_member(head.name, "Self", first_name="Dana", last_name="Reyes")
		make_member(head.name, "Child", first_name="Eli", date_of_birth="2015-06-01")

		before = frappe.db.count("Household Member", {"client": head.name})
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_member(head.name, "Self", first_name="Dana 2")
		self.assertIn("already has a member recorded as Self", str(ctx.exception))
		self.assertEqual(frappe.db.count("Household Member", {"client": head.name}), before)

		# Re-saving the one Self is fine; another household may have its own Self.
		me.save()
		make_member(make_client().name, "Self")

	def test_birth_date_in_the_future_is_refused(self):
		head = make_client()
		self.assertRaises(
			frappe.ValidationError, make_member, head.name, "Child", date_of_birth=add_days(today(), 3)
		)

	def test_income_rows_are_kept_with_the_member(self):
		head = make_client()
		member = make_member(
			head.name,
			"Self",
			income=[
				{"source": "Earned income", "amount": 1200, "frequency": "Biweekly"},
				{"source": "SSI", "amount": 943, "frequency": "Monthly"},
			],
		)
		member.reload()
		self.assertEqual(
			[(r.source, r.amount, r.frequency) for r in member.income],
			[("Earned income", 1200, "Biweekly"), ("SSI", 943, "Monthly")],
		)

	def test_bad_income_is_refused_and_nothing_is_saved(self):
		head = make_client()
		for label, row in {
			"negative": {"amount": -5, "frequency": "Monthly"},
			"absurd": {"amount": 5_000_000, "frequency": "Weekly"},
			"unknown frequency": {"amount": 100, "frequency": "Fortnightly"},
		}.items():
			with self.subTest(label):
				before = frappe.db.count("Household Member")
				self.assertRaises(
					frappe.ValidationError,
					make_member,
					head.name,
					"Self",
					income=[{"source": "Earned income", **row}],
				)
				self.assertEqual(frappe.db.count("Household Member"), before)
