# Copyright (c) 2026, case_management contributors
# See license.txt

import frappe

from case_management.tests import CaseManagementTestCase

DEFAULT = "Household Vulnerability Index v1"


def small_instrument(name="Test Index", bands=((0, 1, "Low"), (2, 3, "High")), status="Draft"):
	return frappe.get_doc(
		{
			"doctype": "Scoring Instrument",
			"instrument_name": name,
			"status": status,
			"domains": [{"domain": "Housing"}, {"domain": "Wellness"}],
			"questions": [
				{"code": "Q1", "domain": "Housing", "question": "Slept outside"},
				{"code": "Q2", "domain": "Wellness", "question": "Chronic condition"},
			],
			"answer_options": [
				{"question_code": "Q1", "answer": "Yes", "points": 2},
				{"question_code": "Q1", "answer": "No", "points": 0},
				{"question_code": "Q2", "answer": "Yes", "points": 1},
				{"question_code": "Q2", "answer": "No", "points": 0},
			],
			"bands": [
				{"min_score": a, "max_score": b, "label": f"{a}-{b}", "risk_level": r} for a, b, r in bands
			],
		}
	)


class TestScoringInstrument(CaseManagementTestCase):
	def test_the_default_instrument_is_published_and_sound(self):
		doc = frappe.get_doc("Scoring Instrument", DEFAULT)
		self.assertEqual((doc.status, doc.min_score, doc.max_score), ("Published", 0, 20))
		self.assertEqual(len(doc.questions), 20)
		self.assertEqual(
			{d.domain for d in doc.domains},
			{"Housing history", "Risks", "Socialisation and daily functioning", "Wellness"},
		)

	def test_range_and_publishing(self):
		doc = small_instrument().insert()
		self.assertEqual((doc.name, doc.version, doc.min_score, doc.max_score), ("Test Index v1", 1, 0, 3))
		doc.status = "Published"
		doc.save()
		self.assertTrue(doc.published_on)

	def test_bands_with_a_gap_or_an_overlap_cannot_be_published(self):
		for bands, problem in (
			(((0, 1, "Low"), (3, 3, "High")), "No band covers scores 2 to 2"),
			(((0, 2, "Low"), (2, 3, "High")), "overlap"),
			(((0, 1, "Low"),), "No band covers scores 2 to 3"),
		):
			with self.subTest(problem):
				with self.assertRaises(frappe.ValidationError) as ctx:
					small_instrument(name=f"Bad {problem}", bands=bands, status="Published").insert()
				self.assertIn(problem, str(ctx.exception))
				self.assertFalse(
					frappe.db.exists("Scoring Instrument", {"instrument_name": f"Bad {problem}"})
				)

	def test_a_published_version_is_immutable_and_editing_makes_a_new_version(self):
		doc = frappe.get_doc("Scoring Instrument", DEFAULT)
		doc.questions[0].question = "Changed wording"
		self.assertRaises(frappe.ValidationError, doc.save)
		doc.reload()
		doc.bands[0].max_score = 4
		self.assertRaises(frappe.ValidationError, doc.save)
		doc.reload()
		doc.status = "Draft"
		self.assertRaises(frappe.ValidationError, doc.save)

		doc.reload()
		copy = frappe.get_doc("Scoring Instrument", doc.new_version())
		self.assertEqual(
			(copy.name, copy.version, copy.status), ("Household Vulnerability Index v2", 2, "Draft")
		)
		self.assertEqual([q.question for q in copy.questions], [q.question for q in doc.questions])
		copy.questions[0].question = "Changed wording"
		copy.save()  # a draft can be edited
		self.assertEqual(
			frappe.db.get_value("Scoring Question", {"parent": DEFAULT, "code": "H1"}, "question"),
			doc.questions[0].question,
		)

	def test_retiring_a_published_version_is_allowed(self):
		doc = small_instrument(name="Retire Me", status="Published").insert()
		doc.status = "Retired"
		doc.save()
		self.assertEqual(frappe.db.get_value("Scoring Instrument", doc.name, "status"), "Retired")
