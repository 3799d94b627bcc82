"""The agency's opt-out list (Text Opt-out): every STOP and START is kept for the number, whoever
it belongs to, and every text the app sends respects it — safety alerts to emergency contacts
first of all (#21)."""

from unittest.mock import patch

import frappe
from frappe.utils import add_days, today

from case_management.services import inbound_actions, opt_out, visit_notices
from case_management.services.client_page import send_link
from case_management.services.inbound import store_and_act
from case_management.services.safety import CALL_CONTACT_TASK, CALL_TASK, deliver, raise_alert, retry_due
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff
from case_management.tests.sms_gateway import Gateway, configure_sms_settings

CONTACT = "+12025550181"


class TestTextOptOut(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.gateway = Gateway()
		configure_sms_settings(cls.gateway.url)
		frappe.db.set_single_value(
			"Case Management Settings",
			{"agency_phone": "+12025550100", "quiet_hours_start": None, "quiet_hours_end": None},
		)
		frappe.clear_document_cache("Case Management Settings", "Case Management Settings")
		cls.seq = 0

	@classmethod
	def tearDownClass(cls):
		cls.gateway.stop()
		super().tearDownClass()

	def setUp(self):
		super().setUp()
		self.gateway.received.clear()

	def text(self, sender: str, body: str) -> frappe._dict:
		TestTextOptOut.seq += 1
		answer = store_and_act(f"optout-{frappe.generate_hash(length=8)}-{self.seq}", sender, body)
		return frappe.get_doc("Inbound Message", answer["message"])

	def client_with_contact(self, phone: str, contact_phone: str = CONTACT, **kw):
		frappe.set_user(self.staff.a)
		client = make_client(
			first_name="Iris",
			last_name="Vega",
			phone=phone,
			ok_to_sms=1,
			safe_to_text=1,
			emergency_contacts=[
				{
					"full_name": "Tomas Vega",
					"relationship": "Relative",
					"phone": contact_phone,
					"receives_safety_alerts": 1,
				}
			],
			**kw,
		)
		case = make_case(client.name, caseworker=self.staff.a)
		frappe.set_user("Administrator")
		return client, case

	def entry(self, number: str) -> frappe._dict:
		return frappe.db.get_value(
			"Text Opt-out",
			{"number": number},
			["opted_out", "source", "inbound_message", "changed_at"],
			as_dict=True,
		)

	def todos(self, alert: str, task: str) -> list[str]:
		return frappe.get_all(
			"ToDo",
			filters={
				"reference_type": "Safety Alert",
				"reference_name": alert,
				"description": ("like", f"{task} (%"),
			},
			pluck="allocated_to",
		)

	def test_a_contacts_stop_is_kept_and_safety_alerts_call_them_instead(self):
		client, case = self.client_with_contact("202-555-0180")
		stop = self.text("(202) 555-0181", "STOP")
		# the number is no client's, but it is an emergency contact's: kept, no admin needed
		self.assertEqual((stop.match, stop.meaning, stop.status), ("Unknown number", "Opt out", "Handled"))
		self.assertFalse(frappe.db.exists("ToDo", {"reference_name": stop.name}))
		entry = self.entry(CONTACT)
		self.assertEqual(
			(entry.opted_out, entry.source, entry.inbound_message), (1, "Text reply: STOP", stop.name)
		)
		# the people who see the client see it on the contact row
		[row] = frappe.get_doc("Client", client.name).emergency_contacts
		self.assertEqual(row.sms_opted_out, 1)
		self.assertEqual(frappe.db.get_value("Client", client.name, "sms_opted_out"), 0)  # her own number

		frappe.set_user(self.staff.a)
		alert = raise_alert(case.name, "Manual")
		frappe.set_user("Administrator")
		doc = frappe.get_doc("Safety Alert", alert)
		self.assertEqual(
			{r.phone: r.status for r in doc.recipients}, {"+12025550180": "Pending", CONTACT: "Opted out"}
		)
		self.assertEqual(sorted(self.todos(alert, CALL_CONTACT_TASK)), sorted([self.staff.a, self.staff.s1]))
		self.assertEqual(self.todos(alert, CALL_TASK), [])
		description = frappe.db.get_value("ToDo", {"reference_name": alert}, "description")
		self.assertIn("Tomas Vega", description)
		deliver(alert)
		self.assertEqual([m["to"] for m in self.gateway.received], ["+12025550180"])
		self.assertEqual(frappe.db.get_value("Safety Alert", alert, "status"), "Delivered")

		start = self.text(CONTACT, "START")
		self.assertEqual((start.meaning, start.status), ("Opt in", "Handled"))
		self.assertEqual(
			(self.entry(CONTACT).opted_out, self.entry(CONTACT).inbound_message), (0, start.name)
		)
		self.assertEqual(frappe.get_doc("Client", client.name).emergency_contacts[0].sms_opted_out, 0)
		self.assertTrue(
			frappe.db.exists("Version", {"ref_doctype": "Text Opt-out", "data": ("like", "%opted_out%")})
		)
		self.gateway.received.clear()
		again = raise_alert(case.name, "Manual")
		deliver(again)
		self.assertEqual(sorted(m["to"] for m in self.gateway.received), ["+12025550180", CONTACT])

	def test_an_alert_whose_only_contact_opted_out_is_flagged_at_once(self):
		_client, case = self.client_with_contact("202-555-0182", "202-555-0183")
		frappe.db.set_value("Client", _client.name, "safe_to_text", 0)
		self.text("+12025550183", "baja")
		alert = raise_alert(case.name, "Manual")
		self.assertEqual(frappe.db.get_value("Safety Alert", alert, "status"), "Flagged")
		self.assertTrue(self.todos(alert, CALL_CONTACT_TASK))
		self.assertEqual(self.gateway.received, [])

	def test_a_contact_who_opts_out_before_the_alert_leaves_is_not_texted(self):
		_client, case = self.client_with_contact("202-555-0184", "202-555-0185")
		frappe.db.set_value("Client", _client.name, "safe_to_text", 0)
		alert = raise_alert(case.name, "Manual")  # queued for the job: nothing sent yet
		self.text("+12025550185", "STOP")
		deliver(alert)
		self.assertEqual(self.gateway.received, [])
		doc = frappe.get_doc("Safety Alert", alert)
		self.assertEqual([r.status for r in doc.recipients], ["Opted out"])
		self.assertEqual(doc.status, "Flagged")
		self.assertEqual(sorted(self.todos(alert, CALL_CONTACT_TASK)), sorted([self.staff.a, self.staff.s1]))
		# a flagging that never finished (its worker died): the minute's retry flags it
		frappe.db.set_value("Safety Alert", alert, "status", "Sending")
		frappe.db.delete("ToDo", {"reference_type": "Safety Alert", "reference_name": alert})
		with patch.object(frappe, "enqueue") as enqueue:
			retry_due()
		self.assertIn(alert, [c.kwargs["alert"] for c in enqueue.call_args_list])
		deliver(alert)
		self.assertEqual(frappe.db.get_value("Safety Alert", alert, "status"), "Flagged")
		self.assertEqual(len(self.todos(alert, CALL_CONTACT_TASK)), 2)
		self.assertEqual(self.gateway.received, [])

	def test_a_stop_from_a_number_nobody_has_is_kept_and_shown_to_an_admin(self):
		stop = self.text("+12025550186", "UNSUBSCRIBE")
		self.assertEqual((stop.meaning, stop.status), ("Opt out", "Needs admin"))
		self.assertEqual(self.entry("+12025550186").opted_out, 1)
		self.assertIn(
			self.staff.admin,
			frappe.get_all("ToDo", filters={"reference_name": stop.name}, pluck="allocated_to"),
		)

	def test_a_number_typed_in_after_its_stop_shows_it(self):
		self.text("+12025550187", "STOP")
		client, _case = self.client_with_contact("202-555-0188", "202-555-0187")
		self.assertEqual(frappe.get_doc("Client", client.name).emergency_contacts[0].sms_opted_out, 1)

	def test_every_text_to_a_listed_number_is_held(self):
		"""A client's phone on the list (a STOP from it while it was someone else's, say) holds
		visit texts and the client's page link even though the client record is not opted out."""
		client, case = self.client_with_contact("202-555-0189", "202-555-0190")
		opt_out.record("+12025550189", True, "Text reply: STOP")
		visit = frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": case.name,
				"due_date": add_days(today(), 1),
				"scheduled_time": f"{add_days(today(), 1)} 09:30:00",
			}
		).insert()
		frappe.db.set_value("Follow-up Visit", visit.name, "notice_pending", 0)
		visit_notices.send_due_reminders()
		self.assertNotIn("+12025550189", [m["to"] for m in self.gateway.received])
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{"reference_name": visit.name, "content": ("like", "%opted out%")},
			)
		)
		frappe.set_user(self.staff.a)
		with self.assertRaises(frappe.ValidationError) as refused:
			send_link(case.name, "SMS")
		frappe.set_user("Administrator")
		self.assertIn("STOP", str(refused.exception))
		self.assertEqual(self.gateway.received, [])
		self.assertEqual(frappe.db.get_value("Client", client.name, "sms_opted_out"), 0)

	def test_the_list_is_for_admins(self):
		name = opt_out.record("+12025550191", True, "Text reply: STOP")
		for user, sees in ((self.staff.admin, True), (self.staff.a, False), (self.staff.s1, False)):
			with self.subTest(user=user):
				self.assertEqual(bool(frappe.has_permission("Text Opt-out", "read", name, user=user)), sees)
				self.assertFalse(frappe.has_permission("Text Opt-out", "write", name, user=user))

	def test_recording_twice_keeps_one_row(self):
		opt_out.record("+12025550192", True, "Text reply: STOP")
		opt_out.record("+12025550192", True, "Text reply: STOP")
		self.assertEqual(frappe.db.count("Text Opt-out", {"number": "+12025550192"}), 1)
		self.assertEqual(inbound_actions.opt_source("  ¡Alto! "), "Text reply: ALTO")
