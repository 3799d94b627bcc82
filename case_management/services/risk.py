"""A case's risk level over time: assessments, overrides and cancellations, all in history.

Each change writes the case's result fields in one UPDATE and appends one Case Risk History
row, rather than re-saving the whole case with its checklist and goals: the history rows are
the audit trail of risk changes. Who may do this is settled before we get here: submitting
or cancelling an assessment needs write access to it, which needs access to its case, and an
override checks write access to the case itself.
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime

SNAPSHOT_FIELDS = (
	"household_size",
	"monthly_household_income",
	"annual_household_income",
	"poverty_guideline_percent",
	"poverty_guideline_basis",
)
EMPTY_RESULT = {
	"vulnerability_score": 0,
	"score_band": None,
	"instrument_version": None,
	"risk_level": None,
	"last_assessment": None,
	"last_assessment_date": None,
	"next_reassessment_date": None,
}


def reassessment_date(assessed_on):
	interval = frappe.db.get_single_value("Case Management Settings", "reassessment_interval_days") or 0
	return add_days(assessed_on, interval) if assessed_on and interval > 0 else None


def result_of(assessment) -> dict:
	"""The case fields an assessment sets."""
	values = {
		"vulnerability_score": assessment.total_score,
		"score_band": assessment.band,
		"instrument_version": assessment.instrument,
		"risk_level": assessment.risk_level,
		"last_assessment": assessment.name,
		"last_assessment_date": assessment.assessment_date,
		"next_reassessment_date": reassessment_date(getdate(assessment.assessment_date)),
	}
	values.update({field: assessment.get(field) for field in SNAPSHOT_FIELDS})
	return values


def apply_assessment(assessment) -> None:
	"""Put a submitted assessment's result on its case and record it in the risk history."""
	record(
		assessment.case,
		result_of(assessment),
		source="Assessment",
		score=assessment.total_score,
		band=assessment.band,
		assessment=assessment.name,
	)


def revert_assessment(assessment) -> None:
	"""Cancelling an assessment restores the previous submitted assessment's result (or none)."""
	previous = frappe.get_all(
		"Vulnerability Assessment",
		filters={"case": assessment.case, "docstatus": 1, "name": ("!=", assessment.name)},
		fields=[
			"name",
			"total_score",
			"band",
			"instrument",
			"risk_level",
			"assessment_date",
			*SNAPSHOT_FIELDS,
		],
		order_by="assessment_date desc, creation desc",
		limit=1,
	)
	values = result_of(previous[0]) if previous else dict(EMPTY_RESULT)
	record(
		assessment.case,
		values,
		source="Assessment cancelled",
		score=values["vulnerability_score"],
		band=values["score_band"],
		assessment=assessment.name,
		reason=_("{0} was cancelled").format(assessment.name),
	)


def override(case: str, risk_level: str, reason: str) -> None:
	score, band = frappe.db.get_value("Case", case, ["vulnerability_score", "score_band"])
	record(case, {"risk_level": risk_level}, source="Override", score=score, band=band, reason=reason)


def record(case: str, values: dict, *, source: str, score=0, band=None, assessment=None, reason=None) -> None:
	"""Write `values` on the case and append the matching risk-history row."""
	before = frappe.db.get_value("Case", case, "risk_level")
	frappe.db.set_value("Case", case, values)
	idx = frappe.db.sql(
		"select coalesce(max(idx), 0) from `tabCase Risk History` where parent = %s and parenttype = 'Case'",
		(case,),
	)[0][0]
	frappe.get_doc(
		{
			"doctype": "Case Risk History",
			"parent": case,
			"parenttype": "Case",
			"parentfield": "risk_history",
			"idx": idx + 1,
			"changed_on": now_datetime(),
			"source": source,
			"risk_level": values.get("risk_level"),
			"score": score or 0,
			"band": band,
			"assessment": assessment,
			"reason": reason,
			"changed_by": frappe.session.user,
		}
	).db_insert()
	if "risk_level" in values and values["risk_level"] != before:
		from case_management.jobs.follow_up import schedule
		from case_management.services.safety import maybe_raise_on_risk_change

		schedule([case], getdate(frappe.utils.today()))  # a new risk level moves the next visit
		maybe_raise_on_risk_change(case, before, values["risk_level"])
	from case_management.services.programs import refresh_open_enrolments

	refresh_open_enrolments([case])  # a waiting program enrolment's decision may rest on risk or score
