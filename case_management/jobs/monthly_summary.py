"""Monthly Case Summary: one record per case per month, built from set-based aggregates.

Each chunk reads its cases' month with one grouped query per kind of activity, then replaces
the chunk's summaries for that month in one delete and one bulk insert, inside the chunk's
transaction: running the job again for the same month leaves exactly the same records.
"""

from datetime import date

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate, now_datetime, today

from case_management.engine.summary import month_bounds, previous_month
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
	def work():
		created = summarize(names, getdate(month))
		runner.finish_chunk(run, len(names), created, 0, {})

	runner.retry_on_deadlock(work)
	frappe.db.commit()  # one chunk, one transaction: a crash loses at most this chunk


def summarize(names: list[str], month: date) -> int:
	"""Replace the month's summaries of `names` with fresh ones; returns how many were written.

	One DELETE and one INSERT ... SELECT: the database aggregates and writes the rows itself,
	so a chunk costs the same few statements whatever its size. The narrative is not stored:
	a Monthly Case Summary builds it from these figures with engine.summary.narrative.
	"""
	if not names:
		return 0
	start, end = month_bounds(month)
	values = {
		"names": tuple(names),
		"low": min(names),
		"high": max(names),
		"start": start,
		"end": end,
		"first": start.date(),
		"last": end.date(),
		"month": month,
		"key": month.strftime("%Y-%m"),
		"now": now_datetime(),
	}
	frappe.db.sql(
		"delete from `tabMonthly Case Summary` where `case` in %(names)s and month = %(month)s", values
	)
	frappe.db.sql(SUMMARY_SQL, values)
	return frappe.db.sql("select row_count()")[0][0]


# The latest "risk|score" before the month starts and by its end, in one pass over a case's
# risk history.
LATEST_BEFORE_START = (
	"substring_index(group_concat(if(changed_on < %(start)s, concat(coalesce(risk_level, ''), '|', score), null)"
	" order by changed_on desc, idx desc separator ','), ',', 1)"
)
LATEST_BY_END = (
	"substring_index(group_concat(if(changed_on <= %(end)s, concat(coalesce(risk_level, ''), '|', score), null)"
	" order by changed_on desc, idx desc separator ','), ',', 1)"
)
RISK_AT_START = "nullif(substring_index(s.at_start, '|', 1), '')"
RISK_AT_END = "nullif(substring_index(s.at_end, '|', 1), '')"

# Activity is read by the range of the chunk's case names (index range scans, cheaper than
# matching each row against a 1,000-name IN list); the join to the chunk's own cases keeps
# only theirs. MariaDB's split_materialized optimisation would re-run each grouped derived
# table once per case, so it is switched off for this one statement.
SUMMARY_SQL = f"""
SET STATEMENT optimizer_switch='split_materialized=off' FOR
insert into `tabMonthly Case Summary` (name, owner, modified_by, creation, modified, docstatus, idx,
	`case`, client_name, month, month_key, caseworker, team, workflow_state,
	notes_written, visits_completed, visits_missed, risk_at_start, risk_at_end, score_change,
	referrals_opened, referrals_completed, referrals_overdue, services_delivered, checklist_progress, goals_achieved,
	goals_total)
select concat(c.name, '-', %(key)s), 'Administrator', 'Administrator', %(now)s, %(now)s, 0, 0,
	c.name, c.client_name, %(month)s, %(key)s, c.caseworker, c.team, c.workflow_state,
	coalesce(n.notes, 0), coalesce(v.completed, 0), coalesce(v.missed, 0),
	{RISK_AT_START}, {RISK_AT_END},
	if({RISK_AT_START} is null or {RISK_AT_END} is null, 0,
		substring_index(s.at_end, '|', -1) - substring_index(s.at_start, '|', -1)),
	coalesce(r.opened, 0), coalesce(r.completed, 0), coalesce(r.overdue, 0), coalesce(sd.delivered, 0),
	coalesce(c.checklist_progress, 0), coalesce(g.achieved, 0), coalesce(g.total, 0)
from `tabCase` c
left join (
	select parent, {LATEST_BEFORE_START} as at_start, {LATEST_BY_END} as at_end
	from `tabCase Risk History` where parent between %(low)s and %(high)s and parenttype = 'Case' and changed_on <= %(end)s
	group by parent
) s on s.parent = c.name
left join (
	select `case`, count(*) as notes from `tabCase Note`
	where `case` between %(low)s and %(high)s and note_date between %(start)s and %(end)s group by `case`
) n on n.`case` = c.name
left join (
	select `case`, sum(status = 'Completed' and completed_on between %(start)s and %(end)s) as completed,
		sum(status = 'Missed' and due_date between %(first)s and %(last)s) as missed
	from `tabFollow-up Visit` where `case` between %(low)s and %(high)s group by `case`
) v on v.`case` = c.name
left join (
	select `case`, sum(referral_date between %(first)s and %(last)s) as opened,
		sum(completed_on between %(first)s and %(last)s) as completed,
		sum(status = 'Sent' and due_date < %(last)s) as overdue
	from `tabReferral` where `case` between %(low)s and %(high)s group by `case`
) r on r.`case` = c.name
left join (
	select `case`, count(*) as delivered from `tabService Delivery`
	where `case` between %(low)s and %(high)s and delivered_on between %(first)s and %(last)s group by `case`
) sd on sd.`case` = c.name
left join (
	select parent, sum(status = 'Achieved') as achieved, count(*) as total from `tabCase Goal`
	where parent between %(low)s and %(high)s and parenttype = 'Case' group by parent
) g on g.parent = c.name
where c.name in %(names)s
"""
