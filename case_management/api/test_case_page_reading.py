"""The case page reads as a person would say it: language by name, phones in the national
format, emergency contacts with their phone, an overdue visit marked, note times to the minute."""

import re

import frappe
from frappe.utils import add_days, today

from case_management.api.portal import get_case
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_note, standard_staff


class TestCasePageReading(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		client = make_client(
			first_name="Reada",
			last_name="Well",
			phone="951-555-0132",
			language="es",
			emergency_contacts=[
				{"full_name": "Tomas Well", "relationship": "Relative", "phone": "951-555-0199"}
			],
		)
		cls.case = make_case(client.name, caseworker=cls.staff.a)
		frappe.get_doc(
			{"doctype": "Follow-up Visit", "case": cls.case.name, "due_date": add_days(today(), -2)}
		).insert()
		make_note(cls.case.name)
		frappe.set_user("Administrator")

	def test_the_page_reads_as_a_person_would_say_it(self):
		frappe.set_user(self.staff.a)
		page = get_case(self.case.name)
		client = page["client"]
		self.assertEqual(client.language_name, frappe.db.get_value("Language", "es", "language_name"))
		self.assertNotEqual(client.language_name, "es")
		self.assertEqual((client.phone, client.phone_display), ("+19515550132", "(951) 555-0132"))
		self.assertEqual(client.emergency_contacts[0].phone_display, "(951) 555-0199")
		self.assertEqual([v["overdue"] for v in page["visits"]], [True])
		when = page["notes"][0]["when"]
		self.assertRegex(when, r"\d{2}:\d{2}$")
		self.assertIsNone(re.search(r"\d{2}:\d{2}:\d{2}", when))
