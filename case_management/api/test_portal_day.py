"""The portal without surprises (issue 19): an incomplete assessment names its questions by
their text, a reassessment may start from the last answers (only the user's to read), workflow
steps say what they change before they are taken, and every action says what it saved."""

import frappe

from case_management.api import portal
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff


class TestPortalDay(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		cls.client = make_client(first_name="Iris", last_name="Wendover", state="DC")
		cls.case = make_case(cls.client.name, caseworker=cls.staff.a)
		frappe.set_user("Administrator")

	def setUp(self):
		frappe.set_user(self.staff.a)

	def test_an_incomplete_assessment_names_its_questions_by_their_text(self):
		form = portal.start_assessment(self.case.name)
		first, second, third = form["questions"][:3]
		answers = {q["code"]: q["options"][0] for q in form["questions"]}
		del answers[second["code"]], answers[third["code"]]
		with self.assertRaises(frappe.ValidationError) as ctx:
			portal.save_assessment(form["name"], answers, submit=True)
		message = str(ctx.exception)
		self.assertIn(frappe.utils.escape_html(second["question"]), message)
		self.assertIn(frappe.utils.escape_html(third["question"]), message)
		self.assertNotIn(frappe.utils.escape_html(first["question"]), message)
		self.assertEqual(frappe.db.get_value("Vulnerability Assessment", form["name"], "docstatus"), 0)
		# nothing of the refused call was saved
		saved = frappe.get_all(
			"Assessment Answer", filters={"parent": form["name"], "answer": ("is", "set")}, pluck="name"
		)
		self.assertEqual(saved, [])

	def test_a_reassessment_is_offered_the_last_answers(self):
		client = make_client(first_name="Tomas", last_name="Reeve", state="DC")
		case = make_case(client.name, caseworker=self.staff.a)
		form = portal.start_assessment(case.name)
		self.assertIsNone(form["previous"])  # nothing to start from yet
		answers = {q["code"]: q["options"][-1] for q in form["questions"]}
		portal.save_assessment(form["name"], answers, submit=True)

		again = portal.start_assessment(case.name)
		self.assertNotEqual(again["name"], form["name"])
		self.assertTrue(all(q["answer"] is None for q in again["questions"]))  # it starts blank
		self.assertEqual(again["previous"]["name"], form["name"])
		self.assertEqual(again["previous"]["answers"], answers)

		# another caseworker cannot open the draft, so is offered nothing of it
		frappe.set_user(self.staff.b)
		self.assertRaises(frappe.PermissionError, portal.start_assessment, case.name)

	def test_workflow_steps_are_named_as_steps_and_say_what_they_change(self):
		from case_management.services.portal import case_page

		client = make_client(first_name="Vera", last_name="Holm", state="DC")
		case = make_case(client.name, caseworker=self.staff.a)
		steps = {s["action"]: s for s in case_page(case.name)["steps"]}
		start = steps["Start Assessment"]
		self.assertEqual(start["label"], "Step: move the case to Assessment")
		self.assertEqual(start["effects"], ["Nobody is notified and nothing new becomes due."])
		self.assertEqual(start["missing"], [])
		moved = portal.move_case(case.name, "Start Assessment")
		self.assertEqual(moved["message"], "The case is now Assessment.")  # said in words on the page

		# a supervisor activating the case: visits start and the caseworker is told; what is
		# still missing is listed before the move is tried
		frappe.set_user(self.staff.s1)
		active = {s["action"]: s for s in case_page(case.name)["steps"]}["Activate"]
		self.assertEqual(active["label"], "Step: move the case to Active")
		self.assertEqual(len(active["effects"]), 2)
		self.assertIn("Follow-up visits start", active["effects"][0])
		self.assertIn("the caseworker, is notified", active["effects"][1])
		self.assertTrue(any("assessment" in m for m in active["missing"]))
		close = {s["action"]: s for s in case_page(case.name)["steps"]}["Close"]
		self.assertEqual(close["label"], "Step: close the case")
