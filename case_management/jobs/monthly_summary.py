"""Monthly Case Summary: one record per case per month, built from set-based aggregates.

Each chunk reads its cases' month with one grouped query per kind of activity, then replaces
the chunk's summaries for that month in one delete and one bulk insert, inside the chunk's
transaction: running the job again for the same month leaves exactly the same records.
"""

from datetime import date

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, now_datetime, today
from pypika.terms import Case as SqlCase

from case_management.engine.summary import MonthFacts, month_bounds, narrative, previous_month
from case_management.jobs import runner


def run_monthly():
	"""Scheduler entry point (monthly_long): summarise the month that just ended."""
	start_run(previous_month(getdate(today())))


def start_run(month: date | str | None = None, now: bool = False) -> str:
	month = getdate(month or previous_month(getdate(today()))).replace(day=1)
	start, end = month_bounds(month)
	case = DocType("Case")
	names = [
		r[0]
		for r in frappe.qb.from_(case)
		.select(case.name)
		.where(
			(case.intake_date <= end.date())
			& (case.closure_date.isnull() | (case.closure_date >= start.date()))
		)
		.orderby(case.name)
		.run()
	]
	return runner.start(
		"Monthly case summary",
		month.strftime("%Y-%m"),
		names,
		"case_management.jobs.monthly_summary.run_chunk",
		now=now,
		month=str(month),
	)


def run_chunk(run: str, names: list[str], month: str) -> None:
	created = summarize(names, getdate(month))
	runner.finish_chunk(run, len(names), created, 0, {})
	frappe.db.commit()  # one chunk, one transaction: a crash loses at most this chunk


def counts_by_case(doctype: str, names: list[str], *conditions) -> dict[str, int]:
	table = DocType(doctype)
	query = frappe.qb.from_(table).select(table.case, Count("*")).where(table.case.isin(names))
	for condition in conditions:
		query = query.where(condition(table))
	return dict(query.groupby(table.case).run())


def summarize(names: list[str], month: date) -> int:
	if not names:
		return 0
	start, end = month_bounds(month)
	first_day, last_day = start.date(), end.date()
	case = DocType("Case")
	cases = (
		frappe.qb.from_(case)
		.select(
			case.name,
			case.client_name,
			case.caseworker,
			case.team,
			case.workflow_state,
			case.checklist_progress,
		)
		.where(case.name.isin(names))
		.run(as_dict=True)
	)
	notes = counts_by_case("Case Note", names, lambda t: t.note_date[start:end])
	completed = counts_by_case(
		"Follow-up Visit", names, lambda t: t.status == "Completed", lambda t: t.completed_on[start:end]
	)
	missed = counts_by_case(
		"Follow-up Visit", names, lambda t: t.status == "Missed", lambda t: t.due_date[first_day:last_day]
	)
	opened = counts_by_case("Referral", names, lambda t: t.referral_date[first_day:last_day])
	done = counts_by_case("Referral", names, lambda t: t.completed_on[first_day:last_day])
	overdue = counts_by_case("Referral", names, lambda t: t.status == "Sent", lambda t: t.due_date < last_day)
	risk = risk_at(names, start, end)
	goals = goal_counts(names)

	month_key = month.strftime("%Y-%m")
	now = now_datetime()
	rows = []
	for c in cases:
		(risk_start, score_start), (risk_end, score_end) = risk.get(c.name, ((None, 0), (None, 0)))
		achieved, total = goals.get(c.name, (0, 0))
		facts = MonthFacts(
			notes=notes.get(c.name, 0),
			visits_completed=completed.get(c.name, 0),
			visits_missed=missed.get(c.name, 0),
			risk_at_start=risk_start,
			risk_at_end=risk_end,
			score_change=(score_end or 0) - (score_start or 0) if risk_start and risk_end else 0,
			referrals_opened=opened.get(c.name, 0),
			referrals_completed=done.get(c.name, 0),
			referrals_overdue=overdue.get(c.name, 0),
			checklist_progress=c.checklist_progress or 0,
			goals_achieved=achieved,
			goals_total=total,
		)
		rows.append(
			{
				"name": f"{c.name}-{month_key}",
				"owner": "Administrator",
				"modified_by": "Administrator",
				"creation": now,
				"modified": now,
				"docstatus": 0,
				"idx": 0,
				"case": c.name,
				"client_name": c.client_name,
				"month": month,
				"month_key": month_key,
				"caseworker": c.caseworker,
				"team": c.team,
				"workflow_state": c.workflow_state,
				"notes_written": facts.notes,
				"visits_completed": facts.visits_completed,
				"visits_missed": facts.visits_missed,
				"risk_at_start": facts.risk_at_start,
				"risk_at_end": facts.risk_at_end,
				"score_change": facts.score_change,
				"referrals_opened": facts.referrals_opened,
				"referrals_completed": facts.referrals_completed,
				"referrals_overdue": facts.referrals_overdue,
				"checklist_progress": facts.checklist_progress,
				"goals_achieved": facts.goals_achieved,
				"goals_total": facts.goals_total,
				"narrative": narrative(facts),
			}
		)
	summary = DocType("Monthly Case Summary")
	frappe.qb.from_(summary).delete().where(summary.case.isin(names) & (summary.month == month)).run()
	fields = list(rows[0]) if rows else []
	frappe.db.bulk_insert("Monthly Case Summary", fields, [[row[f] for f in fields] for row in rows])
	return len(rows)


def risk_at(names: list[str], start, end) -> dict:
	"""(risk, score) at the start and at the end of the month, from the risk history."""
	history = DocType("Case Risk History")
	rows = (
		frappe.qb.from_(history)
		.select(history.parent, history.changed_on, history.risk_level, history.score)
		.where(history.parent.isin(names) & (history.parenttype == "Case") & (history.changed_on <= end))
		.orderby(history.parent)
		.orderby(history.changed_on)
		.orderby(history.idx)
		.run(as_dict=True)
	)
	result: dict = {}
	for row in rows:
		at_start, _ = result.get(row.parent, ((None, 0), (None, 0)))
		if row.changed_on < start:
			at_start = (row.risk_level, row.score)
		result[row.parent] = (at_start, (row.risk_level, row.score))
	return result


def goal_counts(names: list[str]) -> dict[str, tuple[int, int]]:
	goal = DocType("Case Goal")
	rows = (
		frappe.qb.from_(goal)
		.select(goal.parent, Sum(SqlCase().when(goal.status == "Achieved", 1).else_(0)), Count("*"))
		.where(goal.parent.isin(names) & (goal.parenttype == "Case"))
		.groupby(goal.parent)
		.run()
	)
	return {parent: (int(achieved or 0), int(total)) for parent, achieved, total in rows}
