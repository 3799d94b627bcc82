"""A waiting enrolment (Referred, Waitlisted) is decided again whenever a fact its decision
rests on changes, by whatever path: one test per kind of fact — the household (a member added
or removed), income, the client's own record, the checklist, an assessment (and its
cancellation), and the risk level written on the case in the desk."""

import frappe

from case_management.api import programs as api
from case_management.services import portal
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_assessment,
	make_case,
	make_client,
	make_member,
	make_program,
	standard_staff,
)


class TestProgramRedecide(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def as_a(self, fn, *args, **kwargs):
		frappe.set_user(self.staff.a)
		try:
			return fn(*args, **kwargs)
		finally:
			frappe.set_user("Administrator")

	def referred(self, program: str, rule: dict, **client) -> tuple[str, str, str]:
		"""(client, case, enrolment): a new client of caseworker A referred to `program`,
		whose only rule is `rule`."""
		make_program(program, rules=(rule,))
		frappe.set_user(self.staff.a)
		person = make_client(first_name="Rory", last_name="Redecide", **client)
		case = make_case(person.name, caseworker=self.staff.a).name
		frappe.set_user("Administrator")
		enrolment = self.as_a(api.refer, case, program)
		self.assertEqual(enrolment["status"], "Referred")
		return person.name, case, enrolment["name"]

	def eligibility(self, enrolment: str) -> str:
		return frappe.db.get_value("Program Enrolment", enrolment, "eligibility")

	def test_a_member_added_and_removed(self):
		rule = {"fact": "Children in household", "condition": "Between", "min_value": "1"}
		client, _case, enrolment = self.referred("Redecide Family", rule)
		self.as_a(make_member, client, "Self", "Rory", date_of_birth="1990-02-02")
		self.assertEqual(self.eligibility(enrolment), "Not eligible")
		child = self.as_a(make_member, client, "Child", "Tia", date_of_birth="2022-06-01")
		self.assertEqual(self.eligibility(enrolment), "Eligible")
		frappe.delete_doc("Household Member", child.name)  # as Administrator: caseworkers may not delete
		self.assertEqual(self.eligibility(enrolment), "Not eligible")  # decided after the row is gone

	def test_income_changed_on_a_member(self):
		rule = {"fact": "Income % of poverty guideline", "condition": "Between", "max_value": "200"}
		client, _case, enrolment = self.referred("Redecide Income", rule)
		self.assertEqual(self.eligibility(enrolment), "Unknown")  # no household, no income yet
		member = self.as_a(
			make_member,
			client,
			"Self",
			"Rory",
			date_of_birth="1990-02-02",
			income=[{"source": "Earned income", "amount": 900, "frequency": "Monthly"}],
		)
		self.assertEqual(self.eligibility(enrolment), "Eligible")
		frappe.set_user(self.staff.a)
		doc = frappe.get_doc("Household Member", member.name)
		doc.income[0].amount = 9000
		doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(self.eligibility(enrolment), "Not eligible")

	def test_the_clients_own_record(self):
		rule = {"fact": "Postal code", "condition": "Is one of", "allowed_values": "92501, 92503"}
		client, _case, enrolment = self.referred("Redecide Area", rule, postal_code="90001")
		self.assertEqual(self.eligibility(enrolment), "Not eligible")
		frappe.set_user(self.staff.a)
		doc = frappe.get_doc("Client", client)
		doc.postal_code = "92503"
		doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(self.eligibility(enrolment), "Eligible")

	def test_a_checklist_item_ticked_in_the_portal(self):
		frappe.set_user(self.staff.a)
		probe = make_case(make_client(first_name="Cleo", last_name="Probe").name, caseworker=self.staff.a)
		frappe.set_user("Administrator")
		item = probe.checklist[0].item
		rule = {"fact": "Checklist item", "condition": "Is yes", "checklist_item": item}
		_client, case, enrolment = self.referred("Redecide Checklist", rule)
		self.assertEqual(self.eligibility(enrolment), "Not eligible")
		row = next(r.name for r in frappe.get_doc("Case", case).checklist if r.item == item)
		self.as_a(portal.set_checklist_item, case, row, True)
		self.assertEqual(self.eligibility(enrolment), "Eligible")

	def test_an_assessment_submitted_then_cancelled(self):
		rule = {"fact": "Vulnerability score", "condition": "Between", "min_value": "1"}
		_client, case, enrolment = self.referred("Redecide Score", rule)
		self.assertEqual(self.eligibility(enrolment), "Unknown")  # not assessed yet
		codes = frappe.get_all("Scoring Question", filters={"parenttype": "Scoring Instrument"}, pluck="code")
		frappe.set_user(self.staff.a)
		assessment = make_assessment(case, yes=tuple(codes))
		frappe.set_user("Administrator")
		self.assertEqual(self.eligibility(enrolment), "Eligible")
		frappe.set_user(self.staff.a)
		frappe.get_doc("Vulnerability Assessment", assessment.name).cancel()
		frappe.set_user("Administrator")
		self.assertEqual(self.eligibility(enrolment), "Unknown")  # back to no assessment

	def test_the_risk_level_written_on_the_case_in_the_desk(self):
		rule = {"fact": "Risk level", "condition": "Is one of", "allowed_values": "High, Critical"}
		_client, case, enrolment = self.referred("Redecide Risk", rule)
		self.assertNotEqual(self.eligibility(enrolment), "Eligible")
		doc = frappe.get_doc("Case", case)  # as Administrator: the desk form, or a Data Import row
		doc.risk_level = "Critical"
		doc.save()
		self.assertEqual(self.eligibility(enrolment), "Eligible")
