"""Appointment messages: Notification records, consent, language, quiet hours, reminders."""

import email
import email.policy

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, today

from case_management.services import visit_notices
from case_management.services.visit_links import check_link
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff
from case_management.tests.sms_gateway import Gateway, configure_sms_settings


class TestVisitNotices(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.gateway = Gateway()
		configure_sms_settings(cls.gateway.url)
		# Mail is queued through a real outgoing account, and never sent from a test.
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "Visit Notices Test Outbox",
				"email_id": "outbox@case-management.example.org",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
		frappe.flags.mute_emails = True  # queue, never send: sending commits
		cls.addClassCleanup(setattr, frappe.flags, "mute_emails", False)
		cls.set_quiet_hours(None, None)

	@classmethod
	def tearDownClass(cls):
		cls.gateway.stop()
		super().tearDownClass()

	@staticmethod
	def set_quiet_hours(start, end):
		frappe.db.set_single_value(
			"Case Management Settings", {"quiet_hours_start": start, "quiet_hours_end": end}
		)
		frappe.clear_document_cache("Case Management Settings", "Case Management Settings")

	def setUp(self):
		self.gateway.received.clear()
		self.set_quiet_hours(None, None)
		# The job counts every pending booking notice of the site: visits booked by earlier tests
		# (in this run's other modules) are not this test's, so they are taken as already sent.
		frappe.db.set_value(
			"Follow-up Visit", {"notice_pending": 1}, "notice_pending", 0, update_modified=False
		)

	def visit(self, language="en", **client):
		frappe.set_user(self.staff.a)
		data = {
			"first_name": "Iris",
			"last_name": "Vega",
			"email": "iris.vega@mail.example.com",
			"phone": "202-555-0170",
			"ok_to_email": 1,
			"ok_to_sms": 1,
			"safe_to_text": 1,
			"language": language,
			**client,
		}
		case = make_case(make_client(**data).name, caseworker=self.staff.a)
		visit = frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": case.name,
				"due_date": add_days(today(), 1),
				"scheduled_time": f"{add_days(today(), 1)} 10:30:00",
				"mode": "Office visit",
			}
		).insert()
		frappe.set_user("Administrator")
		return visit

	def emails(self, visit):
		return frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Follow-up Visit", "reference_name": visit.name},
			fields=["name", "message"],
		)

	def test_booking_notice_in_the_clients_language_sent_by_the_job(self):
		visit = self.visit(language="es")
		self.assertEqual(self.gateway.received, [])  # nothing is sent while booking
		self.assertEqual(self.emails(visit), [])
		self.assertEqual(visit_notices.send_due_notices(), 1)
		[mail] = self.emails(visit)
		self.assertIn("su cita", mail.message.lower())
		[sms] = self.gateway.received
		self.assertEqual(sms["to"], "+12025550170")
		self.assertIn("Su cita", sms["text"])
		self.assertEqual(visit_notices.send_due_notices(), 0)  # once only

	def test_consent_decides_the_channel(self):
		no_email = self.visit(ok_to_email=0)
		visit_notices.send_due_notices()
		self.assertEqual(self.emails(no_email), [])
		self.assertEqual(len(self.gateway.received), 1)
		self.gateway.received.clear()
		unsafe = self.visit(safe_to_text=0)
		visit_notices.send_due_notices()
		self.assertEqual(self.gateway.received, [])  # a phone that is not safe is never texted
		self.assertEqual(len(self.emails(unsafe)), 1)
		notes = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Follow-up Visit", "reference_name": unsafe.name},
			pluck="content",
		)
		self.assertTrue(
			any("Visit booked (text) not sent" in n and "safe_to_text" in n for n in notes), notes
		)

	def test_quiet_hours_delay_routine_messages(self):
		now = now_datetime()
		self.set_quiet_hours(
			add_to_date(now, hours=-1).strftime("%H:%M:%S"), add_to_date(now, hours=2).strftime("%H:%M:%S")
		)
		visit = self.visit()
		visit.reload()
		self.assertGreater(visit.notice_after, now)
		self.assertEqual(visit_notices.send_due_notices(), 0)
		self.assertEqual(visit_notices.send_due_reminders(), 0)
		self.assertEqual((self.gateway.received, self.emails(visit)), ([], []))

	def test_reminder_the_day_before_once(self):
		visit = self.visit(phone="202-555-0171")
		frappe.db.set_value("Follow-up Visit", visit.name, "notice_pending", 0)
		self.assertGreaterEqual(visit_notices.send_due_reminders(), 1)
		link_hash = frappe.db.get_value("Follow-up Visit", visit.name, "client_link_hash")
		visit_notices.send_due_reminders()  # the scheduler runs again: nothing new
		self.assertEqual(len(self.emails(visit)), 1)
		[text] = [m["text"] for m in self.gateway.received if m["to"] == "+12025550171"]
		self.assertTrue(text.startswith("Reminder: your appointment is tomorrow. Confirm or change: http"))
		# The text and the email carry the same link to this visit, and it works.
		token = text.split("token=")[1].strip()
		# the message's text parts, decoded by the email package (decoding the raw message as
		# quoted-printable also "decoded" the random MIME boundary's "=8…" into a stray byte)
		message = email.message_from_string(self.emails(visit)[0].message, policy=email.policy.default)
		email_text = "".join(
			part.get_content() for part in message.walk() if part.get_content_maintype() == "text"
		)
		self.assertIn(f"visit={visit.name}&amp;token={token}", email_text)
		self.assertEqual(check_link(visit.name, token).name, visit.name)
		# the second run sent nothing, so it made no new link (the one sent still works)
		self.assertEqual(frappe.db.get_value("Follow-up Visit", visit.name, "client_link_hash"), link_hash)
		self.assertEqual(
			frappe.db.get_value("Follow-up Visit", visit.name, ["reminder_sent", "sms_reminder_sent"]), (1, 1)
		)

	def test_texts_are_notification_records_an_admin_edits(self):
		notification = frappe.get_doc("Notification", "Visit reminder (text)")
		notification.message = "Custom reminder from the Eastside office."
		notification.save()
		visit = self.visit()
		frappe.db.set_value("Follow-up Visit", visit.name, "notice_pending", 0)
		visit_notices.send_due_reminders()
		self.assertIn("Custom reminder from the Eastside office.", [m["text"] for m in self.gateway.received])
