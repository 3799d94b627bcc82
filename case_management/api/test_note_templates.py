"""Note templates, structured notes and objectivity hints (issue 23), as the people who use them:
the admin edits templates and phrases, the caseworker writes a DAP note and a note about a visit
and sees hints; another caseworker is refused; bad input saves nothing."""

import frappe
from frappe.utils import add_days, get_datetime, now_datetime

from case_management.api import notes, portal
from case_management.services.portal import case_page
from case_management.setup.install import ensure_defaults
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, make_note, standard_staff

DAP = [
	{"heading": "Data", "content": "Client attended on 3 March and brought her lease."},
	{"heading": "Assessment", "content": "Rent arrears are two months."},
	{"heading": "Plan", "content": "Apply for rent help by Friday."},
]


class TestNoteTemplates(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		cls.client = make_client(first_name="Noémie", last_name="Vasquez-Holt")
		cls.case = make_case(cls.client.name, caseworker=cls.staff.a)
		frappe.set_user(cls.staff.b)
		cls.other_case = make_case(
			make_client(first_name="Osric", last_name="Penhallow").name, caseworker=cls.staff.b
		)
		frappe.set_user("Administrator")
		cls.visit = frappe.get_doc(
			{
				"doctype": "Follow-up Visit",
				"case": cls.case.name,
				"mode": "Home visit",
				"due_date": add_days(now_datetime().date(), -1),
				"status": "Completed",
				"completed_on": "2026-03-03 10:30:00",
				"present": "client, her sister",
			}
		).insert()

	def setUp(self):
		frappe.set_user(self.staff.a)

	def count(self, doctype, **filters):
		return frappe.db.count(doctype, filters)

	def test_shipped_templates_and_phrases_are_there_and_not_overwritten_on_migrate(self):
		frappe.set_user("Administrator")
		self.assertEqual(
			[s.heading for s in frappe.get_doc("Note Template", "DAP").sections],
			["Data", "Assessment", "Plan"],
		)
		frappe.db.set_value("Note Template Section", {"parent": "SOAP", "heading": "Plan"}, "prompt", "Ours")
		frappe.db.set_value("Note Hint Phrase", "en-lazy", "suggestion", "Our wording")
		ensure_defaults()
		self.assertEqual(
			frappe.db.get_value("Note Template Section", {"parent": "SOAP", "heading": "Plan"}, "prompt"),
			"Ours",
		)
		self.assertEqual(frappe.db.get_value("Note Hint Phrase", "en-lazy", "suggestion"), "Our wording")
		self.assertTrue(frappe.db.exists("Note Hint Phrase", "es-floja"))

	def test_templates_and_phrases_by_role(self):
		for doctype in ("Note Template", "Note Hint Phrase"):
			for user in (self.staff.a, self.staff.s1):
				self.assertTrue(frappe.has_permission(doctype, "read", user=user), (doctype, user))
				self.assertFalse(frappe.has_permission(doctype, "write", user=user), (doctype, user))
				self.assertFalse(frappe.has_permission(doctype, "create", user=user), (doctype, user))
			self.assertTrue(frappe.has_permission(doctype, "create", user=self.staff.admin))
			self.assertFalse(frappe.has_permission(doctype, "read", user=self.staff.partner))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{"doctype": "Note Template", "template_name": "Mine", "sections": [{"heading": "A"}]}
			).insert()
		frappe.set_user(self.staff.admin)
		template = frappe.get_doc(
			{
				"doctype": "Note Template",
				"template_name": "Crisis call",
				"sections": [{"heading": "Call", "required": 1}],
			}
		).insert()
		self.assertEqual(template.name, "Crisis call")

	def test_a_template_with_no_sections_or_a_nameless_section_is_refused(self):
		frappe.set_user(self.staff.admin)
		before = self.count("Note Template")
		with self.assertRaises(frappe.ValidationError) as ctx:
			frappe.get_doc({"doctype": "Note Template", "template_name": "Empty"}).insert()
		self.assertIn("at least one section", str(ctx.exception))
		with self.assertRaises(frappe.ValidationError) as ctx:
			frappe.get_doc(
				{
					"doctype": "Note Template",
					"template_name": "Nameless",
					"sections": [{"heading": "A"}, {"heading": " "}],
				}
			).insert()
		self.assertIn("Section 2 of the template needs a heading", str(ctx.exception))
		self.assertEqual(self.count("Note Template"), before)

	def test_a_dap_note_from_the_portal_keeps_its_sections_and_reads_with_them(self):
		draft = notes.note_draft(self.case.name, "DAP")
		self.assertEqual([s["heading"] for s in draft["sections"]], ["Data", "Assessment", "Plan"])
		self.assertTrue(all(s["prompt"] for s in draft["sections"]))
		saved = portal.add_note(self.case.name, "Rent review", template="DAP", sections=DAP, restricted=False)
		doc = frappe.get_doc("Case Note", saved["name"])
		self.assertEqual(
			[(s.heading, s.content) for s in doc.sections], [(r["heading"], r["content"]) for r in DAP]
		)
		self.assertEqual(doc.note_template, "DAP")
		self.assertIn("<p><strong>Assessment</strong></p><p>Rent arrears are two months.</p>", doc.note)
		page = case_page(self.case.name)
		(note,) = [n for n in page["notes"] if n.name == doc.name]
		self.assertEqual([s["heading"] for s in note["sections"]], ["Data", "Assessment", "Plan"])
		self.assertIn("Assessment\nRent arrears are two months.", note["text"])
		# edited section by section, and its history kept
		edited = [dict(r) for r in DAP]
		edited[2]["content"] = "Apply for rent help on Friday 6 March."
		portal.edit_note(doc.name, "Rent review", sections=edited)
		self.assertEqual(
			frappe.db.get_value("Case Note Section", {"parent": doc.name, "heading": "Plan"}, "content"),
			edited[2]["content"],
		)

	def test_bad_notes_are_refused_and_nothing_is_saved(self):
		before = self.count("Case Note", case=self.case.name)
		with self.assertRaises(frappe.ValidationError) as ctx:
			portal.add_note(self.case.name, "Half", template="DAP", sections=DAP[:2])
		self.assertIn("The section Plan is required by the template", str(ctx.exception))
		with self.assertRaises(frappe.ValidationError):
			portal.add_note(
				self.case.name, "Odd", template="DAP", sections=[*DAP, {"heading": "Gossip", "content": "x"}]
			)
		with self.assertRaises(frappe.ValidationError):
			portal.add_note(self.case.name, "Bad", template="DAP", sections="not json")
		frappe.set_user("Administrator")
		frappe.db.set_value("Note Template", "GIRP", "is_active", 0)
		frappe.set_user(self.staff.a)
		try:
			girp = [{"heading": h, "content": "x"} for h in ("Goal", "Intervention", "Response", "Plan")]
			with self.assertRaises(frappe.ValidationError) as ctx:
				portal.add_note(self.case.name, "Retired", template="GIRP", sections=girp)
			self.assertIn("is not active", str(ctx.exception))
			with self.assertRaises(frappe.ValidationError):
				notes.note_draft(self.case.name, "GIRP")
		finally:
			frappe.set_user("Administrator")
			frappe.db.set_value("Note Template", "GIRP", "is_active", 1)
		self.assertEqual(self.count("Case Note", case=self.case.name), before)

	def test_a_note_about_a_visit_opens_with_its_date_mode_and_who_was_present(self):
		draft = notes.note_draft(self.case.name, "Home visit", self.visit.name)
		self.assertEqual(
			draft["sections"][0]["content"], "Home visit, 3 Mar 2026 10:30. Present: client, her sister."
		)
		self.assertEqual(draft["note_type"], "Home visit")
		self.assertEqual(get_datetime(draft["note_date"]), get_datetime("2026-03-03 10:30:00"))
		sections = [dict(s) for s in draft["sections"]]
		for s in sections:
			s["content"] = s["content"] or "Seen and agreed on 3 March."
		saved = portal.add_note(
			self.case.name, "Visit", template="Home visit", sections=sections, visit=self.visit.name
		)
		doc = frappe.get_doc("Case Note", saved["name"])
		self.assertEqual(doc.visit, self.visit.name)
		self.assertEqual(get_datetime(doc.note_date), get_datetime("2026-03-03 10:30:00"))
		# a visit of another case is refused
		frappe.set_user(self.staff.b)
		with self.assertRaises(frappe.PermissionError):
			notes.note_draft(self.other_case.name, None, self.visit.name)

	def test_hints_advise_count_once_and_never_block(self):
		frappe.set_user("Administrator")
		frappe.db.set_value("Note Hint Phrase", "en-lazy", "times_shown", 0)
		frappe.db.set_value("Note Hint Phrase", "en-missed-appointment", "times_shown", 0)
		frappe.cache.delete_keys("cm:note-hints:")
		frappe.set_user(self.staff.a)
		text = "Client seemed lazy. Client missed appointment."
		hints = notes.note_hints(self.case.name, text)["hints"]
		self.assertEqual([h["phrase"] for h in hints], ["lazy", "missed appointment"])
		self.assertTrue(all(h["suggestion"] for h in hints))
		notes.note_hints(self.case.name, text + " More.")  # still on screen: not counted again
		self.assertEqual(frappe.db.get_value("Note Hint Phrase", "en-lazy", "times_shown"), 1)
		self.assertEqual(frappe.db.get_value("Note Hint Phrase", "en-missed-appointment", "times_shown"), 1)
		self.assertEqual(
			notes.note_hints(self.case.name, "Client missed appointment on Tuesday.")["hints"], []
		)
		saved = portal.add_note(self.case.name, "As written", note=text)  # advice only
		self.assertTrue(frappe.db.exists("Case Note", saved["name"]))
		frappe.set_user(self.staff.s1)
		self.assertEqual(
			frappe.get_list("Note Hint Phrase", filters={"name": "en-lazy"}, pluck="times_shown"), [1]
		)

	def test_another_caseworker_is_refused(self):
		frappe.set_user(self.staff.b)
		for call in (
			lambda: notes.note_draft(self.case.name, "DAP"),
			lambda: notes.note_hints(self.case.name, "lazy"),
			lambda: portal.add_note(self.case.name, "x", template="DAP", sections=DAP),
		):
			with self.assertRaises(frappe.PermissionError):
				call()
		frappe.set_user(self.staff.partner)
		with self.assertRaises(frappe.PermissionError):
			notes.note_hints(self.case.name, "lazy")

	def test_free_text_notes_still_work_and_an_empty_one_is_refused(self):
		note = make_note(self.case.name)
		self.assertEqual(note.sections, [])
		with self.assertRaises(frappe.MandatoryError):
			make_note(self.case.name, note="<p> </p>")
