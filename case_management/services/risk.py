"""A case's risk level over time: assessments, overrides and cancellations, all in history."""

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


def reassessment_date(assessed_on):
	interval = frappe.db.get_single_value("Case Management Settings", "reassessment_interval_days") or 0
	return add_days(assessed_on, interval) if assessed_on and interval > 0 else None


def apply_assessment(assessment) -> None:
	"""Put a submitted assessment's result on its case and record it in the risk history."""
	case = frappe.get_doc("Case", assessment.case)
	set_result(case, assessment)
	add_history(
		case, "Assessment", assessment.risk_level, assessment.total_score, assessment.band, assessment.name
	)
	case.save()


def revert_assessment(assessment) -> None:
	"""Cancelling an assessment restores the previous submitted assessment's result (or none)."""
	case = frappe.get_doc("Case", assessment.case)
	previous = frappe.get_all(
		"Vulnerability Assessment",
		filters={"case": case.name, "docstatus": 1, "name": ("!=", assessment.name)},
		order_by="assessment_date desc, creation desc",
		limit=1,
		pluck="name",
	)
	if previous:
		set_result(case, frappe.get_doc("Vulnerability Assessment", previous[0]))
	else:
		case.update(
			{
				"vulnerability_score": 0,
				"score_band": None,
				"instrument_version": None,
				"risk_level": None,
				"last_assessment": None,
				"last_assessment_date": None,
				"next_reassessment_date": None,
			}
		)
	add_history(
		case,
		"Assessment cancelled",
		case.risk_level,
		case.vulnerability_score,
		case.score_band,
		assessment.name,
		reason=_("{0} was cancelled").format(assessment.name),
	)
	case.save()


def override(case_name: str, risk_level: str, reason: str) -> None:
	case = frappe.get_doc("Case", case_name)
	case.risk_level = risk_level
	add_history(case, "Override", risk_level, case.vulnerability_score, case.score_band, None, reason=reason)
	case.save()


def set_result(case, assessment) -> None:
	case.update(
		{
			"vulnerability_score": assessment.total_score,
			"score_band": assessment.band,
			"instrument_version": assessment.instrument,
			"risk_level": assessment.risk_level,
			"last_assessment": assessment.name,
			"last_assessment_date": assessment.assessment_date,
			"next_reassessment_date": reassessment_date(getdate(assessment.assessment_date)),
		}
	)
	for field in SNAPSHOT_FIELDS:
		case.set(field, assessment.get(field))


def add_history(case, source, risk_level, score, band, assessment, reason=None) -> None:
	case.append(
		"risk_history",
		{
			"changed_on": now_datetime(),
			"source": source,
			"risk_level": risk_level,
			"score": score or 0,
			"band": band,
			"assessment": assessment,
			"reason": reason,
			"changed_by": frappe.session.user,
		},
	)
