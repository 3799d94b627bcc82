"""The client's own page (#21): the link goes only to a channel the client consented to and
marked safe; the page shows only the client's visits, goals, the caseworker's first name and
the agency's phone; dead links name no one; the message box keeps an Inbound Message and a
ToDo, within its length and rate limits."""

import secrets
from unittest.mock import patch

import frappe
from frappe.utils import add_days, add_to_date, get_datetime, now_datetime, set_request, today
from frappe.website.serve import get_response

from case_management.api import client_page as api
from case_management.services import visit_links
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_member, make_note, standard_staff

SEND_ONE = "case_management.services.safety.send_one"


class TestClientPage(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.db.set_single_value(
			"Case Management Settings",
			{
				"agency_name": "Eastside Family Services",
				"agency_phone": "202-555-0199",
				"client_page_days": 14,
				"client_page_messages_per_hour": 3,
				"client_page_message_chars": 300,
			},
		)
		frappe.clear_document_cache("Case Management Settings", "Case Management Settings")
		frappe.db.set_value("User", cls.staff.a, {"first_name": "Dana", "last_name": "Whitfield"})

	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")

	def make(self, language="en", **client_kw):
		frappe.set_user(self.staff.a)
		values = {
			"first_name": "Ines",
			"last_name": "Solano",
			"language": language,
			"phone": "202-555-0161",
			"ok_to_sms": 1,
			"safe_to_text": 1,
			**client_kw,
		}
		client = make_client(**values)
		case = make_case(client.name, caseworker=self.staff.a)
		frappe.set_user("Administrator")
		return client, frappe.get_doc("Case", case.name)

	def send(self, case, channel="SMS", user=None):
		frappe.set_user(user or self.staff.a)
		try:
			with patch(SEND_ONE, return_value=None) as sent:
				result = api.send_link(case.name, channel)
			return result, sent
		finally:
			frappe.set_user("Administrator")

	def token_of(self, sent) -> str:
		return sent.call_args.args[2].split("token=")[1].split()[0]

	def stored(self, case):
		return frappe.db.get_value("Case", case.name, ["client_page_hash", "client_page_expires"])

	def test_the_link_is_texted_signed_and_expires(self):
		_client, case = self.make()
		result, sent = self.send(case)
		self.assertEqual(sent.call_args.args[1], "+12025550161")
		token = self.token_of(sent)
		stored_hash, expires = self.stored(case)
		self.assertTrue(stored_hash)
		self.assertNotEqual(stored_hash, token)
		self.assertNotIn(token, str(frappe.db.get_value("Case", case.name, "*", as_dict=True)))
		days = (get_datetime(expires) - now_datetime()).days
		self.assertIn(days, (13, 14))
		self.assertIn("until", result["message"])
		# a new link ends the one sent before
		_result, again = self.send(case)
		self.assertNotEqual(self.token_of(again), token)
		self.assertEqual(self.render(token)[0], 410)

	def test_channels_the_client_did_not_consent_to_are_refused_and_nothing_is_saved(self):
		refused = {
			"no consent to texts": {"ok_to_sms": 0},
			"not safe to text": {"safe_to_text": 0},
			"opted out": {"sms_opted_out": 1},
			"no phone": {"phone": None},
		}
		for label, kw in refused.items():
			with self.subTest(label):
				_client, case = self.make(**kw)
				with self.assertRaises(frappe.ValidationError) as why:
					self.send(case, "SMS")
				self.assertNotIn("0161", str(why.exception))
				self.assertEqual(self.stored(case), (None, None))
		_client, case = self.make(email="ines@example.com", ok_to_email=0)
		with self.assertRaises(frappe.ValidationError):
			self.send(case, "Email")
		with self.assertRaises(frappe.ValidationError):
			self.send(case, "Carrier pigeon")
		self.assertEqual(self.stored(case), (None, None))

	def test_email_when_the_client_agreed_to_email(self):
		_client, case = self.make(email="ines@example.com", ok_to_email=1)
		with (
			patch("case_management.services.referrals.outgoing_account_exists", return_value=True),
			patch("frappe.sendmail") as mail,
		):
			self.send(case, "Email")
		self.assertEqual(mail.call_args.kwargs["recipients"], ["ines@example.com"])
		self.assertIn("/my-page?token=", mail.call_args.kwargs["message"])
		self.assertTrue(self.stored(case)[0])

	def test_a_gateway_that_refuses_leaves_no_link(self):
		_client, case = self.make()
		frappe.set_user(self.staff.a)
		with (
			patch(SEND_ONE, return_value="gateway answered HTTP 500"),
			self.assertRaises(frappe.ValidationError),
		):
			api.send_link(case.name, "SMS")
		frappe.set_user("Administrator")
		self.assertEqual(self.stored(case), (None, None))

	def test_another_caseworker_may_not_send_or_revoke(self):
		_client, case = self.make()
		with self.assertRaises(frappe.PermissionError):
			self.send(case, user=self.staff.b)
		_result, sent = self.send(case)
		frappe.set_user(self.staff.b)
		with self.assertRaises(frappe.PermissionError):
			api.revoke_link(case.name)
		frappe.set_user("Administrator")
		self.assertEqual(self.render(self.token_of(sent))[0], 200)

	def test_the_page_shows_only_what_it_may(self):
		client, case = self.make()
		other = make_client(first_name="Zephyrine", last_name="Quillfeather")
		make_member(client.name, "Self", first_name="Ines", last_name="Solano")
		make_member(client.name, "Child", first_name="Marisol", last_name="Quintero")
		make_note(case.name, note="Disclosed the partner's threats at the shelter intake.")
		case.reload()
		case.append("goals", {"goal": "Find a two-bedroom flat", "status": "In Progress"})
		case.append("goals", {"goal": "Open a bank account", "status": "Achieved"})
		case.save()
		case.db_set({"vulnerability_score": 13.75, "score_band": "Zorbatic band"}, update_modified=False)
		visit = self.visit(case)
		_result, sent = self.send(case)
		status, html = self.render(self.token_of(sent))
		self.assertEqual(status, 200)
		for shown in (
			"Find a two-bedroom flat",
			"Working on it",
			"1 of 2 goals done",
			"Dana",
			'href="tel:202-555-0199"',
			">(202) 555-0199</a>",  # the agency's phone, as a person reads it
		):
			self.assertIn(shown, html)
		self.assertIn(f'data-visit="{visit.name}"', html)
		for absent in (
			"Marisol",
			"Quintero",
			"threats",
			"13.75",
			"Zorbatic",
			other.first_name,
			other.last_name,
			"Ines",
			"Solano",
			"0161",
			"Whitfield",
			self.staff.a,
			case.name,
			client.name,
		):
			self.assertNotIn(absent, html)

	def test_the_page_in_spanish(self):
		_client, case = self.make(language="es")
		self.visit(case)
		_result, sent = self.send(case)
		self.assertIn("su pagina", sent.call_args.args[2])
		status, html = self.render(self.token_of(sent))
		self.assertEqual(status, 200)
		for shown in ("Su página", "Sus citas", "Escribir a su trabajador", 'lang="es"'):
			self.assertIn(shown, html)

	def test_dead_links_show_one_plain_page(self):
		for label in ("expired", "revoked", "unknown", "case closed"):
			with self.subTest(label):
				_client, case = self.make()
				_result, sent = self.send(case)
				token = self.token_of(sent)
				if label == "expired":
					case.db_set("client_page_expires", add_days(now_datetime(), -1), update_modified=False)
				elif label == "revoked":
					frappe.set_user(self.staff.a)
					api.revoke_link(case.name)
					frappe.set_user("Administrator")
				elif label == "unknown":
					token = secrets.token_urlsafe(32)
				else:
					case.db_set("workflow_state", "Closed", update_modified=False)
				status, html = self.render(token)
				self.assertEqual(status, 410)
				self.assertIn("This link no longer works", html)
				for absent in ("Ines", "Solano", "Dana", "Your appointments"):
					self.assertNotIn(absent, html)
				with self.assertRaises(frappe.PermissionError):
					self.post("send_message", token=token, message="hello")

	def test_revoking_the_page_ends_the_visit_links_too(self):
		_client, case = self.make()
		visit = self.visit(case)
		visit_token = visit_links.issue_link(visit).split("token=")[1]
		self.send(case)
		frappe.set_user(self.staff.a)
		api.revoke_link(case.name)
		frappe.set_user("Administrator")
		self.assertEqual(self.stored(case), (None, None))
		with self.assertRaises(frappe.PermissionError):
			visit_links.check_link(visit.name, visit_token)

	def test_revoking_one_visit_link(self):
		_client, case = self.make()
		visit = self.visit(case)
		visit_token = visit_links.issue_link(visit).split("token=")[1]
		_other_client, other_case = self.make()
		frappe.set_user(self.staff.a)
		with self.assertRaises(frappe.PermissionError):
			api.revoke_visit_link(other_case.name, visit.name)  # not that case's visit
		visit_links.check_link(visit.name, visit_token)
		api.revoke_visit_link(case.name, visit.name)
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):
			visit_links.check_link(visit.name, visit_token)

	def test_confirm_and_reschedule_from_the_page_only_for_the_cases_own_visits(self):
		_client, case = self.make()
		visit = self.visit(case)
		_other_client, other_case = self.make()
		stranger = self.visit(other_case)
		_result, sent = self.send(case)
		token = self.token_of(sent)
		self.post("respond", token=token, visit=visit.name, action="confirm")
		self.assertEqual(frappe.db.get_value("Follow-up Visit", visit.name, "client_response"), "Confirmed")
		with self.assertRaises(frappe.PermissionError):
			self.post("respond", token=token, visit=stranger.name, action="confirm")
		self.assertFalse(frappe.db.get_value("Follow-up Visit", stranger.name, "client_response"))
		with self.assertRaises(frappe.ValidationError):
			self.post("respond", token=token, visit=visit.name, action="cancel")
		self.post("respond", token=token, visit=visit.name, action="reschedule", preferred_time="Friday")
		row = frappe.db.get_value(
			"Follow-up Visit", visit.name, ["client_response", "client_preferred_time"], as_dict=True
		)
		self.assertEqual((row.client_response, row.client_preferred_time), ("Asked to reschedule", "Friday"))
		self.assertTrue(
			frappe.db.exists("ToDo", {"reference_name": visit.name, "allocated_to": self.staff.a})
		)

	def test_a_message_is_kept_on_the_case_with_a_task_and_is_limited(self):
		client, case = self.make()
		_result, sent = self.send(case)
		token = self.token_of(sent)
		before = frappe.db.count("Inbound Message")
		for bad in ("   ", "x" * 301):
			with self.subTest(bad=bad[:5]), self.assertRaises(frappe.ValidationError):
				self.post("send_message", token=token, message=bad)
		self.assertEqual(frappe.db.count("Inbound Message"), before)
		self.post("send_message", token=token, message="  Can we meet after school pickup?  ")
		message = frappe.get_last_doc("Inbound Message", filters={"case": case.name})
		self.assertEqual(
			(message.client, message.source, message.status, message.body),
			(client.name, "Client page", "Needs caseworker", "Can we meet after school pickup?"),
		)
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Inbound Message", "reference_name": message.name},
			fields=["allocated_to", "description"],
		)
		self.assertEqual([t.allocated_to for t in todo], [self.staff.a])
		self.assertNotIn("pickup", todo[0].description)
		# three messages an hour per link (the settings); the two refused above counted too
		with self.assertRaises(frappe.RateLimitExceededError):
			self.post("send_message", token=token, message="one more")
		self.assertEqual(frappe.db.count("Inbound Message", {"case": case.name}), 1)

	# --- helpers ---------------------------------------------------------------------------

	def visit(self, case, days=3):
		frappe.set_user(self.staff.a)
		doc = frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": case.name,
				"due_date": add_days(today(), days),
				"scheduled_time": add_to_date(f"{add_days(today(), days)} 10:30:00"),
				"mode": "Home visit",
			}
		).insert()
		frappe.set_user("Administrator")
		return doc

	def post(self, method: str, **kwargs):
		"""Call the page's method as a guest over a request, so its rate limits count."""
		set_request(method="POST", path=f"/api/method/case_management.api.client_page.{method}")
		frappe.local.request_ip = self.ip
		frappe.set_user("Guest")  # before the arguments: set_user empties frappe.local.form_dict
		# frappe.local's, never frappe.form_dict itself: that name is the process's proxy to it
		frappe.local.form_dict = frappe._dict(cmd=f"case_management.api.client_page.{method}", **kwargs)
		try:
			return getattr(api, method)(**kwargs)
		finally:
			frappe.set_user("Administrator")
			frappe.local.request = None
			frappe.local.request_ip = None
			frappe.local.form_dict = frappe._dict()

	@property
	def ip(self) -> str:
		if not getattr(self, "_ip", None):
			self._ip = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
		return self._ip

	def render(self, token: str) -> tuple[int, str]:
		set_request(method="GET", path=f"/my-page?token={token}")
		frappe.set_user("Guest")  # before the arguments: set_user empties frappe.local.form_dict
		frappe.local.form_dict = frappe._dict(token=token)
		try:
			response = get_response("my-page")
			return response.status_code, response.get_data(as_text=True)
		finally:
			frappe.set_user("Administrator")
			frappe.local.lang = "en"
			frappe.local.request = None
			frappe.local.form_dict = frappe._dict()
