"""Intake search and Start case, as the caseworkers who use them."""

import frappe

from case_management.api.intake import find_clients, start_case
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_note, standard_staff


class TestIntakeApi(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.b)
		cls.returning = make_client(
			first_name="Grace", last_name="Mbeki", date_of_birth="1979-02-11", phone="2025550171"
		)
		make_case(cls.returning.name, caseworker=cls.staff.b)
		frappe.set_user("Administrator")

	def test_finds_a_returning_client_from_another_caseload_with_minimal_data(self):
		frappe.set_user(self.staff.a)
		for query in (
			{"phone": "(202) 555-0171"},
			{"name": "grace", "date_of_birth": "1979-02-11"},
			{"name": "Grace Mbeki"},
		):
			with self.subTest(query=query):
				rows = find_clients(**query)
				self.assertEqual([r["name"] for r in rows], [self.returning.name])
				row = rows[0]
				self.assertEqual(row["phone"], "•••0171")
				self.assertEqual(row["open_cases"], 1)
				self.assertFalse(row["can_open"])
				self.assertNotIn("address_line1", row)

	def test_refuses_searches_that_would_browse_the_client_list(self):
		frappe.set_user(self.staff.a)
		for query in ({}, {"name": "Grace"}, {"date_of_birth": "1979-02-11"}, {"name": "G Mbeki"}):
			with self.subTest(query=query):
				self.assertRaises(frappe.ValidationError, find_clients, **query)
		self.assertRaises(frappe.ValidationError, find_clients, phone="not a phone")

	def test_names_match_as_whole_words_only(self):
		"""Two letters of each name never list everyone whose name holds them."""
		frappe.set_user(self.staff.a)
		self.assertEqual(find_clients(name="Gr Mb"), [])
		self.assertEqual(find_clients(name="Grac Mbek"), [])
		self.assertEqual([r["name"] for r in find_clients(name="mbeki grace")], [self.returning.name])

	def test_every_search_is_logged_for_the_supervisor_of_the_searcher(self):
		frappe.set_user(self.staff.a)
		find_clients(name="Grace Mbeki")
		frappe.set_user("Administrator")
		log = frappe.get_last_doc(
			"Client Access Log", filters={"user": self.staff.a, "kind": "Intake search"}
		)
		self.assertEqual((log.results, log.clients, log.team), (1, self.returning.name, "Test Team North"))
		self.assertIn("Grace Mbeki", log.query)
		for user, may in (
			(self.staff.s1, True),
			(self.staff.s2, False),
			(self.staff.a, False),
			(self.staff.b, False),
		):
			with self.subTest(user=user):
				self.assertEqual(
					frappe.has_permission("Client Access Log", "read", doc=log.name, user=user), may
				)

	def test_searches_past_the_hourly_limit_are_refused(self):
		frappe.set_user("Administrator")
		settings = frappe.get_single("Case Management Settings")
		previous = settings.intake_searches_per_hour
		frappe.db.set_single_value("Case Management Settings", "intake_searches_per_hour", 2)
		frappe.cache.delete(frappe.cache.make_key(f"rl:intake-searches:{self.staff.b}"))
		try:
			frappe.set_user(self.staff.b)
			find_clients(name="Grace Mbeki")
			find_clients(name="Grace Mbeki")
			self.assertRaises(frappe.RateLimitExceededError, find_clients, name="Grace Mbeki")
		finally:
			frappe.set_user("Administrator")
			frappe.db.set_single_value("Case Management Settings", "intake_searches_per_hour", previous)
			frappe.cache.delete(frappe.cache.make_key(f"rl:intake-searches:{self.staff.b}"))

	def test_only_staff_who_start_cases_can_search(self):
		for user in (self.staff.partner, self.staff.desk, "Guest"):
			frappe.set_user(user)
			with self.subTest(user=user):
				self.assertRaises(frappe.PermissionError, find_clients, phone="2025550171")
				self.assertRaises(frappe.PermissionError, start_case, client=self.returning.name)

	def test_opening_a_client_known_to_another_caseload_needs_a_reason(self):
		frappe.set_user(self.staff.a)
		before = frappe.db.count("Case")
		self.assertRaises(
			frappe.ValidationError, start_case, client=self.returning.name, caseworker=self.staff.a
		)
		self.assertEqual(frappe.db.count("Case"), before)
		self.assertFalse(frappe.has_permission("Client", "read", self.returning.name))

	def test_a_second_open_case_is_refused_even_in_my_own_caseload(self):
		frappe.set_user(self.staff.a)
		mine = make_client(first_name="Onlyone", last_name="Opencase")
		first = make_case(mine.name, caseworker=self.staff.a)
		before = frappe.db.count("Case", {"client": mine.name})
		with self.assertRaisesRegex(frappe.ValidationError, "already has an open case"):
			start_case(client=mine.name, caseworker=self.staff.a)
		# a caseworker's reason does not lift it: only a supervisor's does
		with self.assertRaisesRegex(frappe.ValidationError, "already has an open case"):
			start_case(client=mine.name, caseworker=self.staff.a, second_case_reason="I want two")
		self.assertEqual(frappe.db.count("Case", {"client": mine.name}), before)
		match = next(r for r in find_clients(name="Onlyone Opencase") if r["name"] == mine.name)
		self.assertEqual((match["open_cases"], match["open_case"]), (1, first.name))
		frappe.set_user(self.staff.s1)
		with self.assertRaisesRegex(frappe.ValidationError, "Say why"):
			start_case(client=mine.name, caseworker=self.staff.a)
		second = start_case(
			client=mine.name, caseworker=self.staff.a, second_case_reason="Court ordered a separate case"
		)
		self.assertEqual(
			frappe.db.get_value("Case", second["name"], "second_case_reason"), "Court ordered a separate case"
		)
		# once the first is closed, a new case needs no supervisor
		frappe.db.set_value("Case", {"client": mine.name}, "workflow_state", "Closed")
		frappe.set_user(self.staff.a)
		self.assertTrue(start_case(client=mine.name, caseworker=self.staff.a)["can_read"])

	def test_with_a_reason_the_client_opens_the_other_case_stays_closed_and_its_staff_are_told(self):
		frappe.set_user(self.staff.b)
		other_case = frappe.db.get_value("Case", {"client": self.returning.name, "caseworker": self.staff.b})
		note = make_note(other_case, subject="Only for the first caseload").name
		frappe.set_user(self.staff.a)
		# the client has an open case in B's caseload: A cannot start a second one
		with self.assertRaisesRegex(frappe.ValidationError, "already has an open case"):
			start_case(client=self.returning.name, caseworker=self.staff.a, reason="Walked in")
		self.assertFalse(frappe.has_permission("Client", "read", self.returning.name))
		frappe.set_user(self.staff.s1)  # A's supervisor may, with both reasons
		result = start_case(
			client=self.returning.name,
			caseworker=self.staff.a,
			reason="Client walked in to our office today",
			second_case_reason="Moved to our area; the other case closes next week",
		)
		frappe.set_user(self.staff.a)
		self.assertTrue(frappe.has_permission("Case", "read", result["name"]))
		self.assertEqual(result["caseworker"], self.staff.a)
		self.assertTrue(frappe.has_permission("Client", "read", self.returning.name))
		# the other caseload's case and what hangs off it stay theirs
		self.assertFalse(frappe.has_permission("Case", "read", other_case))
		self.assertFalse(frappe.has_permission("Case Note", "read", note))
		frappe.set_user("Administrator")
		log = frappe.get_last_doc(
			"Client Access Log", filters={"user": self.staff.s1, "kind": "Opened another caseload's client"}
		)
		self.assertEqual(
			(log.client, log.case, log.other_cases), (self.returning.name, result["name"], other_case)
		)
		self.assertEqual(log.reason, "Client walked in to our office today")
		told = frappe.get_all(
			"ToDo", filters={"reference_type": "Case", "reference_name": other_case, "status": "Open"},
			fields=["allocated_to", "description"],
		)  # fmt: skip
		notices = {t.allocated_to for t in told if "Client walked in" in t.description}
		self.assertEqual(notices, {self.staff.b, self.staff.s2})

	def test_a_returning_client_whose_cases_are_closed_also_needs_a_reason_and_tells_no_one(self):
		frappe.set_user(self.staff.b)
		former = make_client(first_name="Formera", last_name="Closedby")
		case = make_case(former.name, caseworker=self.staff.b)
		frappe.db.set_value("Case", case.name, "workflow_state", "Closed")
		frappe.set_user(self.staff.a)
		self.assertRaises(frappe.ValidationError, start_case, client=former.name, caseworker=self.staff.a)
		result = start_case(client=former.name, caseworker=self.staff.a, reason="Came back for rent help")
		self.assertTrue(result["can_read"])
		self.assertFalse(frappe.has_permission("Case", "read", case.name))  # the closed case stays B's
		frappe.set_user("Administrator")
		log = frappe.get_last_doc("Client Access Log", filters={"user": self.staff.a, "client": former.name})
		self.assertEqual((log.reason, log.other_cases), ("Came back for rent help", None))
		self.assertFalse(
			frappe.db.exists("ToDo", {"reference_name": case.name, "description": ["like", "%rent help%"]})
		)

	def test_start_case_for_an_unknown_client(self):
		frappe.set_user(self.staff.a)
		before = frappe.db.count("Case")
		self.assertRaises(frappe.DoesNotExistError, start_case, client="CL-0000-NOPE")
		self.assertEqual(frappe.db.count("Case"), before)
