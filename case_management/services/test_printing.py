"""The Case Summary print format renders every section, to HTML and to PDF, for a reader of the case."""

import functools
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import frappe
from frappe.utils import add_days, today

from case_management.api.programs import log_service, refer
from case_management.services.printing import case_summary
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_assessment,
	make_case,
	make_client,
	make_member,
	make_note,
	make_program,
	make_provider,
	make_referral,
	standard_staff,
)


class AssetsOnly(SimpleHTTPRequestHandler):
	def do_GET(self):
		if not self.path.startswith("/assets/"):
			self.send_error(404)
			return
		super().do_GET()

	def log_message(self, *args):
		pass


@contextmanager
def serving_assets():
	"""wkhtmltopdf fetches the print stylesheet from the site's URL, as it does behind a real web
	server; a test site has none (and its name may not resolve), so serve /assets for the test."""
	handler = functools.partial(AssetsOnly, directory=frappe.local.sites_path)
	server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
	thread = threading.Thread(target=server.serve_forever, daemon=True)
	thread.start()
	previous = frappe.local.conf.get("host_name")
	frappe.local.conf.host_name = f"http://127.0.0.1:{server.server_address[1]}"
	# Frappe keeps the asset list in Redis under a key every bench on the machine shares: read
	# this bench's own list, so that another bench's build cannot name a stylesheet not here.
	previous_assets = getattr(frappe.local, "assets_json", None)
	frappe.local.assets_json = frappe.parse_json(frappe.read_file("assets/assets.json"))
	try:
		yield
	finally:
		frappe.local.conf.host_name = previous
		if previous_assets is None:
			del frappe.local.assets_json
		else:
			frappe.local.assets_json = previous_assets
		server.shutdown()
		server.server_close()


class TestCaseSummaryPrint(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		client = make_client(first_name="Odalys", last_name="Brightwater", state="DC")
		make_member(
			client.name,
			"Self",
			first_name="Odalys",
			last_name="Brightwater",
			date_of_birth="1980-01-01",
			income=[{"source": "Earned income", "amount": 1500, "frequency": "Monthly"}],
		)
		make_member(
			client.name, "Child", first_name="Tomasz", last_name="Brightwater", date_of_birth="2015-06-01"
		)
		cls.case = make_case(client.name, caseworker=cls.staff.a)
		frappe.set_user("Administrator")
		make_assessment(cls.case.name, yes=("H1", "H2", "R1"))
		make_referral(
			cls.case.name, make_provider("Print Test Pantry"), status="Sent", service="Emergency food"
		)
		frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": cls.case.name,
				"due_date": add_days(today(), 5),
				"mode": "Phone",
			}
		).insert()
		case = frappe.get_doc("Case", cls.case.name)
		case.append(
			"goals", {"goal": "Stable housing by spring", "measure": "Lease signed", "status": "In Progress"}
		)
		case.save()
		make_program(
			"Print Test Rehousing", services=(("Rent paid", "Dollar"), ("Night in shelter", "Night"))
		)
		frappe.set_user(cls.staff.a)
		enrolment = refer(cls.case.name, "Print Test Rehousing")["name"]
		log_service(enrolment, "Rent paid", quantity=450)
		log_service(enrolment, "Night in shelter", quantity=3)
		log_service(enrolment, "Night in shelter", quantity=2)
		make_note(
			cls.case.name,
			subject="Rent review",
			note_template="DAP",
			sections=[
				{"heading": "Data", "content": "Brought the lease on 3 March."},
				{"heading": "Assessment", "content": "Two months behind."},
				{"heading": "Plan", "content": "Apply for rent help by Friday."},
			],
		)
		make_note(cls.case.name, restricted=True, subject="Kept inside", note="Only for the team.")
		frappe.set_user("Administrator")

	def test_it_is_the_standard_print_format_of_case(self):
		fmt = frappe.get_doc("Print Format", "Case Summary")
		self.assertEqual((fmt.doc_type, fmt.standard, fmt.print_format_type), ("Case", "Yes", "Jinja"))

	def test_html_has_every_section(self):
		frappe.set_user(self.staff.a)
		html = frappe.get_print("Case", self.case.name, print_format="Case Summary")
		for text in (
			"Odalys Brightwater",
			"Tomasz Brightwater",
			"Household of 2",
			"1,500.00",
			"of the poverty guideline",
			"Risk history",
			"Assessment",
			"Stable housing by spring",
			"Print Test Pantry",
			"Print Test Rehousing",
			"Enrolled",
			"Night in shelter: 5 Night",
			"Rent paid: 450 Dollar",
			"Emergency food",
			"Follow-up visits",
			"Phone",
		):
			self.assertIn(text, html)

	def test_notes_read_with_their_sections_and_restricted_ones_stay_out(self):
		frappe.set_user(self.staff.a)
		html = frappe.get_print("Case", self.case.name, print_format="Case Summary")
		for text in ("Rent review", "DAP", "<b>Assessment</b><br>Two months behind."):
			self.assertIn(text, html)
		self.assertNotIn("Kept inside", html)
		self.assertNotIn("Only for the team", html)

	def test_it_renders_to_pdf(self):
		frappe.set_user(self.staff.a)
		with serving_assets():
			pdf = frappe.get_print("Case", self.case.name, print_format="Case Summary", as_pdf=True)
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertGreater(len(pdf), 2000)

	def test_another_caseload_is_refused(self):
		frappe.set_user(self.staff.b)
		with self.assertRaises(frappe.PermissionError):
			case_summary(self.case.name)
		# the print view does not even say the case exists
		with self.assertRaises((frappe.PermissionError, frappe.DoesNotExistError)):
			frappe.get_print("Case", self.case.name, print_format="Case Summary")
