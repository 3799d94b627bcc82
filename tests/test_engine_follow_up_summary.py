from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.follow_up import (
	CaseState,
	OpenVisit,
	interval_for,
	is_missed,
	missed_cutoff,
	missed_twice_in_a_row,
	plan_next_visit,
)
from case_management.engine.summary import MonthFacts, month_bounds, narrative, previous_month

TODAY = date(2026, 11, 22)
INTERVALS = {"Critical": 7, "High": 14, "Medium": 30, "Low": 90}


def case(state="Active", risk="High", activated=date(2026, 11, 1)):
	return CaseState("C1", state, risk, activated)


def test_first_visit_is_an_interval_after_activation():
	assert plan_next_visit(case(), None, None, INTERVALS, TODAY).due == date(
		2026, 11, 22
	)  # 1 Nov + 14, clamped to today
	assert plan_next_visit(case(activated=date(2026, 11, 20)), None, None, INTERVALS, TODAY).due == date(
		2026, 12, 4
	)


def test_next_visit_follows_the_last_completed_one():
	plan = plan_next_visit(case(risk="Medium"), None, date(2026, 11, 15), INTERVALS, TODAY)
	assert (plan.action, plan.due) == ("create", date(2026, 12, 15))


def test_closed_on_hold_and_unscored_cases_get_no_visit():
	for state in ("Closed", "On Hold", "Intake", "Assessment"):
		assert plan_next_visit(case(state=state), None, None, INTERVALS, TODAY).reason == "not_open"
	assert plan_next_visit(case(risk=None), None, None, INTERVALS, TODAY).reason == "no_risk_level"
	assert plan_next_visit(case(), None, None, {**INTERVALS, "High": 0}, TODAY).reason == "no_interval"


def test_a_risk_change_moves_an_unbooked_visit_only():
	visit = OpenVisit("V1", date(2026, 12, 30), booked=False)
	plan = plan_next_visit(case(risk="Critical", activated=date(2026, 11, 20)), visit, None, INTERVALS, TODAY)
	assert (plan.action, plan.visit, plan.due) == ("move", "V1", date(2026, 11, 27))
	booked = OpenVisit("V1", date(2026, 12, 30), booked=True)
	assert plan_next_visit(case(risk="Critical"), booked, None, INTERVALS, TODAY).reason == "booked"
	later = OpenVisit("V1", date(2026, 12, 30), booked=False)
	overdue_plan = plan_next_visit(
		case(risk="Critical", activated=date(2026, 10, 1)), later, None, INTERVALS, TODAY
	)
	assert (overdue_plan.action, overdue_plan.due) == ("move", TODAY)
	same = OpenVisit("V1", date(2026, 12, 4), booked=False)
	assert (
		plan_next_visit(case(activated=date(2026, 11, 20)), same, None, INTERVALS, TODAY).reason
		== "up_to_date"
	)


@given(
	st.sampled_from(["Active", "Monitoring", "On Hold", "Closed"]),
	st.sampled_from([None, "Low", "Medium", "High", "Critical"]),
	st.dates(date(2025, 1, 1), date(2027, 1, 1)),
	st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 1, 1))),
)
def test_planning_is_stable(state, risk, activated, last):
	"""Applying a plan and planning again asks for nothing more (so the job is idempotent)."""
	c = CaseState("C", state, risk, activated)
	first = plan_next_visit(c, None, last, INTERVALS, TODAY)
	if first.action == "create":
		assert first.due >= TODAY
		again = plan_next_visit(c, OpenVisit("V", first.due, False), last, INTERVALS, TODAY)
		assert again.action == "none"
		# and on any later day, nothing moves an open visit that is already due
		later = TODAY + timedelta(days=3)
		if first.due <= later:
			assert (
				plan_next_visit(c, OpenVisit("V", first.due, False), last, INTERVALS, later).action == "none"
			)
	else:
		assert first.action == "none" and first.reason


def test_interval_lookup():
	assert interval_for("Low", INTERVALS) == 90
	assert interval_for(None, INTERVALS) is None and interval_for("Severe", INTERVALS) is None


def test_missed_after_grace():
	assert not is_missed(date(2026, 11, 19), TODAY, 3)
	assert is_missed(date(2026, 11, 18), TODAY, 3)
	assert is_missed(date(2026, 11, 21), TODAY, -5)  # a negative grace counts as none
	assert missed_cutoff(TODAY, 3) == date(2026, 11, 18)


def test_two_missed_in_a_row():
	assert missed_twice_in_a_row(["Completed", "Missed", "Cancelled", "Missed", "Scheduled"])
	assert not missed_twice_in_a_row(["Missed", "Completed", "Missed"])
	assert not missed_twice_in_a_row(["Missed"])


def test_month_bounds_keep_late_evening_in_the_month():
	start, end = month_bounds(date(2026, 10, 15))
	assert start == datetime(2026, 10, 1, 0, 0)
	assert start <= datetime(2026, 10, 31, 23, 30) <= end
	assert not (start <= datetime(2026, 11, 1, 0, 0) <= end)
	assert month_bounds(date(2028, 2, 10))[1].date() == date(2028, 2, 29)


def test_previous_month():
	assert previous_month(date(2026, 1, 5)) == date(2025, 12, 1)
	assert previous_month(date(2026, 11, 22)) == date(2026, 10, 1)


@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_month_bounds_cover_the_day(day):
	start, end = month_bounds(day)
	assert start.date() <= day <= end.date() and start.day == 1
	assert (end + timedelta(microseconds=1)).day == 1


def test_narrative():
	text = narrative(
		MonthFacts(
			notes=3,
			visits_completed=1,
			visits_missed=1,
			risk_at_start="Medium",
			risk_at_end="High",
			score_change=2,
			referrals_opened=1,
			goals_achieved=1,
			goals_total=3,
			checklist_progress=100,
		)
	)
	assert text == (
		"This month: 3 notes written, 1 visit completed, 1 visit missed. "
		"Risk level changed from Medium to High. Vulnerability score rose by 2. "
		"Referrals: 1 referral made. Service plan: 1 of 3 goals achieved."
	)
	assert narrative(MonthFacts(checklist_progress=100)) == "No notes or visits this month."


def test_the_narrative_counts_program_services():
	from case_management.engine.summary import MonthFacts, narrative

	assert "3 program services delivered." in narrative(
		MonthFacts(services_delivered=3, checklist_progress=100)
	)
	assert "1 program service delivered." in narrative(
		MonthFacts(services_delivered=1, checklist_progress=100)
	)
	assert "program service" not in narrative(MonthFacts(checklist_progress=100))


def test_calendar_status_marks_a_late_scheduled_visit_overdue():
	from case_management.engine.follow_up import CALENDAR_COLOURS, calendar_status

	today = date(2026, 12, 2)
	assert calendar_status("Scheduled", date(2026, 12, 1), today) == "Overdue"
	assert calendar_status("Scheduled", date(2026, 12, 2), today) == "Scheduled"
	assert calendar_status("Missed", date(2026, 11, 1), today) == "Missed"
	assert calendar_status(None, None, today) == "Scheduled"
	assert set(CALENDAR_COLOURS) == {"Scheduled", "Overdue", "Completed", "Missed", "Cancelled"}
