"""Every cell of the declared permission table (permissions/matrix.py), checked on a real site.

For each doctype and each role, a user of that role tries every action on two records: one
inside their reach (caseworker A's world, or the partner's organisation) and one outside it
(caseworker B's, on another team, for another organisation). Read, write and delete are asked
of the record, list through frappe.get_list, create / report view / export of the doctype.
"""

import frappe
from frappe.utils import add_days, today

from case_management.permissions import replacements
from case_management.permissions.matrix import ROLES, parse, parse_children
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_assessment,
	make_case,
	make_client,
	make_member,
	make_note,
	make_program,
	make_provider,
	make_referral,
	standard_staff,
)

RECORD_ACTIONS = ("read", "write", "delete")
DOCTYPE_ACTIONS = ("create", "report", "export")


def system_insert(doc: dict) -> str:
	"""Records the system writes (jobs, alerts, the review queue) for the test to look at."""
	return frappe.get_doc(doc).insert(ignore_permissions=True).name


class TestPermissionMatrix(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = staff = standard_staff()
		cls.users = {
			"Caseworker": staff.a,
			"Case Supervisor": staff.s1,
			"Case Management Admin": staff.admin,
			"Referral Partner": staff.partner,
			"Program Manager": staff.pm,
			"Desk user": staff.desk,
			"Guest": "Guest",
		}
		cls.partner_provider = make_provider("Matrix Partner Pantry", partner_users=(staff.partner,))
		cls.other_provider = make_provider("Matrix Other Pantry")
		make_program("Matrix Program North", managers=(staff.pm,))
		make_program("Matrix Program South")
		cls.inside, cls.outside = (
			cls.world(staff.a, cls.partner_provider, "Matrix Program North"),
			cls.world(staff.b, cls.other_provider, "Matrix Program South"),
		)
		frappe.set_user("Administrator")
		for side in (cls.inside, cls.outside):
			side["Case Job Run"] = system_insert(
				{
					"doctype": "Case Job Run",
					"job": "Duplicate check",
					"run_for": today(),
					"status": "Completed",
				}
			)
		cls.inside["Caseworker Team"], cls.outside["Caseworker Team"] = "Test Team North", "Test Team South"
		cls.inside["Service Provider"], cls.outside["Service Provider"] = (
			cls.partner_provider,
			cls.other_provider,
		)
		template = frappe.get_doc(
			{
				"doctype": "Intake Checklist Template",
				"template_name": "Matrix Template",
				"items": [{"item": "Photo ID seen", "is_required": 1}],
			}
		).insert()
		cls.inside["Intake Checklist Template"] = frappe.db.get_value(
			"Intake Checklist Template", {"is_default": 1}
		)
		cls.outside["Intake Checklist Template"] = template.name
		instrument = frappe.db.get_value("Scoring Instrument", {})
		cls.inside["Scoring Instrument"] = cls.outside["Scoring Instrument"] = instrument
		# configuration every case role reads (shipped defaults): no record is out of reach
		cls.inside["Note Template"] = cls.outside["Note Template"] = "DAP"
		cls.inside["Note Hint Phrase"] = cls.outside["Note Hint Phrase"] = "en-lazy"

	@classmethod
	def world(cls, caseworker: str, provider: str, program: str) -> dict[str, str]:
		"""One caseworker's client and case, with one of everything that hangs off it."""
		from case_management.api.discharge import draft as draft_summary
		from case_management.api.programs import log_service, refer

		frappe.set_user(caseworker)
		client = make_client(
			first_name="Matrix",
			last_name=caseworker.split("@")[0].replace(".", " ").title(),
			emergency_contacts=[
				{"full_name": "Matrix Contact", "relationship": "Parent", "phone": "2025550166"}
			],
		)
		other = make_client(first_name="Matrix", last_name=client.last_name + "son")
		case = make_case(client.name, caseworker=caseworker)
		make_case(other.name, caseworker=caseworker)
		records = {
			"Client": client.name,
			"Case": case.name,
			"Household Member": make_member(
				client.name,
				"Self",
				"Matrix",
				income=[{"source": "Earned income", "amount": 900, "frequency": "Monthly"}],
			).name,
			"Case Note": make_note(
				case.name,
				note_template="DAP",
				sections=[
					{"heading": h, "content": f"{h} on 3 March"} for h in ("Data", "Assessment", "Plan")
				],
			).name,
			"Follow-up Visit": frappe.get_doc(
				{"doctype": "Follow-up Visit", "case": case.name, "due_date": add_days(today(), 3)}
			)
			.insert()
			.name,
			"Vulnerability Assessment": make_assessment(case.name, submit=False).name,
			"Referral": make_referral(case.name, provider, status="Sent").name,
			"Program": program,
		}
		records["Discharge Summary"] = draft_summary(case.name)["name"]
		records["Program Enrolment"] = refer(case.name, program)["name"]
		records["Service Delivery"] = log_service(records["Program Enrolment"], "Case conference")["name"]
		frappe.set_user("Administrator")
		records["Monthly Case Summary"] = system_insert(
			{
				"doctype": "Monthly Case Summary",
				"case": case.name,
				"month": "2026-10-01",
				"month_key": "2026-10",
				"caseworker": caseworker,
			}
		)
		records["Safety Alert"] = system_insert(
			{
				"doctype": "Safety Alert",
				"case": case.name,
				"trigger": "Manual",
				"status": "Queued",
				"recipients": [{"recipient_name": "Matrix Contact", "phone": "+12025550166"}],
			}
		)
		records["Inbound Message"] = system_insert(
			{
				"doctype": "Inbound Message",
				"message_id": "matrix-" + frappe.generate_hash(length=10),
				"from_number": client.phone or "+12025550166",
				"match": "One client",
				"client": client.name,
				"case": case.name,
				"meaning": "Free text",
				"status": "Needs caseworker",
				"body": "Matrix text",
			}
		)
		records["Text Opt-out"] = system_insert(
			{
				"doctype": "Text Opt-out",
				# the number opted out (a contact's, say): one per side
				"number": "+12025550171" if caseworker == cls.staff.a else "+12025550172",
				"opted_out": 1,
				"source": "Text reply: STOP",
				"inbound_message": records["Inbound Message"],
			}
		)
		case_doc = frappe.get_doc("Case", case.name)
		case_doc.append("goals", {"goal": "Matrix goal", "measure": "a lease signed"})
		case_doc.save(ignore_permissions=True)
		records["Client Access Log"] = system_insert(
			{
				"doctype": "Client Access Log",
				"user": caseworker,
				"team": frappe.db.get_value("Caseworker Team Member", {"user": caseworker}, "parent"),
				"kind": "Intake search",
			}
		)
		pair = sorted((client.name, other.name))
		records["Duplicate Candidate"] = system_insert(
			{"doctype": "Duplicate Candidate", "client_a": pair[0], "client_b": pair[1], "score": 0.9}
		)
		records["Client Merge Log"] = system_insert(
			{
				"doctype": "Client Merge Log",
				"status": "Merged",
				"survivor": client.name,
				"merged_client": "CL-GONE-" + frappe.generate_hash(length=6),
				"merged_data": "{}",
			}
		)
		return records

	def expected_rows(self, reach: str, doctype: str) -> set[str]:
		inside, outside = self.inside[doctype], self.outside[doctype]
		return {"all": {inside, outside}, "-": set()}.get(reach, {inside})

	def test_the_table_covers_every_doctype_of_the_app(self):
		app = set(
			frappe.get_all("DocType", filters={"module": "Case Management", "istable": 0}, pluck="name")
		)
		self.assertEqual(set(parse()), app)

	def test_every_cell(self):
		failures = []
		for doctype, row in parse().items():
			single = frappe.get_meta(doctype).issingle
			for role in ROLES:
				allowed, reach = row[role]
				user = self.users[role]
				for problem in (self.single_cell if single else self.cell)(doctype, user, allowed, reach):
					failures.append(f"{doctype} / {role}: {problem}")
		self.assertEqual(failures, [], "\n" + "\n".join(failures))

	def single_cell(self, doctype: str, user: str, allowed, reach: str):
		for action in ("read", "write"):
			actual = frappe.has_permission(doctype, action, user=user)
			if actual != (action in allowed):
				yield f"{action} is {actual}"

	def cell(self, doctype: str, user: str, allowed, reach: str):
		expected = self.expected_rows(reach, doctype)
		for action in RECORD_ACTIONS:
			for name in {self.inside[doctype], self.outside[doctype]}:
				doc = frappe.get_doc(doctype, name)
				actual = bool(frappe.has_permission(doctype, action, doc=doc, user=user))
				wanted = action in allowed and name in expected
				if actual != wanted:
					side = "inside" if name == self.inside[doctype] else "outside"
					yield f"{action} of the record {side} their reach is {actual}"
		for action in DOCTYPE_ACTIONS:
			actual = bool(frappe.has_permission(doctype, action, user=user))
			if actual != (action in allowed):
				yield f"{action} is {actual}"
		frappe.set_user(user)
		try:
			listed = set(
				frappe.get_list(
					doctype,
					filters={"name": ("in", [self.inside[doctype], self.outside[doctype]])},
					pluck="name",
				)
			)
		except frappe.PermissionError:
			listed = None
		finally:
			frappe.set_user("Administrator")
		if "list" in allowed and listed != expected:
			yield f"the list shows {sorted(listed or [])}, expected {sorted(expected)}"
		if "list" not in allowed and listed:
			yield f"the list shows {sorted(listed)}, expected an error or nothing"

	def test_the_child_table_covers_every_child_doctype_of_the_app(self):
		app = frappe.get_all("DocType", filters={"module": "Case Management", "istable": 1}, pluck="name")
		self.assertEqual(set(parse_children()), set(app))
		for child, parent in parse_children().items():
			with self.subTest(child=child):
				self.assertIn(child, [df.options for df in frappe.get_meta(parent).get_table_fields()])

	def test_child_rows_follow_their_parent_for_every_role(self):
		"""As every role, a child doctype's list (and count) holds exactly the rows whose parent
		that role may list: never a row of a record outside their reach."""
		failures, checked = [], 0
		for child, parent in parse_children().items():
			if frappe.get_meta(parent).issingle:
				continue
			stored = set(frappe.get_all(child, filters={"parenttype": parent}, pluck="parent"))
			for role, user in self.users.items():
				frappe.set_user(user)
				try:
					visible = set(frappe.get_list(parent, pluck="name", limit=0))
				except frappe.PermissionError:
					visible = set()
				try:
					rows = {
						r.parent
						for r in frappe.get_list(child, parent_doctype=parent, fields=["parent"], limit=0)
					}
					count = replacements.get_count(child, parent=parent)
				except frappe.PermissionError:
					rows, count = set(), 0
				finally:
					frappe.set_user("Administrator")
				expected = stored & visible
				if rows != expected:
					failures.append(
						f"{child} / {role}: rows of {sorted(rows - expected)} shown, {sorted(expected - rows)} hidden"
					)
				expected_count = frappe.db.count(
					child, {"parenttype": parent, "parent": ("in", list(expected) or [""])}
				)
				if count != expected_count:
					failures.append(f"{child} / {role}: count {count}, expected {expected_count}")
				checked += len(stored - visible)
		self.assertEqual(failures, [], "\n" + "\n".join(failures))
		self.assertGreater(checked, 50, "too few rows outside a role's reach to prove anything")

	def test_restricted_notes_are_not_for_shares_and_permlevel_fields_stay_hidden(self):
		frappe.set_user(self.staff.a)
		restricted = make_note(self.inside["Case"], restricted=True, subject="Disclosure")
		open_note = self.inside["Case Note"]
		frappe.set_user("Administrator")
		frappe.share.add("Case", self.inside["Case"], self.staff.b, read=1, write=1)
		can = lambda name, user: frappe.has_permission("Case Note", "read", doc=name, user=user)  # noqa: E731
		self.assertTrue(can(open_note, self.staff.b))  # shared with B: the case and its notes...
		self.assertFalse(can(restricted.name, self.staff.b))  # ...but not the restricted one
		self.assertTrue(can(restricted.name, self.staff.a))
		self.assertTrue(can(restricted.name, self.staff.s1))
		self.assertFalse(can(restricted.name, self.staff.s2))
		# Referral.partner_token_hash is at permlevel 1: only admins read it, nobody writes it
		for user, readable in ((self.staff.a, False), (self.staff.s1, False), (self.staff.admin, True)):
			frappe.set_user(user)
			referral = frappe.get_doc("Referral", self.inside["Referral"])
			with self.subTest(user=user):
				self.assertEqual(1 in referral.get_permlevel_access("read"), readable)
				self.assertNotIn(1, referral.get_permlevel_access("write"))
		frappe.set_user("Administrator")
