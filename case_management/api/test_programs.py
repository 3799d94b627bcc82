"""Programs through their API, as the people who use them: caseworker A (team North), her
supervisor S1, caseworker B and supervisor S2 (team South), a Program Manager, a partner, a
guest."""

import frappe
from frappe.utils import add_days, today

from case_management.api import programs as api
from case_management.services import enrolment as places
from case_management.tests import CaseManagementTestCase, count_queries
from case_management.tests.factories import (
	make_assessment,
	make_case,
	make_client,
	make_member,
	make_program,
	standard_staff,
)

LOW_INCOME = {"fact": "Income % of poverty guideline", "condition": "Between", "max_value": "200"}
ADULT = {"fact": "Age", "condition": "Between", "min_value": "18"}


def household(client: str, monthly: float) -> None:
	make_member(
		client,
		"Self",
		"Head",
		date_of_birth="1985-04-12",
		income=[{"source": "Earned income", "amount": monthly, "frequency": "Monthly"}],
	)


class TestPrograms(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()

	def case_of(self, caseworker: str, first_name: str, monthly: float | None = 1000, **client):
		frappe.set_user(caseworker)
		person = make_client(first_name=first_name, last_name="Programme", **client)
		if monthly is not None:
			household(person.name, monthly)
		case = make_case(person.name, caseworker=caseworker)
		frappe.set_user("Administrator")
		return case.name

	def as_user(self, user, fn, *args, **kwargs):
		frappe.set_user(user)
		try:
			return fn(*args, **kwargs)
		finally:
			frappe.set_user("Administrator")

	def program_row(self, program: str, case: str) -> dict:
		rows = self.as_user(self.staff.a, api.get_case_programs, case)
		return next(r for r in rows if r["program"] == program)

	# --- screening -------------------------------------------------------------------------

	def test_each_open_program_shows_its_decision_with_a_reason_per_rule(self):
		make_program("Rent Help", rules=(LOW_INCOME, ADULT))
		case = self.case_of(self.staff.a, "Ada", monthly=1000)  # 12,000 a year: 77% of 15,650
		row = self.program_row("Rent Help", case)
		self.assertEqual(row["decision"]["status"], "Eligible")
		self.assertEqual(
			[r["reason"] for r in row["decision"]["rules"]],
			[
				"Household income is 76.7% of the poverty guideline, at most 200% of the poverty guideline",
				"The client's age is 41 years, at least 18 years",
			],
		)

	def test_a_missing_fact_is_unknown_and_the_decision_follows_the_household(self):
		make_program("Rent Help", rules=(LOW_INCOME,))
		case = self.case_of(self.staff.a, "Bea", monthly=None)
		row = self.program_row("Rent Help", case)
		self.assertEqual(row["decision"]["status"], "Unknown")
		self.assertEqual(row["decision"]["needs"], ["the household and its income"])
		# referred while unknown: the enrolment waits, and is decided again when the household comes
		enrolment = self.as_user(self.staff.a, api.refer, case, "Rent Help")
		self.assertEqual((enrolment["status"], enrolment["eligibility"]), ("Referred", "Unknown"))
		frappe.set_user(self.staff.a)
		household(frappe.db.get_value("Case", case, "client"), 5000)  # 60,000 a year: 383%
		frappe.set_user("Administrator")
		stored = frappe.db.get_value(
			"Program Enrolment", enrolment["name"], ["eligibility", "eligibility_reasons"]
		)
		self.assertEqual(stored[0], "Not eligible")
		self.assertIn("above the maximum 200%", stored[1])

	def test_screening_reads_the_same_number_of_queries_for_one_program_and_ten(self):
		case = self.case_of(self.staff.a, "Cy")
		make_program("Q 0", rules=(LOW_INCOME,))
		frappe.set_user(self.staff.a)
		with count_queries() as one:
			api.get_case_programs(case)
		frappe.set_user("Administrator")
		for n in range(1, 10):
			make_program(f"Q {n}", rules=(LOW_INCOME, ADULT), capacity=n)
		frappe.set_user(self.staff.a)
		with count_queries() as ten:
			rows = api.get_case_programs(case)
		self.assertEqual(len([r for r in rows if r["program"].startswith("Q ")]), 10)
		self.assertEqual(one[0], ten[0])

	def test_rules_that_cannot_work_are_refused_with_the_reason(self):
		for rule, words in (
			(
				{"fact": "Age", "condition": "Between", "min_value": "30", "max_value": "18"},
				"above the maximum",
			),
			({"fact": "Age", "condition": "Between", "min_value": "eighteen"}, "is not a number"),
			(
				{"fact": "Risk level", "condition": "Is one of", "allowed_values": "Severe"},
				"not a risk level",
			),
			({"fact": "Age", "condition": "Is yes"}, "takes the condition Between"),
		):
			with self.subTest(rule=rule), self.assertRaises(frappe.ValidationError) as refused:
				make_program("Broken", rules=(rule,))
			self.assertIn(words, str(refused.exception))

	# --- referral, places, waitlist ---------------------------------------------------------

	def test_capacity_enrols_then_waitlists_and_one_open_enrolment_per_client(self):
		make_program("Shelter", capacity=1, rules=(LOW_INCOME,))
		first, second = self.case_of(self.staff.a, "Di"), self.case_of(self.staff.a, "Ed")
		self.assertEqual(self.as_user(self.staff.a, api.refer, first, "Shelter")["status"], "Enrolled")
		waiting = self.as_user(self.staff.a, api.refer, second, "Shelter")
		self.assertEqual(waiting["status"], "Waitlisted")
		self.assertEqual(waiting["waitlist_position"], 1)
		with self.assertRaises(frappe.ValidationError):
			self.as_user(self.staff.a, api.refer, second, "Shelter")
		self.assertEqual(places.counts("Shelter"), {"enrolled": 1, "open_offers": 0, "waiting": 1})

	def test_not_eligible_needs_a_supervisor_and_a_reason(self):
		make_program("Rent Help", rules=(LOW_INCOME,))
		case = self.case_of(self.staff.a, "Flo", monthly=9000)
		before = frappe.db.count("Program Enrolment")
		with self.assertRaises(frappe.PermissionError):
			self.as_user(self.staff.a, api.refer, case, "Rent Help", override_reason="I think so")
		self.assertEqual(frappe.db.count("Program Enrolment"), before)
		referred = self.as_user(self.staff.a, api.refer, case, "Rent Help")
		self.assertEqual((referred["status"], referred["eligibility"]), ("Referred", "Not eligible"))
		with self.assertRaises(frappe.ValidationError) as refused:
			self.as_user(self.staff.a, api.enrol, referred["name"])
		self.assertIn("A supervisor may enrol", str(refused.exception))
		with self.assertRaises(frappe.ValidationError):
			self.as_user(self.staff.s1, api.enrol, referred["name"], override_reason="  ")
		with self.assertRaises(frappe.PermissionError):  # S2 supervises another team
			self.as_user(self.staff.s2, api.enrol, referred["name"], override_reason="Fleeing violence")
		done = self.as_user(self.staff.s1, api.enrol, referred["name"], override_reason="Fleeing violence")
		self.assertEqual(done["status"], "Enrolled")
		stored = frappe.db.get_value("Program Enrolment", done["name"], ["override_reason", "overridden_by"])
		self.assertEqual(stored, ("Fleeing violence", self.staff.s1))

	def test_exit_passes_the_place_to_the_next_as_an_offer_with_a_todo(self):
		make_program("Shelter", capacity=1, offer_reply_days=3)
		first, second = self.case_of(self.staff.a, "Gus"), self.case_of(self.staff.a, "Hal")
		enrolled = self.as_user(self.staff.a, api.refer, first, "Shelter")
		waiting = self.as_user(self.staff.a, api.refer, second, "Shelter")
		with self.assertRaises(frappe.ValidationError):
			self.as_user(self.staff.a, api.exit_enrolment, enrolled["name"], "Somewhere nice")
		self.as_user(
			self.staff.a, api.exit_enrolment, enrolled["name"], "Rental by client, no ongoing housing subsidy"
		)
		offer = frappe.db.get_value(
			"Program Enrolment", waiting["name"], ["offer_status", "offer_reply_by", "status"], as_dict=True
		)
		self.assertEqual(
			(offer.offer_status, str(offer.offer_reply_by), offer.status),
			("Offered", add_days(today(), 3), "Waitlisted"),
		)
		todo = frappe.db.get_value(
			"ToDo",
			{"reference_type": "Program Enrolment", "reference_name": waiting["name"], "status": "Open"},
			["allocated_to", "date"],
		)
		self.assertEqual(todo[0], self.staff.a)
		self.assertEqual(
			self.as_user(self.staff.a, api.answer_offer, waiting["name"], True)["status"], "Enrolled"
		)
		self.assertFalse(frappe.db.exists("ToDo", {"reference_name": waiting["name"], "status": "Open"}))
		exited = frappe.db.get_value("Program Enrolment", enrolled["name"], ["status", "exit_destination"])
		self.assertEqual(exited, ("Exited", "Rental by client, no ongoing housing subsidy"))

	def test_an_unanswered_offer_lapses_and_passes_to_the_next(self):
		make_program("Shelter", capacity=1, waitlist_policy="First come, first served")
		cases = [self.case_of(self.staff.a, name) for name in ("Ivy", "Jo", "Kit")]
		first, second, third = (self.as_user(self.staff.a, api.refer, c, "Shelter")["name"] for c in cases)
		self.as_user(self.staff.a, api.withdraw, first, "Found a flat")
		self.assertEqual(frappe.db.get_value("Program Enrolment", second, "offer_status"), "Offered")
		frappe.db.set_value("Program Enrolment", second, "offer_reply_by", add_days(today(), -1))
		self.assertEqual(places.lapse_offers(), [second])
		lapsed = frappe.db.get_value("Program Enrolment", second, ["status", "offer_status", "status_reason"])
		self.assertEqual(lapsed[:2], ("Declined", "Lapsed"))
		self.assertIn("not answered by", lapsed[2])
		self.assertEqual(frappe.db.get_value("Program Enrolment", third, "offer_status"), "Offered")

	def test_the_waitlist_orders_by_score_and_a_supervisor_moves_a_client_with_a_reason(self):
		make_program("Shelter", capacity=1, managers=(self.staff.pm,))
		make_program("Other", capacity=1, managers=())
		holder, low, high = (self.case_of(self.staff.a, n) for n in ("Lee", "Mo", "Ned"))
		frappe.set_user(self.staff.a)
		make_assessment(high, yes=("H1", "H2", "H3"))
		make_assessment(low, yes=())
		frappe.set_user("Administrator")
		self.as_user(self.staff.a, api.refer, holder, "Shelter")
		low_e = self.as_user(self.staff.a, api.refer, low, "Shelter")["name"]
		high_e = self.as_user(self.staff.a, api.refer, high, "Shelter")["name"]
		waitlist = self.as_user(self.staff.pm, api.get_waitlist, "Shelter")["waitlist"]
		self.assertEqual([w["enrolment"] for w in waitlist], [high_e, low_e])
		self.assertTrue(waitlist[0]["reason"].startswith("score "))
		with self.assertRaises(frappe.PermissionError):
			self.as_user(self.staff.a, api.move_on_waitlist, low_e, 1, "Eviction Friday")
		with self.assertRaises(frappe.PermissionError):
			self.as_user(self.staff.pm, api.get_waitlist, "Other")
		with self.assertRaises(frappe.ValidationError):
			self.as_user(self.staff.s1, api.move_on_waitlist, low_e, 1, " ")
		self.as_user(self.staff.s1, api.move_on_waitlist, low_e, 1, "Eviction Friday")
		waitlist = self.as_user(self.staff.pm, api.get_waitlist, "Shelter")["waitlist"]
		self.assertEqual([w["enrolment"] for w in waitlist], [low_e, high_e])
		self.assertEqual(waitlist[0]["reason"], "placed at position 1 by a supervisor: Eviction Friday")

	def test_a_closed_program_an_exit_before_entry_and_an_unknown_fact_are_refused(self):
		make_program("Closed Shelter", end_date=add_days(today(), -1), start_date=add_days(today(), -30))
		case = self.case_of(self.staff.a, "Quin")
		before = frappe.db.count("Program Enrolment")
		with self.assertRaisesRegex(frappe.ValidationError, "not open for referrals today"):
			self.as_user(self.staff.a, api.refer, case, "Closed Shelter")
		self.assertEqual(frappe.db.count("Program Enrolment"), before)

		make_program("Open Shelter")
		enrolled = self.as_user(self.staff.a, api.refer, case, "Open Shelter")
		self.assertEqual(enrolled["status"], "Enrolled")
		with self.assertRaisesRegex(frappe.ValidationError, "cannot be before the entry date"):
			self.as_user(
				self.staff.a,
				api.exit_enrolment,
				enrolled["name"],
				"Rental by client, no ongoing housing subsidy",
				exit_date=add_days(today(), -3),
			)
		self.assertEqual(frappe.db.get_value("Program Enrolment", enrolled["name"], "status"), "Enrolled")

		with self.assertRaisesRegex(frappe.ValidationError, "Shoe size"):
			make_program("Broken", rules=({"fact": "Shoe size", "condition": "Between", "min_value": "1"},))
		self.assertFalse(frappe.db.exists("Program", "Broken"))

	# --- services delivered -----------------------------------------------------------------

	def test_services_single_and_bulk_by_caseworker_and_program_manager(self):
		make_program("Food", managers=(self.staff.pm,), services=(("Food parcel", "Item"), ("Meal", "Meal")))
		cases = [self.case_of(self.staff.a, n) for n in ("Oz", "Pat")]
		enrolments = [self.as_user(self.staff.a, api.refer, c, "Food")["name"] for c in cases]
		one = self.as_user(self.staff.a, api.log_service, enrolments[0], "Food parcel", quantity=2)
		self.assertEqual((one["quantity"], one["unit"]), (2, "Item"))
		for bad in ({"service": "Haircut"}, {"quantity": 0}, {"delivered_on": add_days(today(), 1)}):
			with self.subTest(bad=bad), self.assertRaises(frappe.ValidationError):
				self.as_user(self.staff.a, api.log_service, enrolments[0], **{"service": "Meal", **bad})
		logged = self.as_user(self.staff.pm, api.log_services, "Food", "Meal", enrolments)
		self.assertEqual(logged, {"logged": 2})
		names = frappe.get_all("Service Delivery", filters={"program": "Food"}, pluck="name")
		self.assertEqual(len(set(names)), 3)
		# the next single delivery takes the next name of the series
		self.as_user(self.staff.a, api.log_service, enrolments[1], "Meal")
		self.assertEqual(frappe.db.count("Service Delivery", {"program": "Food"}), 4)

	def test_a_program_manager_sees_their_programs_records_only_and_no_case(self):
		make_program("Mine", managers=(self.staff.pm,))
		make_program("Not Mine")
		case = self.case_of(self.staff.b, "Quin")
		mine = self.as_user(self.staff.b, api.refer, case, "Mine")["name"]
		other = self.as_user(self.staff.b, api.refer, case, "Not Mine")["name"]
		frappe.set_user(self.staff.pm)
		self.assertEqual(
			set(frappe.get_list("Program", filters={"name": ("in", ["Mine", "Not Mine"])}, pluck="name")),
			{"Mine"},
		)
		self.assertEqual(
			set(frappe.get_list("Program Enrolment", filters={"name": ("in", [mine, other])}, pluck="name")),
			{mine},
		)
		self.assertFalse(frappe.has_permission("Case", "read", doc=case))
		with self.assertRaises(frappe.PermissionError):
			api.get_case_programs(case)
		with self.assertRaises(frappe.PermissionError):
			api.log_services("Not Mine", "Case conference", [other])
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):  # caseworker A: B's client
			self.as_user(self.staff.a, api.log_service, mine, "Case conference")

	def test_partners_and_guests_are_refused(self):
		make_program("Rent Help")
		case = self.case_of(self.staff.a, "Ray")
		enrolment = self.as_user(self.staff.a, api.refer, case, "Rent Help")["name"]
		for user in (self.staff.partner, "Guest", self.staff.desk):
			with self.subTest(user=user):
				for call in (
					lambda: api.get_case_programs(case),
					lambda: api.refer(case, "Rent Help"),
					lambda: api.withdraw(enrolment, "no"),
					lambda: api.get_waitlist("Rent Help"),
				):
					with self.assertRaises(frappe.PermissionError):
						self.as_user(user, call)

	def test_a_risk_override_re_decides_a_waiting_enrolment(self):
		from case_management.api.assessment import override_risk_level

		make_program(
			"High Need",
			rules=({"fact": "Risk level", "condition": "Is one of", "allowed_values": "High, Critical"},),
		)
		case = self.case_of(self.staff.a, "Sid")
		frappe.set_user(self.staff.a)
		make_assessment(case, yes=())
		frappe.set_user("Administrator")
		referred = self.as_user(self.staff.a, api.refer, case, "High Need")
		self.assertEqual((referred["status"], referred["eligibility"]), ("Referred", "Not eligible"))
		self.as_user(
			self.staff.s1,
			override_risk_level,
			case=case,
			risk_level="High",
			reason="Disclosed violence at home",
		)
		self.assertEqual(
			frappe.db.get_value("Program Enrolment", referred["name"], "eligibility"), "Eligible"
		)
		self.assertEqual(self.as_user(self.staff.a, api.enrol, referred["name"])["status"], "Enrolled")

	def test_a_place_freed_on_one_caseload_is_offered_to_the_next_on_another(self):
		make_program("Shared Shelter", capacity=1)
		mine, theirs = self.case_of(self.staff.a, "Tam"), self.case_of(self.staff.b, "Uma")
		enrolled = self.as_user(self.staff.a, api.refer, mine, "Shared Shelter")["name"]
		waiting = self.as_user(self.staff.b, api.refer, theirs, "Shared Shelter")["name"]
		self.as_user(self.staff.a, api.exit_enrolment, enrolled, "Other")
		self.assertEqual(frappe.db.get_value("Program Enrolment", waiting, "offer_status"), "Offered")
		todo = frappe.db.get_value("ToDo", {"reference_name": waiting, "status": "Open"}, "allocated_to")
		self.assertEqual(todo, self.staff.b)
		with self.assertRaises(frappe.PermissionError):  # A still may not touch B's client
			self.as_user(self.staff.a, api.answer_offer, waiting, True)
		self.assertEqual(self.as_user(self.staff.b, api.answer_offer, waiting, False)["status"], "Declined")

	def test_more_places_are_offered_to_the_waitlist_at_once(self):
		make_program("Growing", capacity=1)
		first, second, third = (self.case_of(self.staff.a, n) for n in ("Val", "Wes", "Xan"))
		self.as_user(self.staff.a, api.refer, first, "Growing")
		waiting = [self.as_user(self.staff.a, api.refer, c, "Growing")["name"] for c in (second, third)]
		program = frappe.get_doc("Program", "Growing")
		program.capacity = 2
		program.save()
		offers = [frappe.db.get_value("Program Enrolment", w, "offer_status") or "" for w in waiting]
		self.assertEqual(offers, ["Offered", ""])

	def test_an_eligible_referral_with_a_stray_override_reason_is_simply_admitted(self):
		make_program("Open Door")
		case = self.case_of(self.staff.a, "Yul")
		done = self.as_user(self.staff.a, api.refer, case, "Open Door", override_reason="not needed")
		self.assertEqual(done["status"], "Enrolled")
		self.assertFalse(frappe.db.get_value("Program Enrolment", done["name"], "override_reason"))
