"""The nightly duplicate check, on a real site: it fills the review queue once, never
proposes a reviewed pair again, never pairs a household, and merges only above the threshold."""

from unittest.mock import patch

import frappe

from case_management.api.duplicates import mark_not_duplicate
from case_management.jobs import duplicates as job
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_client, make_member, standard_staff


def no_commit():
	"""Chunks commit in production; inside a test the transaction must stay open."""
	return patch.object(frappe.db, "commit")


def imported(**values):
	"""A client as a bulk import writes it: the intake check does not run."""
	frappe.flags.in_import = True
	try:
		return make_client(**values)
	finally:
		frappe.flags.in_import = False


def pairs_with(client: str) -> list:
	"""Review-queue rows naming `client` (once each: after a merge both links name the survivor)."""
	fields = ["name", "client_a", "client_b", "status", "source", "score", "reasons"]
	rows = {
		row.name: row
		for side in ("client_a", "client_b")
		for row in frappe.get_all("Duplicate Candidate", filters={side: client}, fields=fields)
	}
	return list(rows.values())


class TestNightlyDuplicateCheck(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def setUp(self):
		super().setUp()
		frappe.db.savepoint("nightly_check_test")  # every test starts from the same clients
		frappe.db.set_single_value("Case Management Settings", "auto_merge_threshold", 0)
		self.william = imported(
			first_name="William", last_name="Vandersloot", date_of_birth="1971-08-19", phone="(415) 555-0142"
		)
		self.bill = imported(
			first_name="Bill", last_name="Vandersloot", date_of_birth="1971-08-19", phone="415.555.0142"
		)
		# twins in one household: same surname, birth date, phone — never duplicates
		self.anna = imported(
			first_name="Anna", last_name="Quennell", date_of_birth="2009-02-14", phone="(415) 555-0199"
		)
		self.grace = imported(
			first_name="Grace", last_name="Quennell", date_of_birth="2009-02-14", phone="(415) 555-0199"
		)
		make_member(self.anna.name, "Self", "Anna", last_name="Quennell", date_of_birth="2009-02-14")
		make_member(
			self.anna.name,
			"Other relative",
			"Grace",
			last_name="Quennell",
			date_of_birth="2009-02-14",
			member_client=self.grace.name,
		)

	def tearDown(self):
		frappe.db.rollback(save_point="nightly_check_test")
		super().tearDown()

	def run_check(self) -> str:
		with no_commit():
			return job.start_run(now=True)

	def test_a_second_run_proposes_nothing_new(self):
		self.assertEqual(pairs_with(self.bill.name), [])  # an import skips the intake check
		run = self.run_check()
		[pair] = pairs_with(self.bill.name)
		self.assertEqual({pair.client_a, pair.client_b}, {self.william.name, self.bill.name})
		self.assertEqual((pair.status, pair.source), ("Open", "Nightly check"))
		self.assertIn("nickname", pair.reasons)
		self.assertEqual(frappe.db.get_value("Case Job Run", run, "status"), "Completed")

		before = frappe.db.count("Duplicate Candidate")
		self.run_check()
		self.assertEqual(frappe.db.count("Duplicate Candidate"), before)

	def test_a_household_is_never_proposed(self):
		self.run_check()
		self.assertEqual(pairs_with(self.anna.name), [])
		self.assertEqual(pairs_with(self.grace.name), [])

	def test_not_a_duplicate_is_never_proposed_again(self):
		self.run_check()
		[pair] = pairs_with(self.bill.name)
		frappe.set_user("Administrator")
		mark_not_duplicate(pair.name)
		self.run_check()
		self.run_check()
		self.assertEqual(
			[(p.name, p.status) for p in pairs_with(self.bill.name)], [(pair.name, "Not a duplicate")]
		)

	def test_auto_merge_only_at_or_above_the_threshold(self):
		# a weaker pair: the birth date's day and month swapped, no phone
		maggie = imported(first_name="Margaret", last_name="Oyelaran", date_of_birth="1960-03-04")
		margaret = imported(first_name="Margaret", last_name="Oyelaran", date_of_birth="1960-04-03")
		self.run_check()  # off by default (threshold 0): everything waits for a reviewer
		[strong], [weak] = pairs_with(self.bill.name), pairs_with(maggie.name)
		self.assertEqual((strong.status, weak.status), ("Open", "Open"))
		self.assertGreater(strong.score, weak.score)
		self.assertFalse(frappe.db.exists("Client Merge Log", {"automatic": 1}))

		frappe.db.delete("Duplicate Candidate", {"name": ("in", [strong.name, weak.name])})
		frappe.db.set_single_value("Case Management Settings", "auto_merge_threshold", strong.score)
		self.run_check()
		[strong] = pairs_with(self.william.name)
		self.assertEqual(strong.status, "Merged")
		self.assertTrue(frappe.db.exists("Client", self.william.name))  # the older record survives
		self.assertFalse(frappe.db.exists("Client", self.bill.name))
		log = frappe.get_last_doc("Client Merge Log", filters={"merged_client": self.bill.name})
		self.assertEqual((log.automatic, log.status, log.survivor), (1, "Merged", self.william.name))
		[weak] = pairs_with(maggie.name)  # below the threshold: proposed, not merged
		self.assertEqual(weak.status, "Open")
		self.assertTrue(frappe.db.exists("Client", margaret.name))
		self.assertTrue(frappe.db.exists("Client", self.grace.name))
