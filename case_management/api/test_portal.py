"""The caseworker portal's methods, as the caseworker who carries the case, as another
caseworker, as a guest and as a referral partner; and bad input that must change nothing."""

import frappe
from frappe.utils import add_days, getdate, today

from case_management.api import discharge as discharge_api
from case_management.api import portal
from case_management.services.portal import no_store
from case_management.services.test_printing import serving_assets
from case_management.tests import CaseManagementTestCase, count_queries
from case_management.tests.factories import (
	make_case,
	make_client,
	make_member,
	make_note,
	make_provider,
	make_referral,
	standard_staff,
)

SECRET_WORDS = ("Ottoline", "Brackenbury", "0142")


class TestPortal(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = staff = standard_staff()
		cls.provider = make_provider("Portal Test Pantry", partner_users=(staff.partner,))
		frappe.set_user(staff.a)
		cls.client = make_client(first_name="Rosa", last_name="Delgado", phone="202-555-0123", state="DC")
		cls.case = make_case(cls.client.name, caseworker=staff.a)
		make_member(
			cls.client.name,
			"Self",
			"Rosa",
			last_name="Delgado",
			date_of_birth="1985-04-12",
			income=[{"source": "Earned income", "amount": 1500, "frequency": "Monthly"}],
		)
		make_note(cls.case.name, subject="Restricted thing", restricted=True)
		frappe.set_user(staff.b)
		cls.other_client = make_client(first_name="Ottoline", last_name="Brackenbury", phone="202-555-0142")
		cls.other = make_case(cls.other_client.name, caseworker=staff.b)
		cls.other_referral = make_referral(cls.other.name, cls.provider, status="Sent")
		frappe.set_user("Administrator")

	def as_a(self):
		frappe.set_user(self.staff.a)

	def counts(self) -> tuple:
		return tuple(
			frappe.db.count(d)
			for d in (
				"Case Note",
				"Follow-up Visit",
				"Household Member",
				"Income Entry",
				"Referral",
				"Client",
				"Case",
				"Vulnerability Assessment",
			)
		) + (
			frappe.db.get_value("Case", self.case.name, "workflow_state"),
			frappe.db.get_value("Case", self.other.name, ["workflow_state", "checklist_progress"]),
		)

	# --- works on one's own case -------------------------------------------------------------

	def test_caseload_lists_own_cases_with_filters_and_search(self):
		self.as_a()
		data = portal.get_caseload()
		names = [c["name"] for c in data["cases"]]
		self.assertIn(self.case.name, names)
		self.assertNotIn(self.other.name, names)
		self.assertTrue(all(c["phone"] is None for c in data["cases"]))
		self.assertEqual([c["name"] for c in portal.get_caseload(q="555-0123")["cases"]], [self.case.name])
		self.assertEqual([c["name"] for c in portal.get_caseload(q="rosa delg")["cases"]], [self.case.name])
		self.assertEqual(portal.get_caseload(q="Brackenbury")["cases"], [])
		self.assertEqual(portal.get_caseload(state="Closed")["cases"], [])
		self.assertRaises(frappe.ValidationError, portal.get_caseload, risk="Apocalyptic")

	def test_caseload_reads_in_few_queries(self):
		self.as_a()
		portal.get_caseload()
		with count_queries() as n:
			portal.get_caseload()
		self.assertLessEqual(n[0], 4)

	def test_case_page_has_every_part(self):
		self.as_a()
		page = portal.get_case(self.case.name)
		self.assertEqual(page["client"]["full_name"], "Rosa Delgado")
		for key in ("ok_to_sms", "safe_to_text", "ok_to_email"):
			self.assertIn(key, page["client"])
		self.assertEqual(page["household"]["size"], 1)
		self.assertEqual(float(page["household"]["monthly_income"]), 1500.0)
		self.assertIsNotNone(page["household"]["poverty_guideline_percent"])
		self.assertEqual(page["household"]["members"][0]["income"][0]["source"], "Earned income")
		self.assertTrue(page["checklist"])
		self.assertEqual(page["checklist"][0]["name"], self.case.checklist[0].name)
		self.assertIn("Start Assessment", page["actions"])
		self.assertTrue(any(n["is_restricted"] for n in page["notes"]))

	def test_add_note(self):
		self.as_a()
		name = portal.add_note(self.case.name, "Phone call", "Line one\n<script>x</script>", "Phone call")[
			"name"
		]
		note = frappe.get_doc("Case Note", name)
		self.assertEqual(note.case, self.case.name)
		self.assertNotIn("<script>", note.note)
		text = next(n for n in portal.get_case(self.case.name)["notes"] if n["name"] == name)["text"]
		self.assertIn("Line one", text)

	def test_log_visit_completed_and_missed(self):
		self.as_a()
		done = portal.log_visit(
			self.case.name, "Completed", notes="Seen at home", present=" Client and her sister "
		)
		self.assertEqual(
			frappe.db.get_value("Follow-up Visit", done["visit"], ["status", "present"]),
			("Completed", "Client and her sister"),
		)
		visit = frappe.get_doc(
			{"doctype": "Follow-up Visit", "case": self.case.name, "due_date": add_days(today(), 3)}
		).insert()
		missed = portal.log_visit(self.case.name, "Missed", visit=visit.name)
		self.assertEqual(missed["visit"], visit.name)
		self.assertEqual(frappe.db.get_value("Follow-up Visit", visit.name, "status"), "Missed")

	def test_household_member_changes_the_income_total(self):
		self.as_a()
		before = float(portal.get_case(self.case.name)["household"]["monthly_income"])
		result = portal.save_household_member(
			self.case.name,
			"Marco",
			"Spouse or partner",
			last_name="Delgado",
			date_of_birth="1983-01-01",
			income=[{"source": "Unemployment insurance", "amount": "1,200", "frequency": "Monthly"}],
		)
		self.assertEqual(result["size"], 2)
		self.assertEqual(float(result["monthly_income"]), before + 1200)
		edited = portal.save_household_member(
			self.case.name,
			"Marco",
			"Spouse or partner",
			member=result["member"],
			income='[{"source": "Unemployment insurance", "amount": "600", "frequency": "Monthly"}]',
		)
		self.assertEqual(float(edited["monthly_income"]), before + 600)

	def test_referral(self):
		self.as_a()
		made = portal.create_referral(self.case.name, self.provider, "Needs food", service="Emergency food")
		self.assertEqual(made["status"], "Sent")
		self.assertEqual(frappe.db.get_value("Referral", made["name"], "case"), self.case.name)

	def test_assessment_start_continue_and_submit(self):
		self.as_a()
		form = portal.start_assessment(self.case.name)
		self.assertTrue(form["questions"])
		self.assertEqual(portal.start_assessment(self.case.name)["name"], form["name"])  # continues
		first = form["questions"][0]
		portal.save_assessment(form["name"], {first["code"]: first["options"][0]})
		answers = {q["code"]: q["options"][-1] for q in form["questions"]}
		result = portal.save_assessment(form["name"], answers, submit=True)
		self.assertEqual(result["docstatus"], 1)
		self.assertEqual(frappe.db.get_value("Case", self.case.name, "last_assessment"), form["name"])

	def test_checklist_item_ticked_and_unticked(self):
		self.as_a()
		item = self.case.checklist[0].name
		ticked = portal.set_checklist_item(self.case.name, item, True)
		self.assertGreater(ticked["checklist_progress"], 0)
		row = frappe.db.get_value("Case Checklist Item", item, ["completed", "completed_by"], as_dict=True)
		self.assertEqual((row.completed, row.completed_by), (1, self.staff.a))
		self.assertEqual(portal.set_checklist_item(self.case.name, item, False)["completed"], 0)
		self.assertRaises(frappe.ValidationError, portal.set_checklist_item, self.case.name, "nope", True)

	def test_no_referral_needed_with_its_reason_and_taken_back(self):
		from case_management.engine.case_workflow import activation_blockers

		def blockers(name):
			return {m.code for m in activation_blockers(frappe.get_doc("Case", name).facts())}

		self.as_a()
		case = make_case(make_client(first_name="Nora", last_name="Nonesuch").name, caseworker=self.staff.a)
		self.assertIn("no_referral", blockers(case.name))
		with self.assertRaises(frappe.ValidationError):
			portal.set_no_referral_needed(case.name, True, "   ")  # a reason is required
		self.assertEqual(frappe.db.get_value("Case", case.name, "no_referral_needed"), 0)

		done = portal.set_no_referral_needed(case.name, True, "Already served by the county food bank")
		self.assertEqual(
			(done["no_referral_needed"], done["no_referral_reason"]),
			(1, "Already served by the county food bank"),
		)
		self.assertFalse({"no_referral", "no_referral_reason"} & blockers(case.name))
		page = portal.get_case(case.name)["case"]
		self.assertEqual(page["no_referral_reason"], "Already served by the county food bank")

		back = portal.set_no_referral_needed(case.name, False)
		self.assertEqual((back["no_referral_needed"], back["no_referral_reason"]), (0, None))
		self.assertIn("no_referral", blockers(case.name))

		self.assertFalse(portal.get_case(case.name)["referral_under_way"])
		make_referral(case.name, make_provider("Referral Under Way Clinic"), status="Sent")
		self.assertTrue(portal.get_case(case.name)["referral_under_way"])
		with self.assertRaises(frappe.ValidationError):
			portal.set_no_referral_needed(case.name, True, "Changed my mind")  # a referral is under way
		self.assertEqual(frappe.db.get_value("Case", case.name, "no_referral_needed"), 0)

		self.assertRaises(
			frappe.PermissionError, portal.set_no_referral_needed, self.other.name, True, "Not my case"
		)
		self.assertEqual(frappe.db.get_value("Case", self.other.name, "no_referral_needed"), 0)

	def test_service_plan_goal_added_and_updated(self):
		self.as_a()
		case = make_case(make_client(first_name="Gale", last_name="Goalsby").name, caseworker=self.staff.a)
		added = portal.save_goal(case.name, "Find stable housing", "Signed lease", "2027-03-31")
		self.assertEqual(added["status"], "Not Started")
		updated = portal.save_goal(
			case.name, status="In Progress", progress_notes="Two viewings booked.", row=added["row"]
		)
		self.assertEqual(updated["goal"], "Find stable housing")  # the wording is kept
		row = frappe.db.get_value(
			"Case Goal",
			added["row"],
			["goal", "measure", "target_date", "status", "progress_notes"],
			as_dict=True,
		)
		self.assertEqual(
			(row.goal, row.measure, str(row.target_date), row.status, row.progress_notes),
			("Find stable housing", "Signed lease", "2027-03-31", "In Progress", "Two viewings booked."),
		)
		page_goals = portal.get_case(case.name)["goals"]
		self.assertEqual([(g["name"], g["status"]) for g in page_goals], [(added["row"], "In Progress")])

		# bad input changes nothing
		for bad in (
			dict(goal="   "),  # a new goal needs words
			dict(goal="Work", status="Done-ish"),
			dict(goal="Work", target_date="31/31/2027"),
			dict(status="Achieved", row="not-a-row"),
		):
			with self.assertRaises(frappe.ValidationError):
				portal.save_goal(case.name, **bad)
		self.assertEqual(frappe.db.count("Case Goal", {"parent": case.name}), 1)
		self.assertEqual(frappe.db.get_value("Case Goal", added["row"], "status"), "In Progress")

		# another case's goal cannot be reached through this case, nor that case at all
		frappe.set_user(self.staff.b)
		theirs = portal.save_goal(self.other.name, "Their goal")
		self.as_a()
		with self.assertRaises(frappe.ValidationError):
			portal.save_goal(case.name, status="Achieved", row=theirs["row"])
		self.assertRaises(frappe.PermissionError, portal.save_goal, self.other.name, "Mine now")
		self.assertEqual(frappe.db.get_value("Case Goal", theirs["row"], "status"), "Not Started")

	def test_move_case_along_the_workflow(self):
		self.as_a()
		moved = portal.move_case(self.case.name, "Start Assessment")
		self.assertEqual(moved["workflow_state"], "Assessment")
		self.assertIn("Put On Hold", moved["actions"])
		self.assertNotIn("Close", moved["actions"])  # a supervisor's step

	def test_supervisor_closes_with_a_reason_or_not_at_all(self):
		frappe.set_user(self.staff.s1)
		case = make_case(make_client(first_name="Clo", last_name="Sure").name, caseworker=self.staff.a)
		with self.assertRaises(frappe.ValidationError):
			portal.move_case(case.name, "Close")  # no reason
		self.assertRaises(frappe.ValidationError, portal.move_case, case.name, "Close", "Bored")
		self.assertEqual(frappe.db.get_value("Case", case.name, "workflow_state"), "Intake")
		# the first closing step drafts the discharge summary; the caseworker checks it; the
		# supervisor approves it as they close (api/test_discharge.py)
		drafted = portal.move_case(case.name, "Close", "Client withdrew", "Moved in with family.")
		self.assertEqual(drafted["workflow_state"], "Intake")
		self.assertIn("discharge summary was drafted", drafted["message"])
		frappe.set_user(self.staff.a)
		discharge_api.save(drafted["discharge_summary"], {"follow_up_plan": "Call back in June."})
		frappe.set_user(self.staff.s1)
		with serving_assets():
			moved = portal.move_case(case.name, "Close", approve_summary=True)
		self.assertEqual(moved["workflow_state"], "Closed")
		self.assertEqual(frappe.db.get_value("Case", case.name, "closure_reason"), "Client withdrew")

	def test_register_client_starts_a_case_on_my_caseload(self):
		self.as_a()
		made = portal.register_client("Ezequiel", "Fontaine", date_of_birth="1979-02-03", ok_to_sms=True)
		case = frappe.db.get_value("Case", made["case"], ["client", "caseworker"], as_dict=True)
		self.assertEqual((case.client, case.caseworker), (made["client"], self.staff.a))
		self.assertEqual(frappe.db.get_value("Client", made["client"], "ok_to_sms"), 1)

	def test_register_asks_to_confirm_a_likely_duplicate(self):
		self.as_a()
		before = self.counts()
		with self.assertRaises(frappe.ValidationError):
			portal.register_client("Rosa", "Delgado", date_of_birth="1985-04-12", phone="202-555-0123")
		self.assertEqual(self.counts(), before)
		made = portal.register_client(
			"Rosa", "Delgado", date_of_birth="1985-04-12", phone="202-555-0123", confirmed_new=True
		)
		self.assertTrue(frappe.db.exists("Case", made["case"]))

	# --- bad input changes nothing ---------------------------------------------------------

	def test_bad_input_is_refused_and_nothing_is_saved(self):
		self.as_a()
		before = self.counts()
		bad = [
			(portal.add_note, (self.case.name, "", "text")),
			(portal.add_note, (self.case.name, "Subject", "text", "Gossip")),
			(portal.log_visit, (self.case.name, "Vanished")),
			(
				portal.save_household_member,
				(self.case.name, "Kid", "Child"),
				{"income": [{"source": "Earned income", "amount": "lots", "frequency": "Monthly"}]},
			),
			(
				portal.save_household_member,
				(self.case.name, "Kid", "Child"),
				{"income": [{"source": "Earned income", "amount": "-5", "frequency": "Monthly"}]},
			),
			(portal.save_household_member, (self.case.name, "Second", "Self")),
			(portal.save_household_member, (self.case.name, "Kid", "Child"), {"date_of_birth": "not a date"}),
			(portal.create_referral, (self.case.name, self.provider, "  ")),
			(portal.create_referral, (self.case.name, "No Such Provider", "Needs food")),
			(portal.move_case, (self.case.name, "Close")),
			(portal.move_case, (self.case.name, "Activate")),
			(portal.register_client, ("", "Nobody")),
			(portal.register_client, ("Valid", "Name"), {"phone": "not a phone"}),
		]
		for entry in bad:
			method, args = entry[0], entry[1]
			kwargs = entry[2] if len(entry) > 2 else {}
			with self.subTest(method=method.__name__, args=args, kwargs=kwargs):
				frappe.local.message_log = []
				with self.assertRaises(frappe.ValidationError) as refused:
					method(*args, **kwargs)
				self.assertNotIsInstance(refused.exception, frappe.PermissionError)
				self.assertTrue(str(refused.exception).strip())
		self.assertEqual(self.counts(), before)

	def test_failed_submit_keeps_the_draft_unsubmitted(self):
		self.as_a()
		form = portal.start_assessment(self.case.name)
		with self.assertRaises(frappe.ValidationError):
			portal.save_assessment(form["name"], {form["questions"][0]["code"]: "Not an option"}, submit=True)
		self.assertEqual(frappe.db.get_value("Vulnerability Assessment", form["name"], "docstatus"), 0)

	# --- refusals --------------------------------------------------------------------------

	def calls_on_the_other_case(self) -> list:
		case = self.other.name
		return [
			(portal.get_case, {"case": case}),
			(portal.add_note, {"case": case, "subject": "x", "note": "y"}),
			(portal.log_visit, {"case": case, "outcome": "Completed"}),
			(portal.save_household_member, {"case": case, "first_name": "X", "relationship": "Child"}),
			(portal.create_referral, {"case": case, "service_provider": self.provider, "reason": "x"}),
			(portal.start_assessment, {"case": case}),
			(
				portal.set_checklist_item,
				{"case": case, "item": self.other.checklist[0].name, "completed": True},
			),
			(portal.move_case, {"case": case, "action": "Start Assessment"}),
		]

	def leaked(self, error: Exception) -> list[str]:
		text = str(error) + " ".join(str(m) for m in frappe.local.message_log)
		return [w for w in SECRET_WORDS if w in text]

	def test_another_caseworkers_case_is_refused_without_its_data(self):
		before = self.counts()
		for method, kwargs in self.calls_on_the_other_case():
			with self.subTest(method=method.__name__):
				self.as_a()
				frappe.local.message_log = []
				with self.assertRaises(frappe.PermissionError) as refused:
					method(**kwargs)
				self.assertEqual(self.leaked(refused.exception), [])
		self.assertEqual(self.counts(), before)

	def test_another_households_member_cannot_be_edited_through_my_case(self):
		frappe.set_user(self.staff.b)
		theirs = make_member(self.other_client.name, "Child", "Pip").name
		self.as_a()
		with self.assertRaises(frappe.PermissionError):
			portal.save_household_member(self.case.name, "Pip", "Child", member=theirs)
		self.assertEqual(frappe.db.get_value("Household Member", theirs, "client"), self.other_client.name)

	def test_guests_and_partners_are_refused(self):
		for user in ("Guest", self.staff.partner, self.staff.desk):
			for method, kwargs in [(portal.get_caseload, {}), *self.calls_on_the_other_case()]:
				with self.subTest(user=user, method=method.__name__):
					frappe.set_user(user)
					with self.assertRaises(frappe.PermissionError):
						method(**kwargs)
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			portal.register_client("Guest", "Person")

	def test_partner_still_sees_only_their_referrals(self):
		frappe.set_user(self.staff.partner)
		self.assertEqual(set(frappe.get_list("Referral", pluck="name")), {self.other_referral.name})

	def test_supervisor_sees_the_team_caseload(self):
		frappe.set_user(self.staff.s2)
		names = [c["name"] for c in portal.get_caseload()["cases"]]
		self.assertIn(self.other.name, names)
		self.assertNotIn(self.case.name, names)

	# --- pages ---------------------------------------------------------------------------

	def test_pages_send_guests_to_log_in_and_back(self):
		from case_management.www.caseload import case as case_page
		from case_management.www.caseload import index

		frappe.set_user("Guest")
		for module, path in ((index, "/caseload"), (case_page, f"/caseload/{self.case.name}")):
			with self.subTest(path=path):
				frappe.local.flags.redirect_location = None
				frappe.form_dict.case = self.case.name
				with self.assertRaises(frappe.Redirect):
					module.get_context(frappe._dict())
				self.assertTrue(
					frappe.local.flags.redirect_location.startswith("/login?redirect-to=%2Fcaseload")
				)

	def test_case_page_answers_the_same_for_missing_and_foreign_cases(self):
		from case_management.www.caseload import case as case_page

		self.as_a()
		for name in (self.other.name, "CASE-DOES-NOT-EXIST"):
			frappe.form_dict.case = name
			context = case_page.get_context(frappe._dict())
			self.assertTrue(context.not_found)
			self.assertNotIn("client", context)

	def test_portal_responses_are_not_stored(self):
		from werkzeug.wrappers import Response

		for path, stored in (
			("/caseload/CASE-1", False),
			("/api/method/case_management.api.portal.get_case", False),
			("/api/method/case_management.api.intake.find_clients", False),
			("/about", True),
		):
			with self.subTest(path=path):
				response = Response("x")
				no_store(response=response, request=frappe._dict(path=path))
				self.assertEqual("no-store" not in response.headers.get("Cache-Control", ""), stored)

	def test_overdue_visit_shows_on_the_caseload(self):
		self.as_a()
		frappe.get_doc(
			{"doctype": "Follow-up Visit", "case": self.case.name, "due_date": add_days(today(), -4)}
		).insert()
		row = next(c for c in portal.get_caseload()["cases"] if c["name"] == self.case.name)
		self.assertEqual(row["next_visit"], getdate(add_days(today(), -4)))
		self.assertIn("visit", row["overdue"])
