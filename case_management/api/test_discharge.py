"""The discharge summary at closure (#23 item 3): drafted by the Close step, edited by the
caseworker, approved by a supervisor who did not write it as part of closing, kept as a PDF on
the case; the client's copy leaves internal notes out; reopening keeps the earlier summary."""

import frappe
from frappe.model.workflow import apply_workflow

from case_management.api import discharge as api
from case_management.api import portal
from case_management.services.test_printing import serving_assets
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import (
	make_case,
	make_client,
	make_provider,
	make_referral,
	standard_staff,
)


class TestDischargeSummary(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		cls.provider = make_provider("Discharge Test Housing")

	def setUp(self):
		frappe.set_user(self.staff.a)
		self.case = make_case(
			make_client(first_name="Imelda", last_name="Quarrington").name, caseworker=self.staff.a
		)
		self.case.append(
			"goals", {"goal": "Find stable housing", "measure": "a signed lease", "status": "Achieved"}
		)
		self.case.append("goals", {"goal": "Open a bank account", "status": "In Progress"})
		self.case.save()
		make_referral(self.case.name, self.provider, status="Sent")

	def close_step(self, **kw):
		return portal.move_case(self.case.name, "Close", kw.pop("reason", "Goals met"), **kw)

	def count(self):
		return frappe.db.count("Discharge Summary", {"case": self.case.name})

	def state(self):
		return frappe.db.get_value("Case", self.case.name, "workflow_state")

	def test_closing_drafts_then_the_caseworker_edits_and_the_supervisor_approves_as_they_close(self):
		frappe.set_user(self.staff.s1)
		first = self.close_step()
		self.assertEqual(first["workflow_state"], "Intake")  # nothing closed yet
		summary = frappe.get_doc("Discharge Summary", first["discharge_summary"])
		self.assertEqual(summary.status, "Draft")
		self.assertIn("Goals met", summary.reason_for_closure)
		for text in (
			"Find stable housing: achieved",
			"Open a bank account: in progress",
			"Discharge Test Housing",
		):
			self.assertIn(text, summary.goals_progress + summary.referrals_outcomes)
		self.assertTrue(summary.follow_up_plan and summary.contacts)

		# the supervisor drafted it by closing: approving their own draft is refused
		with self.assertRaises(frappe.ValidationError) as ctx:
			self.close_step(approve_summary=True)
		self.assertIn("You wrote this summary", str(ctx.exception))
		self.assertEqual(
			(self.state(), frappe.db.get_value("Discharge Summary", summary.name, "status")),
			("Intake", "Draft"),
		)

		# refused until approved
		self.assertRaises(frappe.ValidationError, self.close_step)
		self.assertEqual(self.state(), "Intake")

		frappe.set_user(self.staff.a)
		edited = api.save(summary.name, {"follow_up_plan": "Call in May to check the lease renewal."})
		self.assertEqual(edited["status"], "Draft")
		self.assertEqual(frappe.db.get_value("Discharge Summary", summary.name, "drafted_by"), self.staff.a)

		frappe.set_user(self.staff.s1)
		with serving_assets():
			moved = self.close_step(approve_summary=True)
		self.assertEqual(moved["workflow_state"], "Closed")
		summary.reload()
		self.assertEqual((summary.status, summary.approved_by), ("Approved", self.staff.s1))
		self.assertEqual(
			str(summary.closed_on), str(frappe.db.get_value("Case", self.case.name, "closure_date"))
		)
		# the PDF is kept on the case, privately
		pdf = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Case", "attached_to_name": self.case.name},
			fields=["is_private", "file_url", "file_name"],
		)
		self.assertEqual(len(pdf), 1)
		self.assertEqual((pdf[0].is_private, pdf[0].file_url), (1, summary.pdf_file))
		# (a name already taken on disk gets Frappe's hash suffix)
		self.assertTrue(pdf[0].file_name.startswith(summary.name) and pdf[0].file_name.endswith(".pdf"))
		self.assertTrue(
			frappe.get_doc("File", {"file_url": summary.pdf_file}).get_content().startswith(b"%PDF")
		)

		# approved: nobody changes it, not even the caseworker who wrote it
		frappe.set_user(self.staff.a)
		self.assertRaises(frappe.PermissionError, api.save, summary.name, {"contacts": "x"})

	def test_a_caseworker_cannot_approve(self):
		frappe.set_user(self.staff.s1)
		name = self.close_step()["discharge_summary"]
		frappe.set_user(self.staff.a)
		with self.assertRaises(frappe.ValidationError) as ctx:
			api.approve(name)
		self.assertIn("Only a case supervisor approves", str(ctx.exception))
		self.assertEqual(frappe.db.get_value("Discharge Summary", name, "status"), "Draft")
		# nor close: the workflow gives the step to supervisors only
		self.assertRaises(frappe.ValidationError, portal.move_case, self.case.name, "Close", "Goals met")

	def test_required_sections_left_out_cannot_be_approved(self):
		frappe.set_user(self.staff.a)
		name = api.draft(self.case.name)["name"]
		api.save(name, {"follow_up_plan": "", "reason_for_closure": " "})
		frappe.set_user(self.staff.s1)
		with self.assertRaises(frappe.ValidationError) as ctx:
			api.approve(name)
		self.assertIn("Follow-up plan", str(ctx.exception))
		self.assertEqual(frappe.db.get_value("Discharge Summary", name, "status"), "Draft")
		self.assertFalse(
			frappe.db.exists("File", {"attached_to_name": self.case.name, "file_name": f"{name}.pdf"})
		)

	def test_a_drafted_summary_without_a_reason_takes_the_one_chosen_at_closing(self):
		frappe.set_user(self.staff.a)
		name = api.draft(self.case.name)["name"]  # no closure reason yet
		self.assertEqual(frappe.db.get_value("Discharge Summary", name, "reason_for_closure"), "")
		frappe.set_user(self.staff.s1)
		with serving_assets():
			self.assertEqual(
				self.close_step(reason="Moved away", approve_summary=True)["workflow_state"], "Closed"
			)
		self.assertIn("Moved away", frappe.db.get_value("Discharge Summary", name, "reason_for_closure"))
		self.assertEqual(frappe.db.get_value("Discharge Summary", name, "drafted_by"), self.staff.a)

	def test_the_client_copy_has_no_internal_notes_or_risk(self):
		frappe.set_user(self.staff.a)
		name = api.draft(self.case.name)["name"]
		saved = api.save(
			name, {"internal_notes": "Staff only: brother may be unsafe", "risk_summary": "High, score 11"}
		)
		self.assertNotIn("brother may be unsafe", saved["client_copy"])
		self.assertNotIn("score 11", saved["client_copy"])
		self.assertIn("Find stable housing", saved["client_copy"])
		html = frappe.get_print("Discharge Summary", name, print_format="Discharge Summary (client copy)")
		self.assertNotIn("brother may be unsafe", html)
		self.assertIn("Your goals", html)
		staff_html = frappe.get_print("Discharge Summary", name, print_format="Discharge Summary")
		self.assertIn("brother may be unsafe", staff_html)

	def test_reopening_keeps_the_earlier_summary_and_a_new_closure_drafts_a_new_one(self):
		frappe.set_user(self.staff.a)
		first = api.draft(self.case.name)["name"]
		frappe.set_user(self.staff.s1)
		with serving_assets():
			self.close_step(approve_summary=True)
		self.case.reload()
		apply_workflow(self.case, "Reopen")
		self.assertEqual(frappe.db.get_value("Discharge Summary", first, "status"), "Approved")
		self.assertRaises(frappe.ValidationError, self.close_step, reason=None)  # the reason is asked again
		second = self.close_step(reason="Client withdrew")["discharge_summary"]
		self.assertNotEqual(first, second)
		self.assertEqual(self.count(), 2)
		self.assertIn("Goals met", frappe.db.get_value("Discharge Summary", first, "reason_for_closure"))
		self.assertEqual([s["name"] for s in api.summaries(self.case.name)["all"]], [second, first])

	def test_the_desk_close_is_refused_without_an_approved_summary(self):
		frappe.set_user(self.staff.s1)
		self.case.reload()
		self.case.closure_reason = "Goals met"
		self.case.save()
		with self.assertRaises(frappe.ValidationError) as ctx:
			apply_workflow(self.case, "Close")
		self.assertIn("discharge summary", str(ctx.exception))
		self.assertEqual(self.state(), "Intake")

	def test_another_caseload_is_refused(self):
		frappe.set_user(self.staff.a)
		name = api.draft(self.case.name)["name"]
		for user in (self.staff.b, self.staff.s2, self.staff.partner):
			frappe.set_user(user)
			self.assertRaises(frappe.PermissionError, api.summaries, self.case.name)
			self.assertRaises(frappe.PermissionError, api.save, name, {"contacts": "mine"})
			self.assertRaises(frappe.PermissionError, api.approve, name)
			self.assertRaises(frappe.PermissionError, api.draft, self.case.name)
		self.assertEqual(frappe.db.get_value("Discharge Summary", name, "drafted_by"), self.staff.a)

	def test_a_summary_made_empty_in_the_desk_is_drafted_from_the_case(self):
		frappe.set_user(self.staff.a)
		doc = frappe.get_doc({"doctype": "Discharge Summary", "case": self.case.name}).insert()
		self.assertIn("Find stable housing: achieved", doc.goals_progress)
		self.assertEqual(doc.drafted_by, self.staff.a)

	def test_unknown_sections_and_approved_status_by_hand_are_refused(self):
		frappe.set_user(self.staff.a)
		name = api.draft(self.case.name)["name"]
		self.assertRaises(frappe.ValidationError, api.save, name, {"status": "Approved"})
		doc = frappe.get_doc("Discharge Summary", name)
		doc.status = "Approved"
		self.assertRaises(frappe.ValidationError, doc.save)
		self.assertEqual(frappe.db.get_value("Discharge Summary", name, "status"), "Draft")
