"""Frappe's Data Import, with templates made by its own exporter, brings in clients and then their
households with income; the app's rules hold for imported rows (a second Self is refused)."""

import csv
import io

import frappe
from frappe.core.doctype.data_import.exporter import Exporter

from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_user

CLIENT_FIELDS = {"Client": ["first_name", "last_name", "date_of_birth", "gender", "phone", "email", "state"]}
MEMBER_FIELDS = {
	"Household Member": ["client", "first_name", "last_name", "date_of_birth", "relationship"],
	"income": ["source", "amount", "frequency"],  # child tables are keyed by their field
}


def template_header(doctype: str, fields: dict) -> list[str]:
	"""The header row of the blank template the Data Import form downloads for these fields."""
	return Exporter(doctype, export_fields=fields, export_data=False).csv_array[0]


def run_import(doctype: str, header: list[str], rows: list[list]) -> frappe._dict:
	out = io.StringIO()
	csv.writer(out).writerows([header, *rows])
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"import-{frappe.generate_hash(length=6)}.csv",
			"content": out.getvalue(),
			"is_private": 1,
		}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"import_file": file.file_url,
		}
	).insert()
	data_import.start_import()  # runs at once in tests
	data_import.reload()
	return data_import


class TestDataImport(CaseManagementTestCase):
	def setUp(self):
		super().setUp()
		# Data Import itself is Frappe's and needs System Manager; the records need Case Management Admin
		frappe.set_user(make_user("cm.importer@example.com", "Case Management Admin", "System Manager"))

	def test_clients_then_households_with_income(self):
		header = template_header("Client", CLIENT_FIELDS)
		self.assertEqual(len(header), 7)
		self.assertEqual(header[:3], ["First name", "Last name", "Date of birth"])
		result = run_import(
			"Client",
			header,
			[
				[
					"Imogen",
					"Quarrington",
					"1984-02-29",
					"Female",
					"(202) 555-0161",
					"imogen.q@example.org",
					"DC",
				],
				["Bartholomew", "Quarrington", "1982-07-14", "Male", "", "", "DC"],
			],
		)
		self.assertEqual(result.status, "Success", result.as_dict())
		imogen = frappe.get_doc("Client", {"first_name": "Imogen", "last_name": "Quarrington"})
		self.assertEqual(imogen.phone, "+12025550161")  # the Client's own rules ran: E.164

		header = template_header("Household Member", MEMBER_FIELDS)
		self.assertIn("Source (Income)", header)
		blank = [""] * 3
		result = run_import(
			"Household Member",
			header,
			[
				[
					imogen.name,
					"Imogen",
					"Quarrington",
					"1984-02-29",
					"Self",
					"Earned income",
					1200,
					"Biweekly",
				],
				["", "", "", "", "", "Child support", 300, "Monthly"],
				[imogen.name, "Wren", "Quarrington", "2015-05-05", "Child", *blank],
			],
		)
		self.assertEqual(result.status, "Success", result.as_dict())
		members = frappe.get_all(
			"Household Member",
			filters={"client": imogen.name},
			fields=["name", "relationship"],
			order_by="creation",
		)
		self.assertEqual([m.relationship for m in members], ["Self", "Child"])
		income = frappe.get_all(
			"Income Entry", filters={"parent": members[0].name}, fields=["source", "amount"], order_by="idx"
		)
		self.assertEqual(
			[(r.source, r.amount) for r in income], [("Earned income", 1200), ("Child support", 300)]
		)

	def test_a_row_that_breaks_a_rule_is_refused_and_the_others_imported(self):
		client = run_import(
			"Client",
			template_header("Client", CLIENT_FIELDS),
			[["Ottilie", "Fenwick", "1990-01-01", "", "", "", ""]],
		)
		self.assertEqual(client.status, "Success")
		name = frappe.db.get_value("Client", {"first_name": "Ottilie", "last_name": "Fenwick"})
		header = template_header("Household Member", {"Household Member": MEMBER_FIELDS["Household Member"]})
		result = run_import(
			"Household Member",
			header,
			[
				[name, "Ottilie", "Fenwick", "1990-01-01", "Self"],
				[name, "Otto", "Fenwick", "1991-01-01", "Self"],
			],
		)
		self.assertEqual(result.status, "Partial Success")
		self.assertEqual(frappe.db.count("Household Member", {"client": name}), 1)
		failed = frappe.get_all(
			"Data Import Log", filters={"data_import": result.name, "success": 0}, pluck="messages"
		)
		self.assertEqual(len(failed), 1)
		self.assertIn("Self", failed[0])
