"""Monthly Case Summary: one record per case per month, built from set-based aggregates.

Each chunk reads its cases' month with one grouped query per kind of activity, then replaces
the chunk's summaries for that month in one delete and one bulk insert, inside the chunk's
transaction: running the job again for the same month leaves exactly the same records.
"""

from datetime import date

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate, now_datetime, today

from case_management.engine.summary import MonthFacts, month_bounds, narrative, previous_month
from case_management.jobs import runner
from case_management.utils import insert_rows


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


def counts_by_case(sql: str, values: dict) -> dict[str, int]:
	"""{case: count} from a grouped query over the chunk's cases."""
	return {case: int(n or 0) for case, n in frappe.db.sql(sql, values)}


def summarize(names: list[str], month: date) -> int:
	if not names:
		return 0
	start, end = month_bounds(month)
	first_day, last_day = start.date(), end.date()
	# Raw, parameterised SQL: the same queries through the query builder spend more time
	# rendering 1,000-name IN lists than the database spends answering them.
	v = {"names": tuple(names), "start": start, "end": end, "first": first_day, "last": last_day}
	cases = frappe.db.sql(
		"""select name, client_name, caseworker, team, workflow_state, checklist_progress
		from `tabCase` where name in %(names)s""",
		v,
		as_dict=True,
	)
	notes = counts_by_case(
		"""select `case`, count(*) from `tabCase Note`
		where `case` in %(names)s and note_date between %(start)s and %(end)s group by `case`""",
		v,
	)
	visits = frappe.db.sql(
		"""select `case`, sum(status = 'Completed' and completed_on between %(start)s and %(end)s),
		sum(status = 'Missed' and due_date between %(first)s and %(last)s)
		from `tabFollow-up Visit` where `case` in %(names)s group by `case`""",
		v,
	)
	completed = {case: int(done or 0) for case, done, _missed in visits}
	missed = {case: int(m or 0) for case, _done, m in visits}
	referrals = frappe.db.sql(
		"""select `case`, sum(referral_date between %(first)s and %(last)s),
		sum(completed_on between %(first)s and %(last)s), sum(status = 'Sent' and due_date < %(last)s)
		from `tabReferral` where `case` in %(names)s group by `case`""",
		v,
	)
	opened = {r[0]: int(r[1] or 0) for r in referrals}
	done = {r[0]: int(r[2] or 0) for r in referrals}
	overdue = {r[0]: int(r[3] or 0) for r in referrals}
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
	frappe.db.sql(
		"delete from `tabMonthly Case Summary` where `case` in %(names)s and month = %(month)s",
		{"names": tuple(names), "month": month},
	)
	insert_rows("Monthly Case Summary", rows)
	return len(rows)


def risk_at(names: list[str], start, end) -> dict:
	"""(risk, score) at the start and at the end of the month, from the risk history."""
	rows = frappe.db.sql(
		"""select parent, changed_on, risk_level, score from `tabCase Risk History`
		where parent in %(names)s and parenttype = 'Case' and changed_on <= %(end)s
		order by parent, changed_on, idx""",
		{"names": tuple(names), "end": end},
		as_dict=True,
	)
	result: dict = {}
	for row in rows:
		at_start, _ = result.get(row.parent, ((None, 0), (None, 0)))
		if row.changed_on < start:
			at_start = (row.risk_level, row.score)
		result[row.parent] = (at_start, (row.risk_level, row.score))
	return result


def goal_counts(names: list[str]) -> dict[str, tuple[int, int]]:
	rows = frappe.db.sql(
		"""select parent, sum(status = 'Achieved'), count(*) from `tabCase Goal`
		where parent in %(names)s and parenttype = 'Case' group by parent""",
		{"names": tuple(names)},
	)
	return {parent: (int(achieved or 0), int(total)) for parent, achieved, total in rows}
