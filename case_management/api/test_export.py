"""The HMIS-named CSV export: supervisors and admins only, and only the records they may read."""

import csv
import io

import frappe

from case_management.api.export import build_csv, export_csv
from case_management.engine.hmis import CASE_COLUMNS, CLIENT_COLUMNS, HOUSEHOLD_COLUMNS, INCOME_CSV_COLUMNS
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_member, standard_staff


def read(text: str) -> list[dict]:
	return list(csv.DictReader(io.StringIO(text)))


class TestExport(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		cls.north = make_client(
			first_name="Ingrid",
			last_name="Northcote",
			gender="Female",
			postal_code="20001",
			id_type="SSN",
			id_number="219-09-9999",
		)
		make_member(
			cls.north.name,
			"Self",
			first_name="Ingrid",
			last_name="Northcote",
			date_of_birth="1985-04-12",
			income=[
				{"source": "Earned income", "amount": 500, "frequency": "Weekly"},
				{"source": "SSI", "amount": 943, "frequency": "Monthly"},
			],
		)
		make_member(
			cls.north.name, "Child", first_name="Pip", last_name="Northcote", date_of_birth="2016-01-01"
		)
		cls.north_case = make_case(cls.north.name, caseworker=cls.staff.a)
		frappe.set_user(cls.staff.b)
		cls.south = make_client(first_name="Sven", last_name="Southwick")
		make_member(cls.south.name, "Self", first_name="Sven", last_name="Southwick")
		cls.south_case = make_case(cls.south.name, caseworker=cls.staff.b)
		frappe.set_user("Administrator")

	def test_a_supervisor_exports_their_teams_records_only(self):
		frappe.set_user(self.staff.s1)
		clients = read(build_csv("clients"))
		self.assertEqual(list(clients[0]), CLIENT_COLUMNS)
		ids = {r["PersonalID"] for r in clients}
		self.assertIn(self.north.name, ids)
		self.assertNotIn(self.south.name, ids)
		mine = next(r for r in clients if r["PersonalID"] == self.north.name)
		self.assertEqual((mine["FirstName"], mine["Woman"], mine["Zip"]), ("Ingrid", "1", "20001"))
		cases = read(build_csv("cases"))
		self.assertEqual(list(cases[0]), CASE_COLUMNS)
		self.assertEqual({r["EnrollmentID"] for r in cases} & {self.south_case.name}, set())
		self.assertIn(self.north_case.name, {r["EnrollmentID"] for r in cases})
		households = read(build_csv("households"))
		self.assertEqual(list(households[0]), HOUSEHOLD_COLUMNS)
		north = [r for r in households if r["HouseholdID"] == self.north.name]
		self.assertEqual(sorted(r["RelationshipToHoH"] for r in north), ["1", "2"])
		self.assertNotIn(self.south.name, {r["HouseholdID"] for r in households})
		income = read(build_csv("income"))
		self.assertEqual(list(income[0]), INCOME_CSV_COLUMNS)
		ingrid = next(r for r in income if r["HouseholdID"] == self.north.name and r["Earned"] == "1")
		# 500 a week is 2,166.67 a month; with SSI 943 that is 3,109.67
		self.assertEqual((ingrid["EarnedAmount"], ingrid["SSIAmount"]), ("2166.67", "943.00"))
		self.assertEqual(ingrid["TotalMonthlyIncome"], "3109.67")
		self.assertNotIn(
			"Southwick", "".join(build_csv(d) for d in ("clients", "households", "income", "cases"))
		)

	def test_an_admin_exports_everything(self):
		frappe.set_user(self.staff.admin)
		ids = {r["PersonalID"] for r in read(build_csv("clients"))}
		self.assertLessEqual({self.north.name, self.south.name}, ids)
		self.assertEqual(len(ids), frappe.db.count("Client"))

	def test_identity_documents_are_exported_only_when_asked_and_only_to_admins(self):
		frappe.set_user(self.staff.s1)
		plain = build_csv("clients")
		self.assertNotIn("SSN", plain.splitlines()[0])
		self.assertNotIn("219099999", plain.replace("-", ""))
		with self.assertRaises(frappe.PermissionError):
			build_csv("clients", with_identity=True)
		frappe.set_user(self.staff.admin)
		rows = {r["PersonalID"]: r for r in read(build_csv("clients", with_identity=True))}
		self.assertEqual(
			(rows[self.north.name]["SSN"], rows[self.north.name]["SSNDataQuality"]), ("219099999", "1")
		)
		self.assertEqual((rows[self.south.name]["SSN"], rows[self.south.name]["SSNDataQuality"]), ("", "99"))
		self.assertRaises(frappe.ValidationError, build_csv, "cases", with_identity=True)

	def test_caseworkers_and_others_may_not_export(self):
		for user in (self.staff.a, self.staff.desk, self.staff.partner, "Guest"):
			frappe.set_user(user)
			with self.subTest(user=user), self.assertRaises(frappe.PermissionError):
				build_csv("clients")

	def test_an_unknown_dataset_is_refused_clearly(self):
		frappe.set_user(self.staff.admin)
		with self.assertRaises(frappe.ValidationError) as refused:
			build_csv("notes")
		self.assertIn("clients", str(refused.exception))

	def test_the_endpoint_answers_with_a_csv_file(self):
		frappe.set_user(self.staff.admin)
		export_csv("cases")
		self.assertEqual(frappe.response["type"], "csv")
		self.assertTrue(frappe.response["doctype"].startswith("hmis-cases-"))
		self.assertTrue(frappe.response["result"].startswith("EnrollmentID,"))
