"""Steps that needed the desk, now on the case page (issue 19, item 2): booking and moving a
visit, editing one's own note, a referral's service from the provider's list, the client's
contact details; and the caseworker's week. Each as the caseworker, and refused to another."""

import frappe
from frappe.utils import add_days, add_to_date, get_datetime, getdate, now_datetime, today

from case_management.api import portal
from case_management.services.portal import case_page, my_week
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_provider, standard_staff


def in_days(days: int, hour: int = 10) -> str:
	return add_to_date(getdate(today()), days=days).strftime("%Y-%m-%d") + f"T{hour:02d}:30"


class TestPortalEdits(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.provider = make_provider("Edits Test Pantry")  # offers "Emergency food"
		frappe.set_user(cls.staff.a)
		cls.client = make_client(first_name="Odile", last_name="Marchetti", state="DC")
		cls.case = make_case(cls.client.name, caseworker=cls.staff.a)
		frappe.set_user("Administrator")

	def setUp(self):
		frappe.set_user(self.staff.a)

	def visits(self, case):
		return frappe.get_all(
			"Follow-up Visit", filters={"case": case}, fields=["name", "status", "scheduled_time", "due_date"]
		)

	def test_a_visit_is_booked_moved_and_then_logged(self):
		client = make_client(first_name="Berit", last_name="Alsing", state="DC")
		case = make_case(client.name, caseworker=self.staff.a).name
		booked = portal.book_visit(case, in_days(2), "Home visit")
		self.assertTrue(booked["message"].startswith("Visit booked for"))
		(visit,) = self.visits(case)
		self.assertEqual(visit.name, booked["visit"])
		self.assertEqual(visit.status, "Scheduled")
		self.assertEqual(get_datetime(visit.scheduled_time), get_datetime(in_days(2)))
		self.assertEqual(visit.due_date, getdate(add_days(today(), 2)))

		# a second open visit is refused: the open one is moved instead
		with self.assertRaises(frappe.ValidationError) as ctx:
			portal.book_visit(case, in_days(3))
		self.assertIn("change that visit's time instead", str(ctx.exception))
		self.assertEqual(len(self.visits(case)), 1)

		moved = portal.book_visit(case, in_days(4, 15), "Phone", visit=visit.name)
		self.assertTrue(moved["message"].startswith("Visit moved to"))
		(visit,) = self.visits(case)
		self.assertEqual(get_datetime(visit.scheduled_time), get_datetime(in_days(4, 15)))
		self.assertEqual(visit.due_date, getdate(add_days(today(), 4)))
		self.assertEqual(frappe.db.get_value("Follow-up Visit", visit.name, "mode"), "Phone")

		for bad in ("yesterday-ish", in_days(-1), in_days(400)):
			with self.assertRaises(frappe.ValidationError):
				portal.book_visit(case, bad, visit=visit.name)
		with self.assertRaises(frappe.ValidationError):
			portal.book_visit(case, in_days(5), "By carrier pigeon", visit=visit.name)
		self.assertEqual(get_datetime(self.visits(case)[0].scheduled_time), get_datetime(in_days(4, 15)))

		portal.log_visit(case, "Completed", visit=visit.name)
		with self.assertRaises(frappe.ValidationError) as ctx:
			portal.book_visit(case, in_days(6), visit=visit.name)
		self.assertIn("already Completed", str(ctx.exception))

		# another caseworker can neither book nor move it; a visit of another case is refused
		frappe.set_user(self.staff.b)
		self.assertRaises(frappe.PermissionError, portal.book_visit, case, in_days(3))
		frappe.set_user(self.staff.a)
		self.assertRaises(
			frappe.PermissionError, portal.book_visit, self.case.name, in_days(3), None, visit.name
		)

	def test_the_author_edits_a_note_and_its_history_keeps_the_first_wording(self):
		made = portal.add_note(self.case.name, "Home visit", "Seen at home, rent arrears.")
		portal.edit_note(made["name"], "Home visit", "Seen at home; rent arrears of two months.")
		stored = frappe.db.get_value("Case Note", made["name"], ["subject", "note"], as_dict=True)
		self.assertIn("two months", stored.note)
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "Case Note", "docname": made["name"]}, pluck="data"
		)
		self.assertEqual(len(versions), 1)
		self.assertIn("Seen at home, rent arrears.", versions[0])  # the earlier wording is kept
		note = next(n for n in case_page(self.case.name)["notes"] if n.name == made["name"])
		self.assertTrue(note.edited)
		self.assertTrue(note.mine)

		with self.assertRaises(frappe.ValidationError):
			portal.edit_note(made["name"], "  ", "text")
		self.assertEqual(frappe.db.get_value("Case Note", made["name"], "subject"), "Home visit")

		# the supervisor may read and write the case, but the note is not theirs to reword
		frappe.set_user(self.staff.s1)
		with self.assertRaises(frappe.PermissionError) as ctx:
			portal.edit_note(made["name"], "Changed", "Changed")
		self.assertIn("Only the person who wrote", str(ctx.exception))
		self.assertFalse(next(n for n in case_page(self.case.name)["notes"] if n.name == made["name"]).mine)
		frappe.set_user(self.staff.b)
		frappe.local.message_log = []
		with self.assertRaises(frappe.PermissionError) as refused:
			portal.edit_note(made["name"], "Changed", "Changed")
		# the refusal names the note it was given, never the case the note is on
		said = str(refused.exception) + frappe.as_json(frappe.local.message_log)
		self.assertIn(made["name"], said)
		self.assertNotIn(self.case.name, said)
		self.assertIn("two months", frappe.db.get_value("Case Note", made["name"], "note"))
		self.assertRaises(frappe.DoesNotExistError, portal.edit_note, "NOTE-NOPE-0000", "a", "b")

	def test_a_referral_asks_only_for_a_service_the_provider_offers(self):
		count = frappe.db.count("Referral", {"case": self.case.name})
		with self.assertRaises(frappe.ValidationError) as ctx:
			portal.create_referral(self.case.name, self.provider, "Needs food", service="Haircut")
		self.assertIn("does not offer", str(ctx.exception))
		self.assertEqual(frappe.db.count("Referral", {"case": self.case.name}), count)  # nothing saved
		made = portal.create_referral(self.case.name, self.provider, "Needs food", service=" emergency FOOD")
		self.assertEqual(frappe.db.get_value("Referral", made["name"], "service"), "Emergency food")

		from case_management.www.caseload.case import providers_with_services

		listed = {p.name: p.services for p in providers_with_services()}
		self.assertEqual(listed[self.provider], ["Emergency food"])

		frappe.set_user("Administrator")
		bare = make_provider("Edits Test Bare Provider", services=[])
		frappe.set_user(self.staff.a)
		with self.assertRaises(frappe.ValidationError) as ctx:
			portal.create_referral(self.case.name, bare, "Needs food", service="Emergency food")
		self.assertIn("lists no services", str(ctx.exception))
		self.assertTrue(portal.create_referral(self.case.name, bare, "Needs food")["name"])

	def test_the_client_contact_details_are_edited_from_the_case(self):
		client = make_client(first_name="Anouk", last_name="Verbeek", state="DC")
		case = make_case(client.name, caseworker=self.staff.a).name
		portal.save_client_contact(
			case,
			address_line1="12 Quay Street",
			city="Washington",
			postal_code="20001",
			phone="(202) 555-0144",
			ok_to_sms=True,
			safe_to_text=True,
			ok_to_email=False,
			language="es",
			emergency_contacts=[
				{"full_name": "Marit Verbeek", "relationship": "Relative", "phone": "202-555-0145"},
				{"full_name": "", "phone": ""},  # an empty row left in the form
			],
		)
		doc = frappe.get_doc("Client", client.name)
		self.assertEqual(
			(doc.address_line1, doc.city, doc.postal_code), ("12 Quay Street", "Washington", "20001")
		)
		self.assertEqual(doc.phone, "+12025550144")
		self.assertEqual((doc.ok_to_sms, doc.safe_to_text, doc.ok_to_email), (1, 1, 0))
		self.assertEqual(doc.language, "es")
		self.assertEqual(
			[(e.full_name, e.phone) for e in doc.emergency_contacts], [("Marit Verbeek", "+12025550145")]
		)
		self.assertTrue(frappe.db.exists("Version", {"ref_doctype": "Client", "docname": client.name}))

		# a row kept by its id keeps what the form does not show; a value not sent stays
		row = doc.emergency_contacts[0]
		frappe.db.set_value("Client Emergency Contact", row.name, "notes", "Call after 6pm")
		portal.save_client_contact(
			case,
			emergency_contacts=[{"row": row.name, "full_name": "Marit Verbeek", "receives_safety_alerts": 1}],
		)
		doc = frappe.get_doc("Client", client.name)
		self.assertEqual(doc.emergency_contacts[0].notes, "Call after 6pm")
		self.assertEqual(doc.emergency_contacts[0].receives_safety_alerts, 1)
		self.assertEqual(doc.address_line1, "12 Quay Street")

		for bad in (
			{"language": "xx-nope"},
			{"phone": "not a phone"},
			{"emergency_contacts": [{"full_name": "", "phone": "202-555-0146"}]},
			{"emergency_contacts": [{"full_name": "Kees", "relationship": "Landlord"}]},
			{"emergency_contacts": '{"$ne": null}'},
		):
			with self.assertRaises(frappe.ValidationError):
				portal.save_client_contact(case, city="Elsewhere", **bad)
		self.assertEqual(frappe.db.get_value("Client", client.name, "city"), "Washington")  # nothing saved

		frappe.set_user(self.staff.b)
		self.assertRaises(frappe.PermissionError, portal.save_client_contact, case, city="Elsewhere")
		self.assertEqual(frappe.db.get_value("Client", client.name, "city"), "Washington")

	def test_my_week_lists_my_visits_of_the_next_seven_days_in_time_order(self):
		cases = []
		for first, days, hour in (("Lene", 3, 9), ("Pia", 1, 16), ("Rune", 1, 8), ("Sif", 9, 9)):
			client = make_client(
				first_name=first, last_name="Weekly", state="DC", address_line1=f"{first} Road 1"
			)
			case = make_case(client.name, caseworker=self.staff.a).name
			portal.book_visit(case, in_days(days, hour))
			cases.append(case)
		frappe.set_user(self.staff.b)
		other = make_case(
			make_client(first_name="Tove", last_name="Weekly").name, caseworker=self.staff.b
		).name
		portal.book_visit(other, in_days(2))
		frappe.set_user(self.staff.a)
		week = [r for r in my_week(self.staff.a) if r["client_name"].endswith("Weekly")]
		self.assertEqual([r["client_name"] for r in week], ["Rune Weekly", "Pia Weekly", "Lene Weekly"])
		self.assertEqual(week[0]["address"], "Rune Road 1")
		self.assertEqual(week[0]["notice_state"], "not_told")  # no consent to be messaged
		self.assertTrue(all(r["scheduled_time"] for r in week))
		self.assertLess(now_datetime(), get_datetime(week[0]["scheduled_time"]))

	def test_register_takes_the_address_language_and_an_emergency_contact(self):
		made = portal.register_client(
			first_name="Ingeborg",
			last_name="Tvedtnes",
			date_of_birth="1979-02-03",
			address_line1="4 Harbour Lane",
			city="Washington",
			state="DC",
			postal_code="20002",
			language="es",
			emergency_contact_name="Sindre Tvedtnes",
			emergency_contact_phone="202-555-0161",
			emergency_contact_relationship="Relative",
			confirmed_new=True,
		)
		doc = frappe.get_doc("Client", made["client"])
		self.assertEqual(
			(doc.address_line1, doc.city, doc.postal_code, doc.language),
			("4 Harbour Lane", "Washington", "20002", "es"),
		)
		self.assertEqual(
			[(e.full_name, e.phone, e.relationship) for e in doc.emergency_contacts],
			[("Sindre Tvedtnes", "+12025550161", "Relative")],
		)
		self.assertEqual(frappe.db.get_value("Case", made["case"], "caseworker"), self.staff.a)

		clients = frappe.db.count("Client")
		for bad in (
			{"language": "xx-nope"},
			{"emergency_contact_phone": "202-555-0162"},  # a phone without a name
			{"emergency_contact_name": "Kari", "emergency_contact_relationship": "Landlord"},
		):
			with self.assertRaises(frappe.ValidationError):
				portal.register_client(first_name="Ragna", last_name="Tvedtnes", confirmed_new=True, **bad)
		self.assertEqual(frappe.db.count("Client"), clients)  # nothing saved
