"""The SMS gateway's webhook (#21): signed posts, every reply word, replays, unknown and shared
numbers, opt-out respected by appointment texts and safety alerts.

The request stores a text as Received and queues the job that acts on it after the commit;
`post` runs that job (services/inbound_actions.act) the way the worker would, as the request's
user, so every test sees what the text did."""

import json
import time
from unittest.mock import patch

import frappe
from frappe.utils import add_days, today
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from case_management.api.inbound import receive
from case_management.case_management.doctype.inbound_message.inbound_message import InboundMessage
from case_management.engine.inbound import KEYWORDS, signature
from case_management.jobs.inbound import ACT_PENDING, PENDING_FLAG
from case_management.services import inbound as service
from case_management.services import inbound_actions, visit_notices
from case_management.services.safety import CALL_TASK, raise_alert
from case_management.tests import CaseManagementTestCase, count_queries
from case_management.tests.factories import make_case, make_client, standard_staff
from case_management.tests.sms_gateway import Gateway, configure_sms_settings

SECRET = "test-webhook-secret"


class TestInbound(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.gateway = Gateway()
		configure_sms_settings(cls.gateway.url)
		settings = frappe.get_single("Case Management Settings")
		settings.inbound_webhook_secret = SECRET
		settings.agency_name = "Eastside Family Services"
		settings.agency_phone = "202-555-0199"
		settings.inbound_per_sender_per_minute = 10_000
		settings.quiet_hours_start = settings.quiet_hours_end = None
		settings.save()
		frappe.clear_document_cache("Case Management Settings", "Case Management Settings")
		cls.seq = 0

	@classmethod
	def tearDownClass(cls):
		cls.gateway.stop()
		super().tearDownClass()

	def setUp(self):
		super().setUp()
		self.gateway.received.clear()

	def post(
		self,
		sender="+12025550140",
		text="C",
		message_id=None,
		secret=SECRET,
		ts=None,
		sig=None,
		body=None,
		run_job=True,
	):
		TestInbound.seq += 1
		payload = {"message_id": message_id or f"t-{time.time_ns()}-{self.seq}", "from": sender, "text": text}
		body = body if body is not None else json.dumps(payload).encode()
		ts = str(int(time.time())) if ts is None else ts
		headers = {"Content-Type": "application/json", "X-Timestamp": ts}
		headers["X-Signature"] = sig if sig is not None else signature(secret, ts, body)
		env = EnvironBuilder(
			method="POST", path="/api/method/case_management.api.inbound.receive", data=body, headers=headers
		).get_environ()
		saved = (getattr(frappe.local, "request", None), frappe.local.form_dict)
		frappe.local.request = Request(env)
		frappe.local.request_ip = "10.9.8.7"
		frappe.local.form_dict = frappe._dict(cmd="case_management.api.inbound.receive")
		frappe.set_user("Guest")
		try:
			answer = receive()
			if run_job and answer.get("status") == "received":
				inbound_actions.act(answer["message"])  # the job queued for after the commit
			return answer
		finally:
			frappe.set_user("Administrator")
			frappe.local.request, frappe.local.form_dict = saved
			frappe.local.request_ip = None

	def client_with_visit(self, phone="202-555-0140", **kw):
		frappe.set_user(self.staff.a)
		client = make_client(
			first_name="Luz",
			last_name="Marin",
			phone=phone,
			ok_to_sms=1,
			safe_to_text=1,
			**kw,
		)
		case = make_case(client.name, caseworker=self.staff.a)
		visit = frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": case.name,
				"due_date": add_days(today(), 1),
				"scheduled_time": f"{add_days(today(), 1)} 10:30:00",
			}
		).insert()
		frappe.set_user("Administrator")
		frappe.db.set_value("Follow-up Visit", visit.name, "notice_pending", 0)
		return client, case, visit

	def message(self, answer) -> frappe._dict:
		return frappe.get_doc("Inbound Message", answer["message"])

	def test_every_reply_word(self):
		client, case, visit = self.client_with_visit()
		for word, kind in sorted(KEYWORDS.items()):
			with self.subTest(word=word):
				# the number starts opted in, on the client and on the agency's list
				frappe.db.set_value("Client", client.name, "sms_opted_out", 0)
				frappe.db.delete("Text Opt-out", {"number": client.phone})
				frappe.db.set_value("Follow-up Visit", visit.name, "client_response", None)
				msg = self.message(self.post(text=f" {word.lower()}! "))
				self.assertEqual((msg.meaning, msg.client, msg.case), (kind, client.name, case.name))
				opted = frappe.db.get_value("Client", client.name, "sms_opted_out")
				self.assertEqual(opted, 1 if kind == "Opt out" else 0)
				listed = frappe.db.get_value("Text Opt-out", {"number": client.phone}, "opted_out")
				self.assertEqual(listed, {"Opt out": 1, "Opt in": 0}.get(kind))  # STOP and START only
				response = frappe.db.get_value("Follow-up Visit", visit.name, "client_response")
				expected = {"Confirm": "Confirmed", "Reschedule": "Asked to reschedule"}.get(kind)
				self.assertEqual(response, expected)
		self.assertEqual(self.message(self.post(text="Sí")).meaning, "Confirm")
		todos = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Follow-up Visit", "reference_name": visit.name},
			pluck="allocated_to",
		)
		self.assertIn(self.staff.a, todos)  # R / RESCHEDULE / CAMBIAR: a task for the caseworker

	def test_help_is_answered_with_the_agency_name_and_phone(self):
		self.client_with_visit(phone="202-555-0141")
		msg = self.message(self.post(sender="(202) 555-0141", text="ayuda"))
		self.assertEqual((msg.meaning, msg.from_number), ("Help", "+12025550141"))
		inbound_actions.send_reply(msg.name)
		[sms] = self.gateway.received
		self.assertEqual(sms["to"], "+12025550141")
		self.assertIn("Eastside Family Services", sms["text"])
		self.assertIn("202-555-0199", sms["text"])

	def test_free_text_is_kept_on_the_case_and_the_caseworker_told(self):
		client, case, _visit = self.client_with_visit(phone="202-555-0142")
		msg = self.message(self.post(sender="+12025550142", text="My ex found the new flat, call me <3"))
		self.assertEqual((msg.meaning, msg.case, msg.status), ("Free text", case.name, "Needs caseworker"))
		self.assertEqual(msg.body, "My ex found the new flat, call me <3")
		[todo] = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Inbound Message", "reference_name": msg.name},
			fields=["allocated_to", "description"],
		)
		self.assertEqual(todo.allocated_to, self.staff.a)
		self.assertNotIn("flat", todo.description)  # the text stays in the message
		# no digits of the number (the message's own random name may hold any digits: taken out)
		self.assertNotIn("5550142", todo.description.replace(msg.name, ""))
		self.assertNotIn("555", todo.description.replace(msg.name, ""))
		for user, sees in ((self.staff.a, True), (self.staff.s1, True), (self.staff.b, False)):
			with self.subTest(user=user):
				self.assertEqual(
					bool(frappe.has_permission("Inbound Message", "read", msg.name, user=user)), sees
				)
				self.assertFalse(frappe.has_permission("Inbound Message", "write", msg.name, user=user))

	def test_refused_requests_store_nothing(self):
		before = frappe.db.count("Inbound Message")
		now = str(int(time.time()))
		cases = {
			"wrong secret": {"secret": "not-the-secret"},
			"unsigned": {"sig": ""},
			"stale": {"ts": str(int(time.time()) - 3600)},
			"future": {"ts": str(int(time.time()) + 3600)},
			"forged": {"ts": now, "sig": "0" * 64},
		}
		for label, kwargs in cases.items():
			with self.subTest(label):
				self.assertRaises(frappe.PermissionError, self.post, **kwargs)
		with self.subTest("1 MB body"):
			body = json.dumps({"message_id": "big", "from": "+12025550143", "text": "x" * 1_000_000}).encode()
			self.assertRaises(service.RequestTooLarge, self.post, body=body)
		with self.subTest("not JSON"):
			self.assertRaises(frappe.ValidationError, self.post, body=b"not json")
		with self.subTest("wrong types"):
			bad = json.dumps({"message_id": 5, "from": ["x"], "text": None}).encode()
			self.assertRaises(frappe.ValidationError, self.post, body=bad)
		self.assertEqual(frappe.db.count("Inbound Message"), before)

	def test_a_replay_is_stored_once_and_acted_on_once(self):
		_client, _case, visit = self.client_with_visit(phone="202-555-0144")
		first = self.post(sender="+12025550144", text="R", message_id="replay-1")
		self.assertEqual(first["status"], "received")
		self.assertEqual(
			self.post(sender="+12025550144", text="R", message_id="replay-1"), {"status": "duplicate"}
		)
		self.assertEqual(frappe.db.count("Inbound Message", {"message_id": "replay-1"}), 1)
		todos = frappe.db.count("ToDo", {"reference_type": "Follow-up Visit", "reference_name": visit.name})
		self.assertEqual(todos, 1)

	def test_concurrent_duplicates_meet_the_unique_index(self):
		"""Two requests that both passed the look-up: the second insert hits the unique index,
		is rolled back to its savepoint and reports a duplicate; nothing is done twice."""
		self.client_with_visit(phone="202-555-0145")
		self.assertEqual(service.store_and_act("race-1", "+12025550145", "hello")["status"], "received")
		self.assertEqual(service.store_and_act("race-1", "+12025550145", "hello"), {"status": "duplicate"})
		self.assertEqual(frappe.db.count("Inbound Message", {"message_id": "race-1"}), 1)

	def test_a_name_already_taken_gets_another(self):
		"""Names are random (no naming-series lock): a clash is tried again, never a duplicate."""
		names = iter(["IN-TEST-CLASH", "IN-TEST-CLASH", "IN-TEST-OTHER"])

		def autoname(doc):
			doc.name = next(names)

		with patch.object(InboundMessage, "autoname", autoname):
			first = service.store("clash-1", "+12025550157", "one")
			second = service.store("clash-2", "+12025550157", "two")
		self.assertEqual((first["message"], second["message"]), ("IN-TEST-CLASH", "IN-TEST-OTHER"))
		self.assertEqual(frappe.db.get_value("Inbound Message", "IN-TEST-OTHER", "message_id"), "clash-2")

	def test_unknown_number_is_kept_for_an_admin(self):
		msg = self.message(self.post(sender="+12025550146", text="Is this the shelter?"))
		self.assertEqual(
			(msg.match, msg.client, msg.case, msg.status), ("Unknown number", None, None, "Needs admin")
		)
		admins = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Inbound Message", "reference_name": msg.name},
			pluck="allocated_to",
		)
		self.assertIn(self.staff.admin, admins)
		self.assertFalse(frappe.has_permission("Inbound Message", "read", msg.name, user=self.staff.a))
		self.assertTrue(frappe.has_permission("Inbound Message", "read", msg.name, user=self.staff.admin))

	def test_shared_number_stop_applies_to_all_text_to_none(self):
		first, _c1, _v1 = self.client_with_visit(phone="202-555-0147")
		second, _c2, _v2 = self.client_with_visit(phone="202-555-0148", alternate_phone="202-555-0147")
		msg = self.message(self.post(sender="+12025550147", text="Can I come later?"))
		self.assertEqual(
			(msg.match, msg.client, msg.case, msg.status), ("Shared number", None, None, "Needs admin")
		)
		self.assertEqual(self.message(self.post(sender="+12025550147", text="C")).client, None)
		stop = self.message(self.post(sender="+12025550147", text="STOP"))
		self.assertEqual((stop.meaning, stop.status), ("Opt out", "Handled"))
		for client in (first, second):
			row = frappe.db.get_value(
				"Client", client.name, ["sms_opted_out", "sms_opt_out_source"], as_dict=True
			)
			self.assertEqual((row.sms_opted_out, row.sms_opt_out_source), (1, "Text reply: STOP"))
			self.assertTrue(
				frappe.db.exists(
					"Version",
					{"ref_doctype": "Client", "docname": client.name, "data": ("like", "%sms_opted_out%")},
				)
			)

	def test_stop_skips_the_reminder_with_a_note_and_start_sends_again(self):
		client, _case, visit = self.client_with_visit(phone="202-555-0149")
		self.post(sender="+12025550149", text="parar")
		visit_notices.send_due_reminders()
		visit_notices.send_due_reminders()  # the hourly job again: one note, no text
		self.assertNotIn("+12025550149", [m["to"] for m in self.gateway.received])
		notes = frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": "Follow-up Visit",
				"reference_name": visit.name,
				"content": ("like", "%opted out%"),
			},
			pluck="content",
		)
		self.assertEqual(len(notes), 1, notes)
		self.assertIn("Visit reminder (text) not sent", notes[0])
		self.post(sender="+12025550149", text="START")
		self.assertEqual(frappe.db.get_value("Client", client.name, "sms_opted_out"), 0)
		visit_notices.send_due_reminders()
		self.assertIn("+12025550149", [m["to"] for m in self.gateway.received])

	def test_yes_after_stop_opts_back_in(self):
		client, _case, visit = self.client_with_visit(phone="202-555-0150")
		self.post(sender="+12025550150", text="STOP")
		msg = self.message(self.post(sender="+12025550150", text="yes"))
		self.assertEqual(msg.meaning, "Opt in")
		self.assertEqual(frappe.db.get_value("Client", client.name, "sms_opted_out"), 0)
		self.assertFalse(frappe.db.get_value("Follow-up Visit", visit.name, "client_response"))

	def test_safety_alert_to_an_opted_out_client_is_flagged_at_once(self):
		client, case, _visit = self.client_with_visit(
			phone="202-555-0151",
			emergency_contacts=[
				{
					"full_name": "Rosa Marin",
					"relationship": "Relative",
					"phone": "202-555-0152",
					"receives_safety_alerts": 1,
				}
			],
		)
		self.post(sender="+12025550151", text="BAJA")
		frappe.set_user(self.staff.a)
		alert = raise_alert(case.name, "Manual")
		frappe.set_user("Administrator")
		doc = frappe.get_doc("Safety Alert", alert)
		rows = {r.phone: r.status for r in doc.recipients}
		self.assertEqual(rows, {"+12025550151": "Opted out", "+12025550152": "Pending"})
		todos = frappe.get_all(
			"ToDo", filters={"reference_type": "Safety Alert", "reference_name": alert}, pluck="description"
		)
		self.assertTrue(todos and all(t.startswith(CALL_TASK) for t in todos), todos)
		from case_management.services.safety import deliver

		deliver(alert)
		self.assertEqual([m["to"] for m in self.gateway.received], ["+12025550152"])
		self.assertEqual(frappe.db.get_value("Safety Alert", alert, "status"), "Delivered")
		# with nobody else to text, the alert itself is Flagged
		frappe.db.set_value("Client Emergency Contact", {"parent": client.name}, "receives_safety_alerts", 0)
		alone = raise_alert(case.name, "Manual")
		self.assertEqual(frappe.db.get_value("Safety Alert", alone, "status"), "Flagged")

	def test_the_request_stores_the_text_and_the_job_acts_on_it_once(self):
		_client, case, _visit = self.client_with_visit(phone="202-555-0153")
		answer = self.post(sender="+12025550153", text="Running late", run_job=False)
		msg = self.message(answer)
		# stored, not acted on yet: no client guessed, no task, shown as Received in the desk
		self.assertEqual((msg.status, msg.client, msg.case), ("Received", None, None))
		self.assertFalse(msg.meaning or msg.match)  # nothing read or matched yet
		self.assertEqual(msg.from_number, "+12025550153")
		todos = {"reference_type": "Inbound Message", "reference_name": msg.name}
		self.assertEqual(frappe.db.count("ToDo", todos), 0)
		inbound_actions.act(msg.name)
		inbound_actions.act(msg.name)  # the job twice (a retry): done once
		msg = self.message(answer)
		self.assertEqual((msg.status, msg.case, msg.meaning), ("Needs caseworker", case.name, "Free text"))
		self.assertEqual(frappe.db.count("ToDo", todos), 1)

	def test_the_request_queues_one_job_after_its_commit(self):
		frappe.cache.delete(frappe.cache.make_key(PENDING_FLAG))
		with patch.object(frappe, "enqueue") as enqueue:
			self.post(sender="+12025550154", text="hello?", run_job=False)
			self.post(sender="+12025550155", text="hello?", run_job=False)
			enqueue.assert_not_called()  # nothing before the commit
			frappe.db.after_commit.run()  # what the commit runs (the test keeps its transaction)
		self.assertEqual([c.args[0] for c in enqueue.call_args_list], [ACT_PENDING])  # one job for both
		frappe.cache.delete(frappe.cache.make_key(PENDING_FLAG))

	def test_a_duplicate_is_answered_with_one_query_and_a_new_text_with_few(self):
		self.post(sender="+12025550156", text="warm up")  # the settings and secret are cached
		with count_queries() as new:
			first = self.post(sender="+12025550156", text="one", message_id="count-1", run_job=False)
		with count_queries() as again:
			self.assertEqual(
				self.post(text="one", message_id="count-1", run_job=False), {"status": "duplicate"}
			)
		self.assertEqual(first["status"], "received")
		self.assertLessEqual(again[0], 1)
		self.assertLessEqual(new[0], 8, new[0])

	def test_a_new_secret_applies_at_once(self):
		settings = frappe.get_single("Case Management Settings")
		self.post(text="warm up")
		settings.inbound_webhook_secret = "another-secret"
		settings.save()
		try:
			self.assertRaises(frappe.PermissionError, self.post, text="old secret")
			self.assertEqual(self.post(text="new secret", secret="another-secret")["status"], "received")
		finally:
			settings.reload()
			settings.inbound_webhook_secret = SECRET
			settings.save()

	def test_a_limit_window_always_expires(self):
		"""Each window is opened with its expiry in the same transaction as the count (Frappe's
		decorator could leave a window without one: every later request refused for good)."""
		name = f"test-window-{time.time_ns()}"
		key = frappe.cache.make_key(f"rl:{name}")
		self.assertEqual([service.within_limit(name, 2, seconds=30) for _ in range(3)], [True, True, False])
		self.assertTrue(0 < frappe.cache.ttl(key) <= 30)
		frappe.cache.delete(key)
		self.post(text="counted per IP")
		self.assertGreater(frappe.cache.ttl(frappe.cache.make_key("rl:inbound-ip:10.9.8.7")), 0)

	def test_too_many_texts_from_one_sender(self):
		frappe.db.set_single_value("Case Management Settings", "inbound_per_sender_per_minute", 2)
		frappe.clear_document_cache("Case Management Settings", "Case Management Settings")
		sender = f"+1202555{time.time_ns() % 10000:04d}"
		try:
			self.post(sender=sender, text="one")
			self.post(sender=sender, text="two")
			self.assertRaises(frappe.RateLimitExceededError, self.post, sender=sender, text="three")
		finally:
			frappe.db.set_single_value("Case Management Settings", "inbound_per_sender_per_minute", 10_000)
			frappe.clear_document_cache("Case Management Settings", "Case Management Settings")
