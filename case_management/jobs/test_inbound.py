"""The job that acts on stored texts: one job for whatever has arrived, none left behind."""

from unittest.mock import patch

import frappe

from case_management.case_management.doctype.inbound_message.inbound_message import InboundMessage
from case_management.jobs import inbound as job
from case_management.services import inbound_actions
from case_management.services.inbound import store
from case_management.tests import CaseManagementTestCase


def no_commit():
	"""The job commits each text in production; inside a test the transaction must stay open."""
	return patch.object(frappe.db, "commit")


class TestInboundJob(CaseManagementTestCase):
	def setUp(self):
		super().setUp()
		frappe.cache.delete(frappe.cache.make_key(job.PENDING_FLAG))

	def stored(self, n: int, tag: str) -> list[str]:
		return [
			store(f"job-{tag}-{frappe.generate_hash(length=8)}", f"+1999555{i:04d}", f"{tag} {i}")["message"]
			for i in range(n)
		]

	def test_one_job_acts_on_every_text_received(self):
		names = self.stored(3, "batch")
		self.assertEqual({frappe.db.get_value("Inbound Message", n, "status") for n in names}, {"Received"})
		with no_commit():
			done = job.act_pending()
		self.assertGreaterEqual(done, 3)
		statuses = {frappe.db.get_value("Inbound Message", n, "status") for n in names}
		self.assertEqual(statuses, {"Needs admin"})  # numbers no client has
		with no_commit():
			self.assertEqual(job.act_pending(), 0)  # nothing left: a second job does nothing

	def test_the_records_events_run_once_it_is_acted_on(self):
		"""The webhook writes the row directly; the job runs its insert and save events, so a
		Server Script or Notification on Inbound Message sees the text matched and read."""
		calls = []

		def hook(doc):
			calls.append((doc.status, doc.meaning, doc.match))

		with (
			patch.object(InboundMessage, "after_insert", hook, create=True),
			patch.object(InboundMessage, "on_update", hook, create=True),
		):
			[name] = self.stored(1, "events")
			self.assertEqual(calls, [])  # the request ran none
			stored = frappe.get_doc("Inbound Message", name)
			self.assertEqual((stored.status, stored.source, stored.docstatus), ("Received", "Text", 0))
			inbound_actions.act(name)
			inbound_actions.act(name)  # done already: no second run of the events
		self.assertEqual(calls, [("Needs admin", "Free text", "Unknown number")] * 2)

	def test_at_most_one_job_waits_and_a_running_job_lets_the_next_one_queue(self):
		with patch.object(frappe, "enqueue") as enqueue:
			job.queue_pending()
			job.queue_pending()  # one is waiting already: it will see this text too
			self.assertEqual(enqueue.call_count, 1)
			self.assertEqual(enqueue.call_args.args[0], job.ACT_PENDING)
			with no_commit():
				job.act_pending()  # clears the flag before it looks for texts
			job.queue_pending()  # a text stored while (or after) it ran queues the next job
			self.assertEqual(enqueue.call_count, 2)

	def test_a_text_that_fails_is_logged_left_received_and_the_others_go_on(self):
		bad, good = self.stored(2, "fails")
		real = inbound_actions.act

		def act(name):
			if name == bad:
				raise ValueError("boom")
			real(name)

		with no_commit(), patch.object(frappe.db, "rollback"), patch.object(job, "act", side_effect=act):
			job.act_pending()
		self.assertEqual(frappe.db.get_value("Inbound Message", bad, "status"), "Received")
		self.assertEqual(frappe.db.get_value("Inbound Message", good, "status"), "Needs admin")
		self.assertTrue(
			frappe.db.exists("Error Log", {"reference_doctype": "Inbound Message", "reference_name": bad})
		)

	def test_the_scheduler_queues_the_job_for_texts_left_received(self):
		fresh, late, stale = self.stored(3, "retry")
		now = frappe.utils.now_datetime()
		frappe.db.set_value("Inbound Message", late, "received_at", frappe.utils.add_to_date(now, minutes=-5))
		frappe.db.set_value("Inbound Message", stale, "received_at", frappe.utils.add_to_date(now, days=-3))
		frappe.db.set_value("Inbound Message", fresh, "status", "Handled")
		with patch.object(frappe, "enqueue") as enqueue:
			self.assertTrue(inbound_actions.retry_received())
		self.assertEqual(enqueue.call_args.args[0], job.ACT_PENDING)
		self.assertEqual(enqueue.call_args.kwargs["deduplicate"], True)
		frappe.db.set_value("Inbound Message", late, "status", "Handled")
		with patch.object(frappe, "enqueue") as enqueue:
			# only one Received a fresh minute ago, or days ago (left to an admin): nothing to queue
			frappe.db.set_value("Inbound Message", fresh, "status", "Received")
			self.assertFalse(inbound_actions.retry_received())
		enqueue.assert_not_called()
