"""The duplicate check at intake: likely existing records before a new client is saved."""

import frappe

from case_management.api.duplicates import likely_duplicates
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff


class TestLikelyDuplicates(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.b)
		cls.william = make_client(
			first_name="Williamo",  # a made-up name, so no demo or other test record interferes
			last_name="Quarrington",
			date_of_birth="1980-01-02",
			phone="(202) 555-0187",
		)
		make_case(cls.william.name, caseworker=cls.staff.b)
		cls.twin = make_client(first_name="Anadora", last_name="Quarrington", date_of_birth="2012-05-05")
		frappe.set_user("Administrator")

	def names(self, **kw):
		return [m["name"] for m in likely_duplicates(**kw)]

	def test_a_returning_client_is_found_under_another_spelling_with_the_reasons(self):
		frappe.set_user(self.staff.b)  # B carries William's case: B may open him
		found = likely_duplicates(first_name="Williamo", last_name="Quarington", date_of_birth="1980-02-01")
		self.assertEqual([m["name"] for m in found], [self.william.name])
		match = found[0]
		self.assertIn("birth date with day and month swapped", match["reasons"])
		self.assertTrue(0 < match["score"] <= 1)
		self.assertEqual(match["phone"], "•••0187")
		self.assertTrue(match["can_open"])
		self.assertEqual(
			set(match), {"name", "full_name", "date_of_birth", "phone", "score", "reasons", "can_open"}
		)

	def test_another_caseload_sees_who_but_not_what_matched(self):
		"""A may not open B's client: the hint names the person (so A does not register them
		twice) but neither the phone's digits nor which evidence matched, so it never confirms
		a guessed phone, email or address."""
		frappe.set_user(self.staff.a)
		found = likely_duplicates(first_name="Williamo", last_name="Quarrington", phone="+1 202 555 0187")
		self.assertEqual([m["name"] for m in found], [self.william.name])
		match = found[0]
		self.assertFalse(match["can_open"])
		self.assertNotIn("phone", match)
		self.assertEqual(set(match), {"name", "full_name", "date_of_birth", "score", "reasons", "can_open"})
		self.assertNotIn("phone", " ".join(match["reasons"]))

	def test_a_phone_or_an_address_alone_is_not_a_search(self):
		frappe.set_user(self.staff.a)
		self.assertEqual(likely_duplicates(phone="(202) 555-0187"), [])
		self.assertEqual(likely_duplicates(first_name="Williamo", address_line1="1 Main St"), [])

	def test_every_hint_is_logged(self):
		frappe.set_user(self.staff.a)
		before = frappe.db.count("Client Access Log", {"user": self.staff.a, "kind": "Duplicate hint"})
		likely_duplicates(first_name="Williamo", last_name="Quarington", date_of_birth="1980-02-01")
		log = frappe.get_last_doc("Client Access Log", filters={"user": self.staff.a})
		self.assertEqual(
			frappe.db.count("Client Access Log", {"user": self.staff.a, "kind": "Duplicate hint"}), before + 1
		)
		self.assertEqual((log.kind, log.results, log.clients), ("Duplicate hint", 1, self.william.name))

	def test_the_same_phone_written_another_way_is_found(self):
		frappe.set_user(self.staff.b)
		found = likely_duplicates(first_name="Williamo", last_name="Quarrington", phone="+1 202 555 0187")
		self.assertEqual([m["name"] for m in found], [self.william.name])
		self.assertIn("phone equal after normalisation", found[0]["reasons"])

	def test_a_twin_or_another_person_is_not_proposed(self):
		frappe.set_user(self.staff.a)
		self.assertEqual(
			self.names(first_name="Evangelina", last_name="Quarrington", date_of_birth="2012-05-05"), []
		)
		self.assertEqual(self.names(first_name="Nobody", last_name="Else", date_of_birth="1955-07-07"), [])

	def test_disabled_records_and_the_record_itself_are_left_out(self):
		frappe.set_user(self.staff.a)
		kw = {"first_name": "Anadora", "last_name": "Quarrington", "date_of_birth": "2012-05-05"}
		self.assertEqual(self.names(**kw), [self.twin.name])
		self.assertEqual(self.names(**kw, exclude=self.twin.name), [])
		frappe.db.set_value("Client", self.twin.name, "disabled", 1)
		self.assertEqual(self.names(**kw), [])

	def test_only_staff_who_register_clients_may_ask(self):
		for user in (self.staff.partner, self.staff.desk, "Guest"):
			frappe.set_user(user)
			with self.subTest(user=user):
				self.assertRaises(frappe.PermissionError, likely_duplicates, first_name="Williamo")

	def test_a_bad_date_is_refused(self):
		frappe.set_user(self.staff.a)
		self.assertRaises(
			frappe.ValidationError, likely_duplicates, first_name="A", date_of_birth="31/31/1990"
		)
