"""The ongoing-care jobs at agency scale, against the raw SQL that is their floor.

Needs a site with demo data at scale, for example 100,000 clients with about a million notes
and visits:

    bench --site SITE make-demo-data --clients 100000 --activity 5
    cd ~/frappe-bench/sites && ../env/bin/python /path/to/benchmarks/jobs.py --site SITE

- Monthly summary: the job's chunks (read, aggregate, replace the month's summaries) for
  every case open in the month, against one raw SQL aggregate per kind of activity over the
  same cases and month, which computes the same counts and writes nothing.
- Follow-up: the daily job's chunks on a settled day (the job has run once already, as it
  does every day), against the raw SQL that reads what its decisions need.
Both run in one transaction that is rolled back. Prints absolute times, the ratio of the job
to its floor (goal: at most 1.5x) and the queries per chunk (goal: the same for every chunk).
"""

import argparse
import time
from datetime import date

import frappe
from frappe.utils import getdate, today

from case_management.engine.summary import month_bounds, previous_month
from case_management.tests import count_queries


def timed(func):
	start = time.perf_counter()
	result = func()
	return time.perf_counter() - start, result


def chunks(names, size):
	return [names[i : i + size] for i in range(0, len(names), size)]


def monthly(month: date, size: int):
	from case_management.jobs import monthly_summary

	start, end = month_bounds(month)
	names = frappe.db.sql_list(
		"""select name from `tabCase` where intake_date <= %s and (closure_date is null or closure_date >= %s)
		order by name""",
		(end.date(), start.date()),
	)
	per_chunk = []

	def job():
		for chunk in chunks(names, size):
			with count_queries() as n:
				monthly_summary.summarize(chunk, month)
			per_chunk.append(n[0])

	def floor():
		# One statement per kind of activity, joined to the month's open cases: the counts
		# the job computes, with nothing written and no chunking.
		args = {"start": start, "end": end, "first": start.date(), "last": end.date()}
		open_cases = "join `tabCase` c on c.name = {col} and c.intake_date <= %(last)s and (c.closure_date is null or c.closure_date >= %(first)s)"
		for sql in (
			"select n.`case`, count(*) from `tabCase Note` n "
			+ open_cases.format(col="n.`case`")
			+ " where n.note_date between %(start)s and %(end)s group by n.`case`",
			"select v.`case`, sum(v.status = 'Completed' and v.completed_on between %(start)s and %(end)s),"
			" sum(v.status = 'Missed' and v.due_date between %(first)s and %(last)s) from `tabFollow-up Visit` v "
			+ open_cases.format(col="v.`case`")
			+ " group by v.`case`",
			"select r.`case`, sum(r.referral_date between %(first)s and %(last)s), sum(r.completed_on between %(first)s and %(last)s),"
			" sum(r.status = 'Sent' and r.due_date < %(last)s) from `tabReferral` r "
			+ open_cases.format(col="r.`case`")
			+ " group by r.`case`",
			"select h.parent, max(h.changed_on) from `tabCase Risk History` h "
			+ open_cases.format(col="h.parent")
			+ " where h.changed_on <= %(end)s group by h.parent",
			"select g.parent, sum(g.status = 'Achieved'), count(*) from `tabCase Goal` g "
			+ open_cases.format(col="g.parent")
			+ " group by g.parent",
		):
			frappe.db.sql(sql, args)

	floor_s, _ = timed(floor)
	job_s, _ = timed(job)
	return len(names), job_s, floor_s, per_chunk


def follow_up(size: int):
	from case_management.jobs import follow_up as job_module

	names = frappe.db.sql_list(
		"select name from `tabCase` where workflow_state in ('Active', 'Monitoring') or next_follow_up_date is not null order by name"
	)
	on = getdate(today())
	for chunk in chunks(names, size):  # yesterday's run: the job runs every day
		job_module.schedule(chunk, on)
	per_chunk = []

	def job():
		for chunk in chunks(names, size):
			with count_queries() as n:
				job_module.schedule(chunk, on)
			per_chunk.append(n[0])

	def floor():
		open_cases = "select name from `tabCase` where workflow_state in ('Active', 'Monitoring') or next_follow_up_date is not null"
		frappe.db.sql(
			f"""select c.name, c.workflow_state, c.risk_level, c.activation_date, c.next_follow_up_date, u.enabled
			from `tabCase` c left join `tabUser` u on u.name = c.caseworker where c.name in ({open_cases})"""
		)
		frappe.db.sql(
			f"select `case`, min(due_date) from `tabFollow-up Visit` where status = 'Scheduled' and `case` in ({open_cases}) group by `case`"
		)
		frappe.db.sql(
			f"select `case`, max(coalesce(completed_on, due_date)) from `tabFollow-up Visit` where status = 'Completed' and `case` in ({open_cases}) group by `case`"
		)
		frappe.db.sql(
			f"select `case` from `tabFollow-up Visit` where status = 'Missed' and `case` in ({open_cases})"
			" group by `case` having count(*) >= 2"
		)

	floor_s, _ = timed(floor)
	job_s, _ = timed(job)
	return len(names), job_s, floor_s, per_chunk


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--month", help="YYYY-MM-01; default: last month")
	parser.add_argument(
		"--chunk", type=int, help="cases per chunk; default: the settings' value, as the job uses"
	)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		notes = frappe.db.count("Case Note")
		visits = frappe.db.count("Follow-up Visit")
		print(
			f"site {args.site}: {frappe.db.count('Case')} cases, {notes} notes, {visits} visits ({notes + visits} together)"
		)
		month = getdate(args.month) if args.month else previous_month(getdate(today()))
		from case_management.jobs.runner import chunk_size

		args.chunk = args.chunk or chunk_size()
		print(f"chunks of {args.chunk} cases")
		for label, (cases, job_s, floor_s, per_chunk) in (
			(f"monthly summary {month:%Y-%m}", monthly(month, args.chunk)),
			("follow-up (settled day)", follow_up(args.chunk)),
		):
			ratio = job_s / floor_s if floor_s else float("inf")
			queries = sorted(set(per_chunk))
			print(
				f"{label:32} cases {cases:7}  job {job_s:7.2f} s  floor {floor_s:7.2f} s  ratio {ratio:5.2f}"
				f"  {'ok' if ratio <= 1.5 else 'over'} (goal <= 1.5)  queries per chunk {queries}"
			)
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main()
