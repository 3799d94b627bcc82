"""Frappe's generic channels on another caseload's records (permissions/channels.py, children.py,
trails.py): each is asked as caseworker B about caseworker A's client, and must answer as if
the record did not exist. http_tests/test_every_channel.py does the same over real HTTP for
every method; these tests pin each fix down so that removing it fails here."""

from contextlib import contextmanager

import frappe
from frappe.desk.like import toggle_like

from case_management.permissions import channels, replacements
from case_management.permissions.trails import TRAILS
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_member, standard_staff

MARK = "Zyxcanary"


@contextmanager
def http_call(method: str, **args):
	"""Run the channel guard as Frappe runs it for `POST /api/method/<method>` with `args`."""
	saved_request, saved_form = getattr(frappe.local, "request", None), frappe.local.form_dict
	frappe.local.request = frappe._dict(path=f"/api/method/{method}")
	frappe.local.form_dict = frappe._dict(args)
	try:
		yield channels.check_call
	finally:
		frappe.local.request, frappe.local.form_dict = saved_request, saved_form


class TestGenericChannels(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		cls.client = make_client(
			first_name=MARK,
			last_name="Hidden",
			phone="2025550144",
			emergency_contacts=[
				{"full_name": f"{MARK} Contact", "relationship": "Parent", "phone": "2025550145"}
			],
		)
		cls.case = make_case(cls.client.name, caseworker=cls.staff.a)
		cls.member = make_member(
			cls.client.name,
			"Self",
			MARK,
			income=[{"source": "Earned income", "amount": 1234, "frequency": "Monthly"}],
		)
		frappe.set_user("Administrator")
		cls.file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{MARK}-court-order.txt",
				"content": b"private",
				"is_private": 1,
				"attached_to_doctype": "Client",
				"attached_to_name": cls.client.name,
			}
		).insert(ignore_permissions=True)

	def setUp(self):
		frappe.set_user(self.staff.b)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_child_rows_of_records_one_cannot_see_are_not_listed_or_counted(self):
		for child, parent in (("Client Emergency Contact", "Client"), ("Income Entry", "Household Member")):
			with self.subTest(child=child):
				rows = frappe.get_list(child, parent_doctype=parent, fields=["parent"], limit=0)
				self.assertNotIn(
					self.client.name if parent == "Client" else self.member.name, {r.parent for r in rows}
				)
				self.assertEqual(
					replacements.get_count(
						child,
						filters={"parent": self.client.name if parent == "Client" else self.member.name},
						parent=parent,
					),
					0,
				)
		frappe.set_user(self.staff.a)  # the owner still sees them
		self.assertEqual(
			replacements.get_count(
				"Client Emergency Contact", filters={"parent": self.client.name}, parent="Client"
			),
			1,
		)

	def test_a_value_asked_of_a_record_one_cannot_see_is_not_there(self):
		from frappe.client import get_value

		self.assertFalse(get_value("Client", "phone", {"phone": "+12025550144"}))
		self.assertFalse(get_value("Client", "first_name", self.client.name))

	def test_counts_are_only_of_what_one_may_list(self):
		self.assertEqual(replacements.get_count("Client", filters={"first_name": MARK}), 0)
		self.assertEqual(replacements.get_count("Client", filters={"phone": "+12025550144"}), 0)
		self.assertRaises(
			frappe.PermissionError, replacements.get_count, "Version", {"docname": self.client.name}
		)

	def test_link_search_keeps_the_record_rules_whatever_the_caller_asks(self):
		found = replacements.search_link("Client", MARK, ignore_user_permissions=True)
		self.assertEqual(found, [])
		with self.assertRaises(frappe.PermissionError):
			replacements.search_link("Client", MARK, query="frappe.desk.search.search_widget")
		frappe.set_user(self.staff.a)
		self.assertEqual([r["value"] for r in replacements.search_link("Client", MARK)], [self.client.name])

	def test_link_search_on_tasks_keeps_their_rules_too(self):
		"""A ToDo about another caseload's case carries the client's name in its text."""
		frappe.set_user("Administrator")
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"reference_type": "Case",
				"reference_name": self.case.name,
				"allocated_to": self.staff.a,
				"description": f"Call {MARK} Hidden about the court date",
			}
		).insert(ignore_permissions=True)
		frappe.set_user(self.staff.b)
		self.assertEqual(replacements.search_link("ToDo", MARK, ignore_user_permissions=True), [])
		self.assertEqual(replacements.search_widget("ToDo", MARK, ignore_user_permissions=True), [])

	def test_a_search_with_the_word_as_finds_what_it_names(self):
		"""Frappe's own link search fails on the word "as" between spaces (it splits the column
		expression holding the text there): the search answers, and finds the task."""
		frappe.set_user("Administrator")
		todo = frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": self.staff.a,
				"description": f"Treat {MARK} as urgent as of today",
			}
		).insert(ignore_permissions=True)
		frappe.set_user(self.staff.b)  # not theirs: nothing found, and no error either
		for text in (f"{MARK} as urgent as of", "treat zzz as of"):
			self.assertEqual(replacements.search_widget("ToDo", text), [])
		frappe.set_user(self.staff.a)
		found = replacements.search_widget("ToDo", f"{MARK} as urgent as of", as_dict=True)
		self.assertEqual([r.name for r in found], [todo.name])
		found = replacements.search_link("ToDo", f"{MARK} as urgent")
		self.assertEqual([r["value"] for r in found], [todo.name])

	def test_a_refusal_names_nothing_it_looked_at(self):
		"""Frappe writes each permission check it makes into the refusal: the app's own look-up of
		the record a file hangs off must not show there."""
		frappe.local.message_log = []
		frappe.flags.error_message = None
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("File", self.file.name).check_permission("read")
		said = " ".join(str(m) for m in frappe.local.message_log) + str(frappe.flags.error_message or "")
		self.assertNotIn(self.client.name, said)

	def test_assigned_to_counts_only_over_listable_records(self):
		frappe.set_user("Administrator")
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"reference_type": "Client",
				"reference_name": self.client.name,
				"allocated_to": self.staff.a,
				"description": "x",
			}
		).insert(ignore_permissions=True)
		frappe.set_user(self.staff.b)
		counts = replacements.get_group_by_count(
			"Client", frappe.as_json({"first_name": MARK}), "assigned_to"
		)
		self.assertEqual(counts, [])

	def test_files_attached_to_records_one_cannot_see_are_not_listed(self):
		names = frappe.get_list("File", filters={"attached_to_doctype": "Client"}, pluck="file_name", limit=0)
		self.assertNotIn(self.file.file_name, names)
		self.assertFalse(frappe.has_permission("File", "read", doc=self.file.name))
		frappe.set_user(self.staff.a)
		self.assertIn(
			self.file.file_name,
			frappe.get_list("File", filters={"attached_to_doctype": "Client"}, pluck="file_name", limit=0),
		)

	def test_every_trail_doctype_is_narrowed(self):
		for trail in TRAILS:
			with self.subTest(trail=trail):
				condition = frappe.get_hooks("permission_query_conditions").get(trail)
				self.assertIn("case_management.permissions.trails.query_condition", condition)

	def test_like_follow_tag_and_assign_on_a_record_one_cannot_see_are_refused(self):
		for method, args in (
			("frappe.desk.like.toggle_like", {"doctype": "Client", "name": self.client.name, "add": "Yes"}),
			(
				"frappe.desk.form.document_follow.follow_document",
				{"doctype": "Client", "doc_name": self.client.name, "user": self.staff.b},
			),
			("frappe.desk.doctype.tag.tag.add_tag", {"tag": "x", "dt": "Client", "dn": self.client.name}),
			(
				"frappe.desk.doctype.tag.tag.add_tags",
				{"tags": '["x"]', "dt": "Client", "docs": frappe.as_json([self.client.name])},
			),
			(
				"frappe.desk.form.assign_to.add",
				{
					"args": frappe.as_json(
						{"doctype": "Case", "name": self.case.name, "assign_to": [self.staff.b]}
					)
				},
			),
			("frappe.desk.form.load.get_docinfo", {"doctype": "Client", "name": self.client.name}),
		):
			with self.subTest(method=method), http_call(method, **args) as check:
				self.assertRaises(frappe.PermissionError, check)
		# and a record that does not exist gets the very same answer
		with http_call(
			"frappe.desk.like.toggle_like", doctype="Client", name="CL-NONE-0000", add="Yes"
		) as check:
			self.assertRaises(frappe.PermissionError, check)
		# the owner may
		frappe.set_user(self.staff.a)
		with http_call(
			"frappe.desk.like.toggle_like", doctype="Client", name=self.client.name, add="Yes"
		) as check:
			check()
		toggle_like("Client", self.client.name, "Yes")

	def test_filters_on_fields_one_may_not_read_are_refused(self):
		"""A partner reads a referral's first name and initial, never the client's full name:
		neither may they filter or group by it."""
		frappe.set_user(self.staff.partner)
		for args in (
			{"doctype": "Referral", "filters": frappe.as_json({"client_name": ["like", "A%"]})},
			{
				"doctype": "Referral",
				"filters": frappe.as_json([["Referral", "client", "=", self.client.name]]),
			},
			{"doctype": "Referral", "fields": frappe.as_json(["client_name"])},
			{"doctype": "Referral", "current_filters": "{}", "field": "client_name"},
		):
			with self.subTest(args=args), http_call("frappe.client.get_count", **args) as check:
				self.assertRaises(frappe.PermissionError, check)
		with http_call(
			"frappe.client.get_count", doctype="Referral", filters=frappe.as_json({"status": "Sent"})
		) as check:
			check()
		# a number card made up by the caller names the doctype and the filters inside its JSON
		card = {"doctype": "Number Card", "name": "Made up", "document_type": "Referral", "function": "Count"}
		with http_call(
			"frappe.desk.doctype.number_card.number_card.get_result",
			doc=frappe.as_json(card),
			filters=frappe.as_json([["Referral", "client_name", "like", "A%"]]),
		) as check:
			self.assertRaises(frappe.PermissionError, check)

	def test_a_list_of_frappes_own_records_about_an_app_doctype_is_not_refused(self):
		"""The list sidebar reads the saved filters of the list it shows (List Filter, filtered on
		`reference_doctype`): that is a list of List Filters, not of the app's records."""
		with http_call(
			"frappe.client.get_list",
			doctype="List Filter",
			fields=frappe.as_json(["name", "filter_name", "for_user", "filters"]),
			filters=frappe.as_json({"reference_doctype": "Follow-up Visit"}),
			or_filters=frappe.as_json([["for_user", "=", self.staff.b], ["for_user", "=", ""]]),
			order_by="filter_name asc",
		) as check:
			check()
		# the same shape about the app's own doctype still has its filters checked
		with http_call(
			"frappe.client.get_list",
			doctype="Referral",
			filters=frappe.as_json({"reference_doctype": "Follow-up Visit"}),
		) as check:
			self.assertRaises(frappe.ValidationError, check)

	def test_the_workspace_cards_still_count_for_their_users(self):
		"""A card's own name is not a record of the app: the shipped cards work as before."""
		frappe.set_user(self.staff.a)
		card = frappe.get_doc("Number Card", "Active Cases").as_dict()
		with http_call(
			"frappe.desk.doctype.number_card.number_card.get_result",
			doc=frappe.as_json(card),
			filters=card.filters_json,
		) as check:
			check()
