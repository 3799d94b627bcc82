"""A client's identity document: masked for everyone but an admin, used by the matcher,
carried by a merge, and two conflicting documents block a merge unless an admin overrides."""

import frappe

from case_management.api.duplicates import compare_pair, merge_clients, undo_merge
from case_management.api.identity import reveal_id_number
from case_management.services import identity
from case_management.services.duplicates import likely_duplicates_of
from case_management.services.test_merge import candidate
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff

SSN = "219-09-9999"
OTHER_SSN = "457-55-5462"


class TestIdentityDocument(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def setUp(self):
		super().setUp()
		frappe.set_user(self.staff.a)
		self.client = make_client(
			first_name="Oriane",
			last_name="Vasquez-Lund",
			date_of_birth="2011-06-07",
			address_line1="41 Birch Row",
			id_type="SSN",
			id_number=SSN,
		)
		make_case(self.client.name, caseworker=self.staff.a)

	def test_the_number_is_masked_for_every_role_but_admins(self):
		self.assertEqual(self.client.id_number_masked, "•••• 9999")
		self.assertEqual(self.client.id_data_quality, "Full")
		self.assertNotIn("219", frappe.db.get_value("Client", self.client.name, "id_number"))
		for user in (self.staff.a, self.staff.s1):
			frappe.set_user(user)
			with self.subTest(user=user):
				doc = frappe.get_doc("Client", self.client.name)
				self.assertEqual(set(doc.id_number), {"*"})
				self.assertEqual(doc.id_number_masked, "•••• 9999")
				listed = frappe.get_list(
					"Client", filters={"name": self.client.name}, fields=["id_number", "id_number_masked"]
				)
				self.assertNotIn("2190", str(listed).replace("-", ""))
				with self.assertRaises(frappe.PermissionError) as ctx:
					reveal_id_number(self.client.name)
				self.assertNotIn("9999", str(ctx.exception))
		frappe.set_user(self.staff.b)  # another team: not even the client
		self.assertRaises(frappe.PermissionError, reveal_id_number, self.client.name)
		frappe.set_user(self.staff.admin)
		self.assertEqual(reveal_id_number(self.client.name), {"id_number": SSN})
		self.assertTrue(
			frappe.db.exists(
				"Client Access Log",
				{"user": self.staff.admin, "kind": "Identity document shown", "clients": self.client.name},
			)
		)

	def test_a_number_that_cannot_be_of_its_type_is_refused_without_repeating_it(self):
		frappe.set_user(self.staff.a)
		doc = frappe.get_doc("Client", self.client.name)
		doc.id_number = "55512"
		with self.assertRaises(frappe.ValidationError) as ctx:
			doc.save()
		self.assertNotIn("55512", str(ctx.exception))
		self.assertEqual(identity.numbers_of([self.client.name]), {self.client.name: SSN})
		# changing only the type checks the stored number against the new type
		doc = frappe.get_doc("Client", self.client.name)
		doc.id_type = "SSN last four"
		self.assertRaises(frappe.ValidationError, doc.save)

	def test_the_matcher_is_given_the_document(self):
		frappe.set_user(self.staff.a)
		stored = make_client(
			first_name="Perpetua",
			last_name="Thistlewood",
			date_of_birth="2013-02-03",
			address_line1="9 Sorrel Lane",
			id_type="SSN",
			id_number="078-05-1120",
		)
		twin_shaped = {  # another given name, same birth date and surname: the twin rule
			"first_name": "Marisol",
			"last_name": "Thistlewood",
			"date_of_birth": "2013-02-03",
			"address_line1": "9 Sorrel Lane",
		}
		self.assertEqual(likely_duplicates_of(twin_shaped), [])
		found = likely_duplicates_of({**twin_shaped, "id_type": "SSN last four", "id_number": "1120"})
		self.assertEqual([m["name"] for m in found], [stored.name])
		self.assertIn("same SSN last four — overrules the twin rule", found[0]["reasons"])
		self.assertEqual(likely_duplicates_of({**twin_shaped, "id_type": "SSN", "id_number": OTHER_SSN}), [])
		# a nickname that would match is forbidden by a different number of the same kind
		self.assertTrue(likely_duplicates_of({**twin_shaped, "first_name": "Perpetua"}))
		self.assertEqual(
			likely_duplicates_of(
				{**twin_shaped, "first_name": "Perpetua", "id_type": "SSN", "id_number": OTHER_SSN}
			),
			[],
		)

	def second(self, **kw):
		frappe.set_user(self.staff.a)
		other = make_client(first_name="Oriana", last_name="Vasquez-Lund", date_of_birth="2011-06-07", **kw)
		make_case(other.name, caseworker=self.staff.a)
		frappe.set_user("Administrator")
		return other, candidate(self.client.name, other.name)

	def test_conflicting_documents_block_the_merge_unless_an_admin_gives_a_reason(self):
		other, pair = self.second(id_type="SSN", id_number=OTHER_SSN)
		count = frappe.db.count("Client")
		for user, reason in ((self.staff.s1, None), (self.staff.s1, "same person"), (self.staff.admin, " ")):
			frappe.set_user(user)
			with self.subTest(user=user, reason=reason):
				with self.assertRaisesRegex(frappe.ValidationError, "different identity documents") as ctx:
					merge_clients(pair, self.client.name, override_reason=reason)
				self.assertNotIn("5462", str(ctx.exception))
		self.assertEqual(frappe.db.count("Client"), count)
		frappe.set_user(self.staff.admin)
		shown = compare_pair(pair)
		self.assertTrue(shown["identity_conflict"])
		# side by side, each document as everyone but an admin sees it: type and last four
		as_json = frappe.as_json(shown)
		for number in (SSN, OTHER_SSN):
			self.assertNotIn(number, as_json)
			self.assertNotIn(number.replace("-", ""), as_json)
		sides = {shown[s]["name"]: shown[s] for s in ("client_a", "client_b")}
		self.assertEqual(
			(sides[other.name]["id_type"], sides[other.name]["id_number_masked"]), ("SSN", "•••• 5462")
		)
		self.assertEqual(sides[self.client.name]["id_number_masked"], "•••• 9999")
		log = merge_clients(pair, self.client.name, override_reason="Old SSN was mistyped at intake")
		self.assertEqual(
			frappe.db.get_value("Client Merge Log", log["merge_log"], "identity_override"),
			"Old SSN was mistyped at intake",
		)
		self.assertEqual(identity.numbers_of([self.client.name, other.name]), {self.client.name: SSN})
		undo_merge(log["merge_log"])
		self.assertEqual(
			identity.numbers_of([self.client.name, other.name]),
			{self.client.name: SSN, other.name: OTHER_SSN},
		)

	def test_a_merge_carries_the_document_to_a_survivor_without_one(self):
		other, pair = self.second()
		frappe.set_user(self.staff.s1)
		log = merge_clients(pair, other.name)
		self.assertEqual(identity.numbers_of([other.name]), {other.name: SSN})
		self.assertEqual(
			frappe.db.get_value("Client", other.name, ["id_type", "id_number_masked"]), ("SSN", "•••• 9999")
		)
		self.assertNotIn(SSN, frappe.db.get_value("Client Merge Log", log["merge_log"], "survivor_changes"))
		undo_merge(log["merge_log"])
		self.assertEqual(identity.numbers_of([self.client.name, other.name]), {self.client.name: SSN})
		self.assertFalse(frappe.db.get_value("Client", other.name, "id_type"))
