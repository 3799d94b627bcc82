"""Frappe's personal-data download and deletion requests cover a client's record (hooks.py
`user_data_fields`): the download includes it; deletion redacts what identifies the person and
keeps the record and its cases under the same id."""

import json
from unittest.mock import patch

import frappe
from frappe.website.doctype.personal_data_deletion_request.personal_data_deletion_request import (
	PersonalDataDeletionRequest,
)
from frappe.website.doctype.personal_data_download_request.personal_data_download_request import (
	get_user_data,
)

from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff

EMAIL = "odile.pdr@example.com"


class TestPersonalData(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def setUp(self):
		super().setUp()
		if not frappe.db.exists("User", EMAIL):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": EMAIL,
					"first_name": "Odile",
					"last_name": "Marchetti",
					"user_type": "Website User",
					"send_welcome_email": 0,
				}
			).insert(ignore_permissions=True)
		self.client = make_client(
			first_name="Odile",
			last_name="Marchetti",
			email=EMAIL,
			phone="202-555-0143",
			address_line1="12 Larch Street",
			date_of_birth="1979-03-04",
			id_type="SSN",
			id_number="219-09-9999",
		)
		self.case = make_case(self.client.name, caseworker=self.staff.a)

	def test_the_download_includes_the_client_record(self):
		data = json.loads(get_user_data(EMAIL))
		rows = data.get("Client", [])
		self.assertEqual([r["name"] for r in rows], [self.client.name])
		self.assertEqual(rows[0]["last_name"], "Marchetti")

	def test_deletion_redacts_the_client_and_keeps_the_case(self):
		with patch.object(PersonalDataDeletionRequest, "send_verification_mail"):  # no mail server here
			request = frappe.get_doc({"doctype": "Personal Data Deletion Request", "email": EMAIL}).insert(
				ignore_permissions=True
			)
		request._anonymize_data()
		client = frappe.get_doc("Client", self.client.name)
		for field in ("first_name", "last_name", "full_name", "address_line1"):
			self.assertEqual(client.get(field), "[REDACTED]", field)
		self.assertNotIn("0143", client.phone)
		self.assertNotIn("odile", (client.email or "").lower())
		self.assertNotEqual(str(client.date_of_birth), "1979-03-04")
		self.assertEqual(frappe.db.get_value("Case", self.case.name, "client"), self.client.name)
		self.assertFalse(frappe.get_all("Client", filters={"email": EMAIL}))
		# the identity document: its columns redacted, its encrypted number removed
		from case_management.services.identity import numbers_of

		self.assertEqual(numbers_of([self.client.name]), {})
		self.assertNotIn("9999", str(client.id_number_masked))
