"""The case page's assessment: start or continue one, save its answers, submit it."""

import frappe
from frappe import _
from frappe.utils import cint, today

from case_management.engine.scoring import reusable_answers, unanswered_questions
from case_management.services.portal.common import (
	atomic,
	bad_input,
	case_for,
	parse_json,
)
from case_management.services.scoring import published_instrument


def default_instrument() -> str:
	name = frappe.db.get_value(
		"Scoring Instrument", {"status": "Published"}, "name", order_by="modified desc"
	)
	if not name:
		frappe.throw(_("No scoring instrument is published yet. Ask an admin to publish one."))
	return name


def assessment_form(name: str) -> dict:
	"""A draft assessment's questions, options and the answers given so far."""
	doc = frappe.get_doc("Vulnerability Assessment", name)
	doc.check_permission("read")
	instrument = published_instrument(doc.instrument)
	given = {row.question_code: row.answer for row in doc.answers}
	return {
		"name": doc.name,
		"case": doc.case,
		"instrument": doc.instrument,
		"docstatus": doc.docstatus,
		"previous": previous_answers(doc, instrument) if doc.docstatus == 0 else None,
		"questions": [
			{
				"code": q.code,
				# the instrument's own words through _(): the shipped instrument has Spanish, an
				# agency's own shows as written unless it adds Translation records
				"domain": _(q.domain),
				"question": _(q.text),
				"options": list(q.options),  # the values answered
				"labels": {option: _(option) for option in q.options},  # what the reader sees
				"answer": given.get(q.code),
			}
			for q in instrument.questions
		],
	}


def previous_answers(doc, instrument) -> dict | None:
	"""The case's latest submitted assessment of the same instrument, if the user may read
	it: its date and the answers a reassessment may start from (the form offers them; nothing
	is filled until the caseworker asks)."""
	rows = frappe.get_list(
		"Vulnerability Assessment",
		filters={"case": doc.case, "instrument": doc.instrument, "docstatus": 1},
		fields=["name", "assessment_date"],
		order_by="assessment_date desc, creation desc",
		limit_page_length=1,
	)
	if not rows:
		return None
	answers = frappe.get_all(
		"Assessment Answer",
		filters={"parent": rows[0].name, "parenttype": "Vulnerability Assessment"},
		fields=["question_code", "answer"],
	)
	reusable = reusable_answers(instrument, {a.question_code: a.answer for a in answers})
	if not reusable:
		return None
	return {
		"name": rows[0].name,
		"date": frappe.utils.format_date(rows[0].assessment_date),
		"answers": reusable,
	}


def start_assessment(case: str) -> dict:
	"""Continue the case's draft assessment, or start one on the published instrument."""
	doc = case_for(case, "write")
	draft = frappe.db.get_value("Vulnerability Assessment", {"case": doc.name, "docstatus": 0}, "name")
	if not draft:
		draft = (
			frappe.get_doc(
				{
					"doctype": "Vulnerability Assessment",
					"case": doc.name,
					"instrument": default_instrument(),
					"assessment_date": today(),
					"assessor": frappe.session.user,
				}
			)
			.insert()
			.name
		)
	return assessment_form(draft)


def save_assessment(assessment: str, answers: dict | str, submit: bool = False) -> dict:
	"""Save the answers given so far; with `submit`, score it and update the case."""
	doc = frappe.get_doc("Vulnerability Assessment", assessment)
	case_for(doc.case, "write")
	doc.check_permission("submit" if cint(submit) else "write")
	if doc.docstatus != 0:
		bad_input(_("This assessment is already submitted."))
	answers = parse_json(answers, _("answers")) or {}
	if not isinstance(answers, dict):
		bad_input(_("The answers could not be read."))
	if cint(submit):
		instrument = published_instrument(doc.instrument)
		given = {row.question_code: row.answer for row in doc.answers}
		given.update({k: v for k, v in answers.items() if isinstance(k, str)})
		missing = unanswered_questions(instrument, given)
		if missing:
			bad_input(
				_("Answer every question before submitting. Unanswered: {0}").format(
					frappe.utils.escape_html("; ".join(f"“{q.text}”" for q in missing))
				)
			)
	with atomic("portal_assessment"):
		for row in doc.answers:
			if row.question_code in answers:
				row.answer = answers[row.question_code] or None
		unknown = set(answers) - {row.question_code for row in doc.answers}
		for code in sorted(unknown):
			doc.append("answers", {"question_code": code, "answer": answers[code]})
		doc.save()
		if cint(submit):
			doc.submit()
	return {
		"name": doc.name,
		"docstatus": doc.docstatus,
		"total_score": doc.total_score,
		"band": doc.band,
		"risk_level": doc.risk_level,
	}
