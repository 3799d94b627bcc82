"""Daily follow-up job: every Active or Monitoring case has its next visit; overdue visits
become Missed; two misses in a row bring in the supervisor.

All reads are set-based (one query per kind of row for a whole chunk), visits are created
with one bulk insert and moved with one UPDATE per due date, so a chunk costs the same few
queries whatever its size. The rules themselves are in engine/follow_up.py.
"""

from collections import defaultdict
from datetime import date

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import cint, getdate, now_datetime, today

from case_management.engine.follow_up import (
	OPEN_STATES,
	CaseState,
	OpenVisit,
	missed_cutoff,
	missed_twice_in_a_row,
	plan_next_visit,
)
from case_management.jobs import runner
from case_management.utils import reserve_names

SUPERVISOR_TASK = "Two follow-up visits in a row were missed"


def reasons() -> dict[str, str]:
	return {
		"no_risk_level": _("No risk level yet: complete an assessment to schedule visits."),
		"no_interval": _("The follow-up interval for this risk level is 0 in the settings."),
		"caseworker_disabled": _("The caseworker's account is disabled: reassign the case."),
		"no_supervisor": _("Two visits were missed but the case's team has no supervisor."),
	}


def run_daily():
	"""Scheduler entry point (daily_long)."""
	start_run()


def start_run(on: str | None = None, now: bool = False) -> str:
	on = str(getdate(on or today()))
	case = DocType("Case")
	names = [
		r[0]
		for r in frappe.qb.from_(case)
		.select(case.name)
		.where(case.workflow_state.isin(OPEN_STATES) | case.next_follow_up_date.isnotnull())
		.orderby(case.name)
		.run()
	]
	return runner.start(
		"Follow-up scheduling", on, names, "case_management.jobs.follow_up.run_chunk", now=now, on=on
	)


def run_chunk(run: str, names: list[str], on: str) -> None:
	def work():
		counts = schedule(names, getdate(on))
		runner.finish_chunk(run, len(names), counts["created"], counts["updated"], counts["skipped"])

	runner.retry_on_deadlock(work)
	frappe.db.commit()  # one chunk, one transaction: a crash loses at most this chunk


def settings() -> frappe._dict:
	s = frappe.get_cached_doc("Case Management Settings")
	return frappe._dict(
		intervals={
			"Critical": cint(s.critical_interval_days),
			"High": cint(s.high_interval_days),
			"Medium": cint(s.medium_interval_days),
			"Low": cint(s.low_interval_days),
		},
		grace=cint(s.missed_visit_grace_days),
	)


def schedule(names: list[str], on: date) -> dict:
	"""Bring `names` up to date for the day `on`. Safe to run any number of times."""
	counts = {"created": 0, "updated": 0, "skipped": defaultdict(list)}
	if not names:
		return counts
	conf = settings()
	counts["updated"] += mark_missed(names, on, conf.grace)
	cases = load_cases(names)
	open_visits = load_open_visits(names)
	last_completed = load_last_completed(names)

	to_create, to_move, next_dates = [], defaultdict(list), {}
	for case in cases:
		plan = plan_next_visit(
			CaseState(case.name, case.workflow_state, case.risk_level, case.activation_date),
			open_visits.get(case.name),
			last_completed.get(case.name),
			conf.intervals,
			on,
		)
		if plan.action == "create":
			to_create.append((case, plan.due))
			next_dates[case.name] = plan.due
		elif plan.action == "move":
			to_move[plan.due].append(plan.visit)
			next_dates[case.name] = plan.due
		elif plan.reason in ("no_risk_level", "no_interval"):
			counts["skipped"][plan.reason].append(case.name)
		elif case.name in open_visits:
			next_dates[case.name] = open_visits[case.name].due_date
		if case.workflow_state in OPEN_STATES and case.caseworker and not case.caseworker_enabled:
			counts["skipped"]["caseworker_disabled"].append(case.name)

	counts["created"] += create_visits(to_create)
	for due, visits in to_move.items():
		frappe.db.sql(
			"update `tabFollow-up Visit` set due_date = %(due)s, modified = %(now)s where name in %(visits)s",
			{"due": due, "visits": tuple(visits), "now": now_datetime()},
		)
		counts["updated"] += len(visits)
	counts["updated"] += set_next_dates(cases, next_dates)
	flag_repeated_misses(names, cases, counts)
	counts["skipped"] = {reasons()[k]: v for k, v in counts["skipped"].items()}
	return counts


# The reads below are raw, parameterised SQL: through the query builder, rendering the
# chunk's 1,000-name IN lists costs more than the database takes to answer.


def mark_missed(names: list[str], on: date, grace: int) -> int:
	cutoff = missed_cutoff(on, grace)
	missed = frappe.db.sql_list(
		"""select name from `tabFollow-up Visit`
		where `case` in %(names)s and status = 'Scheduled' and due_date <= %(cutoff)s""",
		{"names": tuple(names), "cutoff": cutoff},
	)
	if missed:
		frappe.db.sql(
			"update `tabFollow-up Visit` set status = 'Missed', modified = %(now)s where name in %(missed)s",
			{"missed": tuple(missed), "now": now_datetime()},
		)
	return len(missed)


def load_cases(names: list[str]) -> list:
	return frappe.db.sql(
		"""select c.name, c.workflow_state, c.risk_level, c.activation_date, c.caseworker, c.team,
			c.client_name, c.next_follow_up_date, coalesce(u.enabled, 0) as caseworker_enabled
		from `tabCase` c left join `tabUser` u on u.name = c.caseworker
		where c.name in %(names)s""",
		{"names": tuple(names)},
		as_dict=True,
	)


def load_open_visits(names: list[str]) -> dict[str, OpenVisit]:
	rows = frappe.db.sql(
		"""select name, `case`, due_date, scheduled_time from `tabFollow-up Visit`
		where `case` in %(names)s and status = 'Scheduled' order by due_date""",
		{"names": tuple(names)},
		as_dict=True,
	)
	first: dict[str, OpenVisit] = {}
	for row in rows:
		first.setdefault(row.case, OpenVisit(row.name, getdate(row.due_date), bool(row.scheduled_time)))
	return first


def load_last_completed(names: list[str]) -> dict[str, date]:
	rows = frappe.db.sql(
		"""select `case`, max(coalesce(completed_on, due_date)) from `tabFollow-up Visit`
		where `case` in %(names)s and status = 'Completed' group by `case`""",
		{"names": tuple(names)},
	)
	return {case: getdate(last) for case, last in rows}


def create_visits(plans: list) -> int:
	if not plans:
		return 0
	now = now_datetime()
	names = reserve_names("Follow-up Visit", len(plans))
	fields = ["name", "owner", "modified_by", "creation", "modified", "docstatus", "idx", "naming_series",
		"case", "client_name", "due_date", "mode", "status", "auto_scheduled"]  # fmt: skip
	frappe.db.bulk_insert(
		"Follow-up Visit",
		fields,
		[
			(
				name,
				"Administrator",
				"Administrator",
				now,
				now,
				0,
				0,
				"VIS-.YYYY.-",
				case.name,
				case.client_name,
				due,
				"Home visit",
				"Scheduled",
				1,
			)  # fmt: skip
			for name, (case, due) in zip(names, plans, strict=True)
		],
	)
	return len(plans)


def set_next_dates(cases: list, next_dates: dict) -> int:
	"""Keep Case.next_follow_up_date equal to its open visit's due date (or empty)."""
	by_date = defaultdict(list)
	for case in cases:
		wanted = next_dates.get(case.name)
		current = getdate(case.next_follow_up_date) if case.next_follow_up_date else None
		if wanted != current:
			by_date[wanted].append(case.name)
	for due, names in by_date.items():
		frappe.db.sql(
			"update `tabCase` set next_follow_up_date = %(due)s where name in %(names)s",
			{"due": due, "names": tuple(names)},
		)
	return sum(len(v) for v in by_date.values())


def flag_repeated_misses(names: list[str], cases: list, counts: dict) -> None:
	todo, team = DocType("ToDo"), DocType("Caseworker Team")
	# Only cases with two misses at all can have two in a row: read their history alone.
	candidates = frappe.db.sql_list(
		"""select `case` from `tabFollow-up Visit` where `case` in %(names)s and status = 'Missed'
		group by `case` having count(*) >= 2""",
		{"names": tuple(names)},
	)
	if not candidates:
		return
	history = defaultdict(list)
	for case, status in frappe.db.sql(
		"""select `case`, status from `tabFollow-up Visit` where `case` in %(cases)s
		and status in ('Completed', 'Missed') order by `case`, due_date""",
		{"cases": tuple(candidates)},
	):
		history[case].append(status)
	flagged = [c for c in cases if c.workflow_state in OPEN_STATES and missed_twice_in_a_row(history[c.name])]
	if not flagged:
		return
	supervisors = dict(
		frappe.qb.from_(team)
		.select(team.name, team.supervisor)
		.where(team.name.isin(sorted({c.team for c in flagged if c.team}) or [""]))
		.run()
	)
	open_todos = {
		(r[0], r[1])
		for r in frappe.qb.from_(todo)
		.select(todo.reference_name, todo.allocated_to)
		.where(
			(todo.reference_type == "Case")
			& todo.reference_name.isin([c.name for c in flagged])
			& (todo.status == "Open")
			& todo.description.like(f"{SUPERVISOR_TASK}%")
		)
		.run()
	}
	for case in flagged:
		supervisor = supervisors.get(case.team)
		if not supervisor:
			counts["skipped"]["no_supervisor"].append(case.name)
			continue
		if (case.name, supervisor) in open_todos:
			continue
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": supervisor,
				"reference_type": "Case",
				"reference_name": case.name,
				"priority": "High",
				"description": f"{SUPERVISOR_TASK}: {case.client_name} ({case.name}). Check in with {case.caseworker}.",
			}
		).insert(ignore_permissions=True)  # raised by the system, for the supervisor
		counts["created"] += 1
