"""The same record-level rules, through Frappe's REST API (/api/resource, report view).

Requests go through the real WSGI app on another database connection, so this class
commits its records and removes them afterwards.
"""

import json

import frappe

from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff

try:  # Frappe v15
	from frappe.tests.test_api import FrappeAPITestCase
except ImportError:  # Frappe v16
	from frappe.tests.classes.api_test_case import FrappeAPITestCase  # type: ignore[no-redef]


def api_token(user: str) -> str:
	doc = frappe.get_doc("User", user)
	if not doc.api_key:
		doc.api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	return f"token {doc.api_key}:{secret}"


class TestRestAccess(FrappeAPITestCase, CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.tokens = {key: api_token(cls.staff[key]) for key in ("a", "b", "s1")}
		cls.client_doc = make_client(first_name="Rest", last_name="Tester")
		cls.case = make_case(cls.client_doc.name, caseworker=cls.staff.a)
		cls.member = frappe.get_doc(
			{
				"doctype": "Household Member",
				"client": cls.client_doc.name,
				"first_name": "Rest",
				"relationship": "Self",
			}
		).insert()
		cls.b_client = make_client(first_name="Other", last_name="Household")
		make_case(cls.b_client.name, caseworker=cls.staff.b)
		frappe.db.commit()  # the API requests run on their own connection

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		cases = frappe.get_all(
			"Case", filters={"client": ("in", [cls.client_doc.name, cls.b_client.name])}, pluck="name"
		)
		frappe.db.delete("ToDo", {"reference_type": "Case", "reference_name": ("in", cases)})
		for name in cases:
			frappe.delete_doc("Case", name, force=True, ignore_permissions=True)
		frappe.delete_doc("Household Member", cls.member.name, force=True, ignore_permissions=True)
		for client in (cls.client_doc.name, cls.b_client.name):
			frappe.delete_doc("Client", client, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def as_user(self, key: str) -> dict:
		return {"headers": {"Authorization": self.tokens[key]}}

	def test_reading_a_case(self):
		for key, status in (("a", 200), ("s1", 200), ("b", 403)):
			with self.subTest(user=key):
				response = self.get(self.resource("Case", self.case.name), **self.as_user(key))
				self.assertEqual(response.status_code, status)
				if status == 403:
					self.assertNotIn(self.client_doc.full_name, response.get_data(as_text=True))
		response = self.get(self.resource("Client", self.client_doc.name), **self.as_user("b"))
		self.assertEqual(response.status_code, 403)

	def test_listing_cases(self):
		for key, listed in (("a", True), ("s1", True), ("b", False)):
			with self.subTest(user=key):
				response = self.get(
					self.resource("Case"),
					{"fields": json.dumps(["name"]), "limit_page_length": 0},
					**self.as_user(key),
				)
				self.assertEqual(response.status_code, 200)
				names = {row["name"] for row in response.json["data"]}
				self.assertEqual(self.case.name in names, listed)

	def test_report_view(self):
		for key, listed in (("a", True), ("b", False)):
			with self.subTest(user=key):
				response = self.post(
					self.method("frappe.desk.reportview.get"),
					{"doctype": "Case", "fields": json.dumps(["`tabCase`.`name`"]), "page_length": 500},
					**self.as_user(key),
				)
				self.assertEqual(response.status_code, 200)
				values = (response.json.get("message") or {}).get("values", [])
				self.assertEqual(self.case.name in {row[0] for row in values}, listed)

	def test_writing_someone_elses_case_is_refused_and_changes_nothing(self):
		modified = frappe.db.get_value("Case", self.case.name, "modified")
		response = self.put(self.resource("Case", self.case.name), {"risk_level": "Low"}, **self.as_user("b"))
		self.assertEqual(response.status_code, 403)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Case", self.case.name, "modified"), modified)

	def test_a_write_cannot_grant_itself_access_by_relinking(self):
		# B tries to pull A's household member into B's own household, and A's case onto B.
		attempts = [
			(
				"Household Member",
				self.member.name,
				{"client": self.b_client.name},
				"client",
				self.client_doc.name,
			),
			("Case", self.case.name, {"caseworker": self.staff.b}, "caseworker", self.staff.a),
		]
		for doctype, name, change, field, original in attempts:
			with self.subTest(doctype=doctype):
				response = self.put(self.resource(doctype, name), change, **self.as_user("b"))
				self.assertEqual(response.status_code, 403)
				frappe.db.rollback()
				self.assertEqual(frappe.db.get_value(doctype, name, field), original)

	def test_skipping_the_workflow_over_rest_is_refused(self):
		response = self.put(
			self.resource("Case", self.case.name), {"workflow_state": "Active"}, **self.as_user("a")
		)
		self.assertEqual(response.status_code, 417)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Case", self.case.name, "workflow_state"), "Intake")
