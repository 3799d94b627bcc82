# Copyright (c) 2026, case_management contributors
# See license.txt

import frappe
from frappe.utils import add_days, today

from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_client


class TestClient(CaseManagementTestCase):
	def test_names_are_tidied_and_phones_stored_in_e164(self):
		client = make_client(
			first_name="  Ana ",
			middle_name="Maria",
			last_name=" Lopez  Garcia",
			phone="(202) 555-0143",
			alternate_phone="+44 20 7946 0958",
			emergency_contacts=[
				{"full_name": "Luis  Lopez", "relationship": "Relative", "phone": "202.555.0199"}
			],
		)
		self.assertEqual(client.full_name, "Ana Maria Lopez Garcia")
		self.assertEqual(client.phone, "+12025550143")
		self.assertEqual(client.alternate_phone, "+442079460958")
		self.assertEqual(client.emergency_contacts[0].phone, "+12025550199")
		self.assertEqual(client.emergency_contacts[0].full_name, "Luis Lopez")

	def test_bad_input_is_refused_and_nothing_is_saved(self):
		cases = {
			"unparseable phone": {"phone": "call me maybe"},
			"too short a phone": {"phone": "555-01"},
			"bad emergency contact phone": {"emergency_contacts": [{"full_name": "Kim", "phone": "12"}]},
			"birth date in the future": {"date_of_birth": add_days(today(), 1)},
			"missing first name": {"first_name": ""},
			"malformed email": {"email": "not-an-email"},
		}
		for label, values in cases.items():
			with self.subTest(label):
				before = frappe.db.count("Client")
				self.assertRaises(frappe.ValidationError, make_client, **values)
				self.assertEqual(frappe.db.count("Client"), before)

	def test_phone_error_says_what_is_wrong(self):
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_client(phone="call me maybe")
		self.assertIn("not a phone number we can read", str(ctx.exception))

	def test_default_phone_region_reads_local_numbers(self):
		frappe.db.set_single_value("Case Management Settings", "default_phone_region", "GB")
		client = make_client(phone="020 7946 0958")
		self.assertEqual(client.phone, "+442079460958")
		frappe.db.set_single_value("Case Management Settings", "default_phone_region", "US")
