"""Each link that grants visibility needs the user to see its target already (permissions/links.py,
`share_right` in permissions/__init__.py). Every test here fails when its check is removed."""

import frappe

from case_management.api.portal import add_note
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_member, standard_staff


class TestLinksThatGrantVisibility(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		cls.a_client = make_client(first_name="Linka", last_name="Ownersby", phone="2025550133")
		cls.a_case = make_case(cls.a_client.name, caseworker=cls.staff.a)
		frappe.set_user(cls.staff.b)
		cls.b_client = make_client(first_name="Linkb", last_name="Otherton")
		cls.b_case = make_case(cls.b_client.name, caseworker=cls.staff.b)
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.delete("DocShare", {"share_doctype": "Case", "share_name": self.a_case.name})

	# --- household member -> another client ---------------------------------------------------

	def test_a_household_member_cannot_link_a_client_the_user_cannot_see(self):
		frappe.set_user(self.staff.b)
		before = frappe.db.count("Household Member")
		with self.assertRaises(frappe.PermissionError):
			make_member(self.b_client.name, "Spouse or partner", "Linka", member_client=self.a_client.name)
		self.assertEqual(frappe.db.count("Household Member"), before)
		self.assertFalse(frappe.has_permission("Client", "read", self.a_client.name))
		# moving an existing member's link onto the other caseload's client is refused too
		member = make_member(self.b_client.name, "Child", "Kid")
		member.member_client = self.a_client.name
		self.assertRaises(frappe.PermissionError, member.save)
		self.assertIsNone(frappe.db.get_value("Household Member", member.name, "member_client"))

	def test_a_household_member_may_link_a_client_the_user_already_sees(self):
		frappe.set_user(self.staff.b)
		own = make_client(first_name="Linkc", last_name="Otherton")  # registered by B, no case yet
		member = make_member(self.b_client.name, "Spouse or partner", "Linkc", member_client=own.name)
		self.assertEqual(member.member_client, own.name)

	# --- shares, by mode -----------------------------------------------------------------------

	def test_a_read_only_share_reads_but_never_writes(self):
		frappe.share.add("Case", self.a_case.name, self.staff.b, read=1, write=0)
		frappe.set_user(self.staff.b)
		self.assertTrue(frappe.has_permission("Case", "read", self.a_case.name))
		self.assertFalse(frappe.has_permission("Case", "write", self.a_case.name))
		case = frappe.get_doc("Case", self.a_case.name)
		case.closure_notes = "changed through a read-only share"
		self.assertRaises(frappe.PermissionError, case.save)
		self.assertFalse(frappe.has_permission("Client", "write", self.a_client.name))
		notes = frappe.db.count("Case Note", {"case": self.a_case.name})
		self.assertRaises(frappe.PermissionError, add_note, case=self.a_case.name, subject="x", note="y")
		self.assertEqual(frappe.db.count("Case Note", {"case": self.a_case.name}), notes)

	def test_a_write_share_writes(self):
		frappe.share.add("Case", self.a_case.name, self.staff.b, read=1, write=1)
		frappe.set_user(self.staff.b)
		self.assertTrue(frappe.has_permission("Case", "write", self.a_case.name))
		add_note(case=self.a_case.name, subject="Covering", note="Called the client for A.")

	# --- ToDo / assignment ---------------------------------------------------------------------

	def todo(self, reference: str, allocated_to: str):
		return frappe.get_doc(
			{
				"doctype": "ToDo",
				"reference_type": "Case",
				"reference_name": reference,
				"allocated_to": allocated_to,
				"assigned_by": frappe.session.user,
				"description": "take this case",
			}
		)

	def test_a_todo_on_a_case_the_user_cannot_see_is_refused(self):
		frappe.set_user(self.staff.b)
		before = frappe.db.count("ToDo", {"reference_name": self.a_case.name})
		assigned = frappe.db.get_value("Case", self.a_case.name, "_assign")
		self.assertRaises(frappe.PermissionError, self.todo(self.a_case.name, self.staff.b).insert)
		self.assertEqual(frappe.db.count("ToDo", {"reference_name": self.a_case.name}), before)
		self.assertEqual(frappe.db.get_value("Case", self.a_case.name, "_assign"), assigned)
		self.assertFalse(frappe.has_permission("Case", "read", self.a_case.name))

	def test_a_caseworker_cannot_hand_a_case_to_someone_who_cannot_see_it(self):
		frappe.set_user(self.staff.a)
		self.assertRaises(frappe.PermissionError, self.todo(self.a_case.name, self.staff.b).insert)
		self.todo(self.a_case.name, self.staff.a).insert()  # to oneself: fine

	def test_a_supervisor_who_may_share_the_case_may_assign_it(self):
		frappe.set_user(self.staff.s1)
		self.todo(self.a_case.name, self.staff.b).insert()
		frappe.set_user(self.staff.s2)  # another team's supervisor cannot even see it
		self.assertRaises(frappe.PermissionError, self.todo(self.a_case.name, self.staff.s2).insert)
