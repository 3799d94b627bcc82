"""The demo data is realistic enough to work with: it obeys the app's own rules."""

from unittest.mock import patch

import frappe

from case_management.demo import make
from case_management.engine.case_workflow import activation_blockers
from case_management.tests import CaseManagementTestCase


class TestDemoData(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.before = frappe.db.count("Client")
		# the cases there before (not a time: the demo sets the site's time zone as it starts)
		cls.cases_before = set(frappe.get_all("Case", pluck="name"))
		with patch.object(frappe.db, "commit"):  # the demo commits per chunk; a test must not
			cls.result = make(clients=150, seed=11)

	def test_counts_and_every_workflow_state(self):
		self.assertEqual(frappe.db.count("Client") - self.before, 150)
		states = set(frappe.get_all("Case", pluck="workflow_state", distinct=True))
		self.assertTrue({"Intake", "Assessment", "Active", "Monitoring", "On Hold", "Closed"} <= states)

	def test_each_household_has_exactly_one_self(self):
		counts = frappe.db.sql(
			"""select client, sum(relationship = 'Self') from `tabHousehold Member`
			where client like 'CL-%%' group by client"""
		)
		self.assertTrue(counts)
		self.assertEqual({int(n) for _, n in counts}, {1})

	def test_active_cases_meet_the_activation_rules(self):
		for name in frappe.get_all(
			"Case", filters={"workflow_state": ("in", ["Active", "Monitoring"])}, pluck="name"
		)[:40]:
			case = frappe.get_doc("Case", name)
			self.assertEqual(activation_blockers(case.facts()), [], name)

	def test_assessments_are_real_and_drive_the_case(self):
		from case_management.engine.scoring import score
		from case_management.services.scoring import published_instrument

		names = frappe.get_all(
			"Vulnerability Assessment", filters={"name": ("like", "VA-DEMO-%")}, pluck="name", limit=20
		)
		self.assertTrue(names)
		instrument = published_instrument("Household Vulnerability Index v1")
		for name in names:
			a = frappe.get_doc("Vulnerability Assessment", name)
			result = score(instrument, {row.question_code: row.answer for row in a.answers})
			self.assertEqual(
				(a.total_score, a.risk_level, a.explanation),
				(result.total, result.risk_level, result.explanation()),
			)
			case = frappe.db.get_value("Case", a.case, ["risk_level", "last_assessment"], as_dict=True)
			self.assertEqual((case.risk_level, case.last_assessment), (a.risk_level, a.name))

	def test_rows_pass_the_controllers_validation(self):
		for doctype in ("Client", "Household Member", "Case", "Referral", "Case Note", "Follow-up Visit"):
			for name in frappe.get_all(doctype, pluck="name", limit=5, order_by="creation desc"):
				with self.subTest(doctype=doctype, name=name):
					frappe.get_doc(doctype, name).save()

	def test_some_notes_are_written_from_templates_and_pass_their_rules(self):
		names = frappe.get_all(
			"Case Note",
			filters={"name": ("like", "NOTE-DEMO-%"), "note_template": ("is", "set")},
			pluck="name",
			limit=8,
		)
		self.assertTrue(names)
		for name in names:
			doc = frappe.get_doc("Case Note", name)
			self.assertTrue(doc.sections)
			before = doc.note
			doc.save()  # the template's rules hold, and the text made from the sections is the same
			self.assertEqual(doc.note, before)

	def test_demo_caseworker_sees_only_their_cases(self):
		user = frappe.get_all(
			"Case", pluck="caseworker", limit=1, filters={"caseworker": ("like", "%demo.example.org")}
		)[0]
		frappe.set_user(user)
		visible = set(frappe.get_list("Case", pluck="name", limit_page_length=0))
		frappe.set_user("Administrator")
		own = set(frappe.get_all("Case", filters={"caseworker": user}, pluck="name"))
		self.assertEqual(visible, own)

	def test_demo_users_can_sign_in(self):
		from frappe.utils.password import check_password

		from case_management.demo import DEMO_PASSWORD

		for user in (
			"caseworker01@demo.example.org",
			"supervisor01@demo.example.org",
			"partner@demo.example.org",
		):
			with self.subTest(user=user):
				self.assertEqual(frappe.db.get_value("User", user, "enabled"), 1)
				self.assertEqual(check_password(user, DEMO_PASSWORD), user)

	def test_second_registrations_wait_in_the_duplicate_review_queue(self):
		"""Some demo clients were registered twice (a nickname, a swapped birth date, a surname
		typo); the demo run's duplicate check puts them in the review queue."""
		planted = self.result["registered_twice"]
		self.assertGreaterEqual(len(planted), 2)  # about 3% of 150
		queued = {
			tuple(sorted(pair))
			for pair in frappe.get_all(
				"Duplicate Candidate",
				filters={"source": "Nightly check"},
				fields=["client_a", "client_b"],
				as_list=True,
			)
		}
		found = [pair for pair in planted if tuple(sorted(pair)) in queued]
		self.assertGreaterEqual(len(found), 0.8 * len(planted), f"found {found} of {planted}")

	def test_five_programs_with_full_ones_waitlists_and_services_over_months(self):
		from case_management.services.enrolment import counts

		programs = frappe.get_all("Program", filters={"program_name": ("in", [
			"Rapid Rehousing", "Emergency Food Pantry", "Youth Transitions", "Family Stabilization", "Senior Outreach",
		])}, fields=["name", "capacity"])  # fmt: skip
		self.assertEqual(len(programs), 5)
		for p in programs:
			n = counts(p.name)
			if p.capacity:
				self.assertLessEqual(n["enrolled"] + n["open_offers"], p.capacity, p.name)
		self.assertTrue(any(counts(p.name)["waiting"] for p in programs), "no program has a waitlist")
		months = frappe.db.sql(
			"select count(distinct date_format(delivered_on, '%Y-%m')) from `tabService Delivery`"
		)[0][0]
		self.assertGreaterEqual(months, 2)
		for doctype in ("Program Enrolment", "Service Delivery"):
			for name in frappe.get_all(doctype, pluck="name", limit=15):
				doc = frappe.get_doc(doctype, name)
				doc.flags.via_service = True
				doc.run_method("validate")

	def test_some_clients_carry_an_identity_document_stored_as_the_app_stores_one(self):
		"""About half the demo clients carry a document (or a data quality saying why not); the
		number is encrypted in __Auth, its last four on the record, and the controller agrees."""
		from case_management.engine import evidence
		from case_management.services import identity

		rows = frappe.get_all(
			"Client",
			filters={"id_type": ("is", "set"), "name": ("like", "CL-%")},
			fields=["name", "id_type", "id_number", "id_number_masked", "id_data_quality"],
		)
		self.assertGreaterEqual(len(rows), 20)  # about 45% of 150
		self.assertGreaterEqual(len({r.id_type for r in rows}), 3)
		numbers = identity.numbers_of([r.name for r in rows])
		self.assertEqual(set(numbers), {r.name for r in rows})
		for r in rows:
			with self.subTest(client=r.name):
				self.assertNotIn(numbers[r.name], r.id_number or "")  # the column holds no number
				self.assertTrue(evidence.identities(r.id_type, numbers[r.name]))
				self.assertEqual(r.id_number_masked, evidence.masked(numbers[r.name]))
				self.assertEqual(r.id_data_quality, "Partial" if r.id_type == "SSN last four" else "Full")
		for name in [r.name for r in rows][:5]:  # the controller accepts what the demo stored
			frappe.get_doc("Client", name).save()
		self.assertTrue(
			frappe.db.exists("Client", {"id_type": ("is", "not set"), "id_data_quality": "Client refused"})
		)

	def test_texts_from_clients_went_through_the_webhooks_code(self):
		handled = frappe.get_all("Inbound Message", fields=["meaning", "status", "client", "match"])
		self.assertGreaterEqual(len(handled), 2)
		unknown = [m for m in handled if m.match == "Unknown number" and m.meaning == "Free text"]
		self.assertTrue(unknown and all(m.status == "Needs admin" and not m.client for m in unknown))
		stopped = [m.client for m in handled if m.meaning == "Opt out" and m.client]
		for client in stopped:
			self.assertEqual(frappe.db.get_value("Client", client, "sms_opted_out"), 1)
		self.assertFalse([m for m in handled if m.status == "Received"])  # every text acted on
		# every STOP is on the opt-out list, the emergency contact's among them
		listed = frappe.get_all("Text Opt-out", filters={"opted_out": 1}, pluck="number")
		self.assertTrue(listed)
		self.assertTrue(
			frappe.db.exists(
				"Client Emergency Contact",
				{"phone": ("in", listed), "sms_opted_out": 1, "parenttype": "Client"},
			)
		)

	def test_closed_cases_closed_with_an_approved_discharge_summary(self):
		closed = [
			name
			for name in frappe.get_all("Case", filters={"workflow_state": "Closed"}, pluck="name")
			if name not in self.cases_before
		][:30]
		self.assertTrue(closed)
		for name in closed:
			summary = frappe.get_all(
				"Discharge Summary",
				filters={"case": name},
				fields=[
					"status",
					"closed_on",
					"drafted_by",
					"approved_by",
					"reason_for_closure",
					"client_copy",
				],
			)
			self.assertEqual(len(summary), 1, name)
			s = summary[0]
			self.assertEqual(s.status, "Approved")
			self.assertNotEqual(s.drafted_by, s.approved_by)
			self.assertEqual(str(s.closed_on), str(frappe.db.get_value("Case", name, "closure_date")))
			self.assertIn(frappe.db.get_value("Case", name, "closure_reason"), s.reason_for_closure)
			self.assertIn("Why your case is closing", s.client_copy)
			self.assertNotIn("Last risk level", s.client_copy)
