"""Merging duplicate clients moves every linked document to the survivor; undo moves it back."""

import json

import frappe
from frappe.utils import today

from case_management.api.duplicates import mark_not_duplicate, merge_clients, undo_merge
from case_management.api.programs import refer, withdraw
from case_management.services.duplicates import record_candidates
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_case,
	make_client,
	make_member,
	make_note,
	make_program,
	make_provider,
	make_referral,
	standard_staff,
)


def candidate(a: str, b: str, score: float = 0.95) -> str:
	"""The open review-queue entry for the pair: the intake check may already have made it."""
	for first, second in ((a, b), (b, a)):
		name = frappe.db.get_value("Duplicate Candidate", {"client_a": first, "client_b": second})
		if name:
			return name
	[name] = record_candidates([{"a": a, "b": b, "score": score, "reasons": ["same birth date"]}], "Intake")
	return name


def links_to(client: str) -> dict:
	"""Where `client` is referenced, by kind of document."""
	return {
		"Case": frappe.get_all("Case", filters={"client": client}, pluck="name"),
		"Household Member (head)": frappe.get_all(
			"Household Member", filters={"client": client}, pluck="name"
		),
		"Household Member (member)": frappe.get_all(
			"Household Member", filters={"member_client": client}, pluck="name"
		),
		"Referral": frappe.get_all("Referral", filters={"client": client}, pluck="name"),
		"Follow-up Visit": frappe.get_all("Follow-up Visit", filters={"client": client}, pluck="name"),
		"Program Enrolment": frappe.get_all("Program Enrolment", filters={"client": client}, pluck="name"),
		"Inbound Message": frappe.get_all("Inbound Message", filters={"client": client}, pluck="name"),
		"Discharge Summary": frappe.get_all("Discharge Summary", filters={"client": client}, pluck="name"),
		"ToDo": frappe.get_all(
			"ToDo", filters={"reference_type": "Client", "reference_name": client}, pluck="name"
		),
		"Comment": frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Client", "reference_name": client, "comment_type": "Comment"},
			pluck="name",
		),
		"File": frappe.get_all(
			"File", filters={"attached_to_doctype": "Client", "attached_to_name": client}, pluck="name"
		),
	}


COVERED = {  # links_to above
	"Case",
	"Household Member",
	"Referral",
	"Follow-up Visit",
	"Program Enrolment",
	"Inbound Message",
	"Discharge Summary",
}
# the review queue follows the survivor (see test_refusals); the access log records what
# happened under the ids of the time
BOOKKEEPING = {"Duplicate Candidate", "Client Access Log"}


class TestMergeAndUndo(CaseManagementTestCase):
	def test_every_doctype_that_links_to_a_client_is_covered(self):
		"""A new Link to Client anywhere (this app, Frappe, a custom field) must join links_to."""
		from frappe.model.rename_doc import get_link_fields

		linking = {field["parent"] for field in get_link_fields("Client") if not field["issingle"]}
		self.assertEqual(linking - COVERED - BOOKKEEPING, set())

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.provider = make_provider("Merge Test Pantry")
		cls.program = make_program("Merge Test Program")

	def setUp(self):
		super().setUp()
		frappe.set_user(self.staff.a)
		self.survivor = make_client(
			first_name="William",
			last_name="Quarrington",
			date_of_birth="1980-01-02",
			email="w.quarrington@example.org",
			ok_to_sms=1,
			safe_to_text=0,
		)
		self.removed = make_client(
			first_name="Bill",
			last_name="Quarrington",
			date_of_birth="1980-01-02",
			phone="(202) 555-0187",
			ok_to_sms=1,
			safe_to_text=1,
			emergency_contacts=[
				{"full_name": "Rae Quarrington", "relationship": "Relative", "phone": "202-555-0111"}
			],
		)
		make_case(self.survivor.name, caseworker=self.staff.a)
		self.case = make_case(self.removed.name, caseworker=self.staff.a)
		make_member(self.removed.name, "Self", "Bill", last_name="Quarrington", date_of_birth="1980-01-02")
		make_member(self.removed.name, "Child", "June", date_of_birth="2015-06-06")
		third = make_client(first_name="Ola", last_name="Mensah", date_of_birth="1961-03-03")
		make_case(third.name, caseworker=self.staff.a)
		make_member(
			third.name, "Other relative", "Bill", member_client=self.removed.name, date_of_birth="1980-01-02"
		)
		make_referral(self.case.name, self.provider)
		refer(self.case.name, self.program)
		make_note(self.case.name)
		frappe.get_doc({"doctype": "Follow-up Visit", "case": self.case.name, "due_date": today()}).insert()
		frappe.set_user("Administrator")
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": self.staff.a,
				"description": "Call Bill about his ID",
				"reference_type": "Client",
				"reference_name": self.removed.name,
			}
		).insert()
		self.removed.add_comment("Comment", "Registered twice at the front desk.")
		from case_management.services.discharge import draft_for

		draft_for(self.case)  # a discharge summary drafted for the case (its client is copied onto it)
		frappe.get_doc(  # a text the client sent, kept on their case
			{
				"doctype": "Inbound Message",
				"received_at": frappe.utils.now_datetime(),
				"from_number": "+12025550187",
				"match": "One client",
				"client": self.removed.name,
				"case": self.case.name,
				"meaning": "Free text",
				"status": "Needs caseworker",
				"body": "Can we meet on Friday instead?",
				"message_id": frappe.generate_hash(length=12),
			}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "id-card.txt",
				"content": b"scan",
				"attached_to_doctype": "Client",
				"attached_to_name": self.removed.name,
				"is_private": 1,
			}
		).insert()
		self.before = links_to(self.removed.name)
		self.survivor_before = links_to(self.survivor.name)
		self.pair = candidate(self.survivor.name, self.removed.name)

	def test_merge_moves_every_linked_document_and_undo_moves_it_back(self):
		self.assertTrue(all(self.before.values()), self.before)  # every kind is really linked
		frappe.set_user(self.staff.s1)  # the supervisor of caseworker A's team
		result = merge_clients(self.pair, self.survivor.name, {"first_name": "survivor"})

		self.assertFalse(frappe.db.exists("Client", self.removed.name))
		after = links_to(self.survivor.name)
		for kind, names in self.before.items():
			with self.subTest(kind=kind):
				self.assertTrue(set(names) <= set(after[kind]), kind)
				self.assertEqual(links_to(self.removed.name)[kind], [])
		survivor = frappe.get_doc("Client", self.survivor.name)
		self.assertEqual(survivor.first_name, "William")
		self.assertEqual(survivor.phone, "+12025550187")  # the survivor had none: filled in
		self.assertEqual(survivor.safe_to_text, 0)  # consent never widens
		self.assertEqual([c.full_name for c in survivor.emergency_contacts], ["Rae Quarrington"])
		# copies of the client's fields on the moved visit now follow the survivor
		visit = frappe.get_all(
			"Follow-up Visit", filters={"case": self.case.name}, fields=["client", "safe_to_text"]
		)
		self.assertEqual([(v.client, v.safe_to_text) for v in visit], [(self.survivor.name, 0)])
		self.assertEqual(frappe.db.get_value("Case", self.case.name, "client_name"), "William Quarrington")

		log = frappe.get_doc("Client Merge Log", result["merge_log"])
		self.assertEqual(
			(log.status, log.survivor, log.merged_client), ("Merged", self.survivor.name, self.removed.name)
		)
		self.assertEqual(json.loads(log.merged_data)["first_name"], "Bill")
		self.assertEqual(frappe.db.get_value("Duplicate Candidate", self.pair, "status"), "Merged")

		undone = undo_merge(log.name)
		self.assertEqual(undone["status"], "Undone")
		restored = frappe.get_doc("Client", self.removed.name)
		self.assertEqual(
			(restored.first_name, restored.phone, restored.safe_to_text),
			("Bill", "+12025550187", 1),
		)
		self.assertEqual([c.full_name for c in restored.emergency_contacts], ["Rae Quarrington"])
		self.assertEqual(links_to(self.removed.name), self.before)
		self.assertEqual(links_to(self.survivor.name), self.survivor_before)
		survivor.reload()
		self.assertEqual((survivor.phone, survivor.emergency_contacts), (None, []))
		visit = frappe.get_all(
			"Follow-up Visit", filters={"case": self.case.name}, fields=["client", "safe_to_text"]
		)
		self.assertEqual([(v.client, v.safe_to_text) for v in visit], [(self.removed.name, 1)])
		self.assertEqual(frappe.db.get_value("Duplicate Candidate", self.pair, "status"), "Open")

	def test_refusals_change_nothing(self):
		def state():
			return (
				frappe.db.count("Client"),
				frappe.db.count("Client Merge Log"),
				links_to(self.removed.name),
				frappe.db.get_value("Duplicate Candidate", self.pair, "status"),
			)

		before = state()
		frappe.set_user(self.staff.s1)
		with self.assertRaisesRegex(frappe.ValidationError, "one of the pair"):
			merge_clients(self.pair, "CL-NOT-IN-PAIR")
		with self.assertRaisesRegex(frappe.ValidationError, "not a field a merge can choose"):
			merge_clients(self.pair, self.survivor.name, {"owner": "other"})
		with self.assertRaisesRegex(frappe.ValidationError, "not readable"):
			merge_clients(self.pair, self.survivor.name, "{not json")
		frappe.db.set_value("Client", self.survivor.name, "disabled", 1)
		with self.assertRaisesRegex(frappe.ValidationError, "disabled"):
			merge_clients(self.pair, self.survivor.name)
		frappe.db.set_value("Client", self.survivor.name, "disabled", 0)
		# a pair that, after an earlier merge, points twice at one record
		frappe.db.set_value("Duplicate Candidate", self.pair, "client_b", self.survivor.name)
		with self.assertRaisesRegex(frappe.ValidationError, "into itself"):
			merge_clients(self.pair, self.survivor.name)
		frappe.db.set_value("Duplicate Candidate", self.pair, "client_b", self.removed.name)
		self.assertEqual(state(), before)

	def test_two_open_enrolments_in_one_program_block_the_merge_until_one_is_closed(self):
		survivor_case = frappe.get_all("Case", filters={"client": self.survivor.name}, pluck="name")[0]
		frappe.set_user(self.staff.a)
		second = refer(survivor_case, self.program)
		frappe.set_user(self.staff.s1)
		before = (frappe.db.count("Client"), links_to(self.removed.name))
		with self.assertRaisesRegex(
			frappe.ValidationError, "Both records have an open enrolment in Merge Test"
		):
			merge_clients(self.pair, self.survivor.name)
		self.assertEqual((frappe.db.count("Client"), links_to(self.removed.name)), before)
		self.assertEqual(frappe.db.get_value("Duplicate Candidate", self.pair, "status"), "Open")
		frappe.set_user(self.staff.a)
		withdraw(second["name"], "Registered twice; the other referral stands")
		frappe.set_user(self.staff.s1)
		merge_clients(self.pair, self.survivor.name)
		open_ones = frappe.get_all(
			"Program Enrolment",
			filters={"client": self.survivor.name, "program": self.program, "status": ("!=", "Withdrawn")},
		)
		self.assertEqual(len(open_ones), 1)

	def test_undo_waits_for_a_later_merge_of_the_survivor_to_be_undone(self):
		frappe.set_user(self.staff.a)
		third = make_client(first_name="Will", last_name="Quarrington", date_of_birth="1980-01-02")
		make_case(third.name, caseworker=self.staff.a)
		frappe.set_user(self.staff.s1)
		first = merge_clients(self.pair, self.survivor.name)["merge_log"]
		frappe.set_user("Administrator")
		later_pair = candidate(self.survivor.name, third.name)
		frappe.set_user(self.staff.s1)
		second = merge_clients(later_pair, third.name)["merge_log"]
		with self.assertRaisesRegex(frappe.ValidationError, "undo that merge first"):
			undo_merge(first)
		self.assertFalse(frappe.db.exists("Client", self.removed.name))
		undo_merge(second)
		undo_merge(first)
		self.assertTrue(frappe.db.exists("Client", self.removed.name))
		self.assertEqual(links_to(self.removed.name), self.before)
		with self.assertRaisesRegex(frappe.ValidationError, "already been undone"):
			undo_merge(first)

	def test_only_reviewers_who_see_both_records_may_act(self):
		for user in (self.staff.a, self.staff.b, self.staff.partner, self.staff.desk, "Guest"):
			frappe.set_user(user)
			with self.subTest(user=user):
				with self.assertRaises(frappe.PermissionError) as ctx:
					merge_clients(self.pair, self.survivor.name)
				self.assertNotIn("Quarrington", str(ctx.exception))
				self.assertRaises(frappe.PermissionError, mark_not_duplicate, self.pair)
		frappe.set_user(self.staff.s2)  # supervises another team: cannot see these clients
		self.assertRaises(frappe.PermissionError, merge_clients, self.pair, self.survivor.name)
		self.assertEqual(frappe.get_list("Duplicate Candidate", filters={"name": self.pair}), [])
		frappe.set_user(self.staff.s1)
		self.assertEqual(len(frappe.get_list("Duplicate Candidate", filters={"name": self.pair})), 1)
		self.assertTrue(frappe.db.exists("Client", self.removed.name))

	def test_not_a_duplicate_is_remembered(self):
		frappe.set_user(self.staff.s1)
		mark_not_duplicate(self.pair)
		self.assertEqual(frappe.db.get_value("Duplicate Candidate", self.pair, "status"), "Not a duplicate")
		frappe.set_user("Administrator")
		again = record_candidates(
			[
				{
					"a": self.removed.name,
					"b": self.survivor.name,
					"score": 0.99,
					"reasons": ["same birth date"],
				}
			],
			"Nightly check",
		)
		self.assertEqual(again, [])
		frappe.set_user(self.staff.s1)
		with self.assertRaisesRegex(frappe.ValidationError, "already marked"):
			merge_clients(self.pair, self.survivor.name)
