"""Safety-alert texts against a real HTTP gateway stand-in on loopback."""

import socket
from unittest.mock import patch

import frappe
from frappe.utils import add_to_date, now_datetime

from case_management.api.assessment import override_risk_level
from case_management.api.safety import send_safety_alert
from case_management.services import safety
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff
from case_management.tests.sms_gateway import Gateway, configure_sms_settings


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class TestSafetyAlerts(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.gateway = Gateway()
		configure_sms_settings(cls.gateway.url)
		frappe.db.set_single_value(
			"Case Management Settings",
			{"sms_timeout_seconds": 1, "sms_max_attempts": 3, "agency_phone": "+12025550100"},
		)
		frappe.clear_document_cache("Case Management Settings", "Case Management Settings")

	@classmethod
	def tearDownClass(cls):
		cls.gateway.stop()
		super().tearDownClass()

	def setUp(self):
		self.gateway.mode = "ok"
		self.gateway.received.clear()
		frappe.set_user(self.staff.a)
		self.client = make_client(
			first_name="Lena",
			last_name="Ortiz",
			phone="(202) 555-0150",
			safe_to_text=0,
			emergency_contacts=[
				{"full_name": "Sister", "phone": "202-555-0151", "receives_safety_alerts": 1},
				{"full_name": "Ex-partner", "phone": "202-555-0152", "receives_safety_alerts": 0},
			],
		)
		self.case = make_case(self.client.name, caseworker=self.staff.a)

	def raise_and_deliver(self, **kw):
		with patch("frappe.enqueue") as enqueue:
			result = send_safety_alert(self.case.name, **kw)
		self.assertEqual(
			enqueue.call_args.kwargs["alert"], result["alert"]
		)  # sent from a job, not the request
		self.assertEqual(self.gateway.received, [])
		safety.deliver(result["alert"])
		return frappe.get_doc("Safety Alert", result["alert"])

	def test_texts_only_safe_recipients_through_sms_settings(self):
		alert = self.raise_and_deliver(note="Client called in fear")
		self.assertEqual(alert.status, "Delivered")
		self.assertEqual(
			[(r.recipient_name, r.status, r.attempts) for r in alert.recipients], [("Sister", "Sent", 1)]
		)
		[sms] = self.gateway.received
		self.assertEqual((sms["to"], sms["api_key"]), ("+12025550151", "test-key"))
		self.assertIn("Lena", sms["text"])
		self.assertIn("+12025550100", sms["text"])
		self.assertNotIn("+12025550150", [m["to"] for m in self.gateway.received])  # not safe to text

		frappe.set_user("Administrator")
		frappe.db.set_value("Client", self.client.name, "safe_to_text", 1)
		frappe.set_user(self.staff.a)
		self.gateway.received.clear()
		alert = self.raise_and_deliver()
		self.assertEqual(sorted(m["to"] for m in self.gateway.received), ["+12025550150", "+12025550151"])

	def test_failures_are_retried_then_flagged_never_lost(self):
		for mode, url in (("error", None), ("slow", None), ("ok", f"http://127.0.0.1:{free_port()}/send")):
			with self.subTest(mode=mode, refused=bool(url)):
				self.gateway.mode = mode
				if url:
					configure_sms_settings(url)  # nothing listens there: connection refused
				frappe.set_user(self.staff.a)
				alert = self.raise_and_deliver()
				for _attempt in range(5):
					frappe.db.set_value(
						"Safety Alert Recipient",
						{"parent": alert.name},
						"next_attempt_at",
						add_to_date(now_datetime(), minutes=-1),
					)
					safety.deliver(alert.name)
				alert.reload()
				[row] = alert.recipients
				self.assertEqual((row.status, row.attempts, alert.status), ("Failed", 3, "Flagged"))
				self.assertTrue(row.last_error)
				todos = frappe.get_all("ToDo", filters={"reference_name": alert.name}, pluck="allocated_to")
				self.assertEqual(sorted(todos), sorted([self.staff.a, self.staff.s1]))
				configure_sms_settings(self.gateway.url)

	def test_a_flag_that_never_finished_is_flagged_by_the_next_retry_run(self):
		"""Texts that left stay on record when flagging fails; the scheduler's next run picks
		the alert up, sends nothing more and tells the people."""
		self.gateway.mode = "error"
		alert = self.raise_and_deliver()
		frappe.db.set_value(
			"Safety Alert Recipient", {"parent": alert.name}, {"attempts": 2, "next_attempt_at": None}
		)
		with patch.object(safety, "flag", side_effect=frappe.QueryDeadlockError("deadlock")):
			with self.assertRaises(frappe.QueryDeadlockError):
				safety.deliver(alert.name)  # third and last try fails; flagging dies with it
		alert.reload()
		self.assertEqual((alert.status, alert.recipients[0].status), ("Sending", "Failed"))
		self.assertFalse(frappe.db.exists("ToDo", {"reference_name": alert.name}))

		with patch("frappe.enqueue") as enqueue:
			safety.retry_due()
		self.assertIn(alert.name, [c.kwargs["alert"] for c in enqueue.call_args_list])
		sent_before = len(self.gateway.received)
		safety.deliver(alert.name)
		alert.reload()
		self.assertEqual((alert.status, alert.recipients[0].attempts), ("Flagged", 3))
		self.assertEqual(len(self.gateway.received), sent_before)  # nothing sent again
		todos = frappe.get_all("ToDo", filters={"reference_name": alert.name}, pluck="allocated_to")
		self.assertEqual(sorted(todos), sorted([self.staff.a, self.staff.s1]))

	def test_a_retry_that_succeeds_delivers(self):
		self.gateway.mode = "error"
		alert = self.raise_and_deliver()
		self.assertEqual((alert.status, alert.recipients[0].status), ("Sending", "Pending"))
		self.assertGreater(alert.recipients[0].next_attempt_at, now_datetime())
		self.gateway.mode = "ok"
		safety.deliver(alert.name)  # not due yet: nothing is sent
		self.assertEqual(self.gateway.received, [])
		frappe.db.set_value(
			"Safety Alert Recipient",
			{"parent": alert.name},
			"next_attempt_at",
			add_to_date(now_datetime(), minutes=-1),
		)
		with patch("frappe.enqueue") as enqueue:
			safety.retry_due()
		self.assertIn(alert.name, [c.kwargs["alert"] for c in enqueue.call_args_list])
		safety.deliver(alert.name)
		alert.reload()
		self.assertEqual(
			(alert.status, alert.recipients[0].status, alert.recipients[0].attempts), ("Delivered", "Sent", 2)
		)
		self.assertEqual(len(self.gateway.received), 1)

	def test_no_alert_is_lost_when_the_gateway_comes_and_goes(self):
		alerts = []
		for i in range(6):
			self.gateway.mode = "error" if i % 2 else "ok"
			with patch("frappe.enqueue"):
				name = send_safety_alert(self.case.name)["alert"]
			safety.deliver(name)
			alerts.append(name)
		self.gateway.mode = "error"
		for _round in range(2):  # some retries fail too
			frappe.db.sql(
				"update `tabSafety Alert Recipient` set next_attempt_at = %s where status = 'Pending'",
				add_to_date(now_datetime(), minutes=-1),
			)
			for name in alerts:
				safety.deliver(name)
		self.gateway.mode = "ok"
		frappe.db.sql(
			"update `tabSafety Alert Recipient` set next_attempt_at = %s where status = 'Pending'",
			add_to_date(now_datetime(), minutes=-1),
		)
		for name in alerts:
			safety.deliver(name)
		rows = frappe.get_all(
			"Safety Alert Recipient", filters={"parent": ("in", alerts)}, fields=["status", "phone"]
		)
		sent = sum(r.status == "Sent" for r in rows)
		failed = sum(r.status == "Failed" for r in rows)
		self.assertEqual(sent + failed, len(rows))  # nothing left pending: 0 lost
		self.assertEqual(sent, len(self.gateway.received))  # each sent once, none twice
		flagged = frappe.db.count("Safety Alert", {"name": ("in", alerts), "status": "Flagged"})
		self.assertEqual(
			flagged,
			len(
				{
					r
					for r in alerts
					if frappe.db.get_value("Safety Alert Recipient", {"parent": r, "status": "Failed"})
				}
			),
		)

	def test_nobody_to_text_is_flagged_at_once(self):
		frappe.set_user("Administrator")
		client = make_client(first_name="Nobody", phone="202-555-0160", safe_to_text=0)
		case = make_case(client.name, caseworker=self.staff.a)
		frappe.set_user(self.staff.a)
		with patch("frappe.enqueue") as enqueue:
			result = send_safety_alert(case.name)
		enqueue.assert_not_called()
		self.assertEqual(result["status"], "No recipients")
		self.assertEqual(len(frappe.get_all("ToDo", filters={"reference_name": result["alert"]})), 2)

	def test_rising_to_the_trigger_level_raises_an_alert_automatically(self):
		frappe.set_user(self.staff.s1)
		with patch("frappe.enqueue"):
			override_risk_level(self.case.name, "Medium", "Concern")
			self.assertEqual(frappe.db.count("Safety Alert", {"case": self.case.name}), 0)
			override_risk_level(self.case.name, "High", "Threat reported")
			override_risk_level(self.case.name, "Critical", "Threat repeated")  # already past the trigger
		alerts = frappe.get_all(
			"Safety Alert", filters={"case": self.case.name}, fields=["trigger", "risk_level", "note"]
		)
		self.assertEqual(len(alerts), 1)
		self.assertEqual((alerts[0].trigger, alerts[0].risk_level), ("Automatic", "High"))

	def test_only_those_who_work_the_case_can_raise_one(self):
		for user in (self.staff.b, self.staff.partner, "Guest"):
			frappe.set_user(user)
			with self.subTest(user=user):
				self.assertRaises(frappe.PermissionError, send_safety_alert, self.case.name)
		self.assertEqual(frappe.db.count("Safety Alert", {"case": self.case.name}), 0)
