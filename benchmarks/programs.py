"""Programs: the cost of screening every open case against every open program, and of the
portal case page as programs are added.

1. Screening: `services.programs.screen` over every open case (in chunks of 2,000, as the
   Program Eligibility report runs it) against 10 programs with 1-3 rules each, against the
   floor: one SQL statement per chunk that reads every row the decisions rest on (the case,
   its client, the household members and their income rows; these rules name no checklist
   item, so neither side reads the checklist) and decides nothing. Goal: at most 2x.
2. The portal case page's data (services.portal.case_page and services.programs.case_programs,
   what www/caseload/case.py renders) for one case with 1 open program and with 10: the
   number of queries must be equal, and the time is printed as a ratio.

Programs made here are rolled back; nothing is written. Nothing fails on timing. Run from a
bench's sites folder with the bench's Python, on a site with demo data
(`bench --site SITE make-demo-data --clients 100000` for the 100k-case figure):

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/benchmarks/programs.py --site SITE
"""

import argparse
import statistics
import time

import frappe

CHUNK = 2000
RULES = [
	[{"fact": "Income % of poverty guideline", "condition": "Between", "max_value": "200"}],
	[{"fact": "Age", "condition": "Between", "min_value": "18", "max_value": "24"}],
	[
		{"fact": "Children in household", "condition": "Between", "min_value": "1"},
		{"fact": "Income % of poverty guideline", "condition": "Between", "max_value": "150"},
	],
	[{"fact": "Age", "condition": "Between", "min_value": "60"}],
	[
		{
			"fact": "Risk level",
			"condition": "Is one of",
			"allowed_values": "High, Critical",
			"rule_group": "n",
		},
		{"fact": "Vulnerability score", "condition": "Between", "min_value": "6", "rule_group": "n"},
		{"fact": "Income % of poverty guideline", "condition": "Between", "max_value": "200"},
	],
]
FLOOR_SQL = """
select c.name, c.risk_level, c.vulnerability_score, c.last_assessment, cl.date_of_birth, cl.state,
	cl.city, cl.postal_code, cl.ok_to_sms, cl.ok_to_email, cl.safe_to_text,
	(select group_concat(concat(m.name, '|', coalesce(m.date_of_birth, ''))) from `tabHousehold Member` m
		where m.client = c.client) as members,
	(select group_concat(concat(e.amount, '|', e.frequency, '|', e.source)) from `tabIncome Entry` e
		join `tabHousehold Member` m2 on m2.name = e.parent
		where m2.client = c.client and e.parenttype = 'Household Member') as income
from `tabCase` c join `tabClient` cl on cl.name = c.client
where c.name in %(names)s
"""


def make_programs(n: int, prefix: str) -> list[str]:
	names = []
	for i in range(n):
		name = f"{prefix} {i + 1:02d}"
		frappe.get_doc(
			{
				"doctype": "Program",
				"program_name": name,
				"capacity": 10 + i,
				"is_active": 1,
				"services": [{"service": "Session", "unit": "Session"}],
				"eligibility_rules": RULES[i % len(RULES)],
			}
		).insert(ignore_permissions=True)
		names.append(name)
	return names


def timed_pair(app, floor, repeat: int = 5) -> tuple[float, float]:
	"""Median times of `app` and `floor`, run in turns, so that a busy moment of the machine
	falls on both sides alike."""
	app_times, floor_times = [], []
	for _ in range(repeat):
		for fn, times in ((app, app_times), (floor, floor_times)):
			start = time.perf_counter()
			fn()
			times.append(time.perf_counter() - start)
	return statistics.median(app_times), statistics.median(floor_times)


def timed(fn, repeat: int = 3) -> float:
	times = []
	for _ in range(repeat):
		start = time.perf_counter()
		fn()
		times.append(time.perf_counter() - start)
	return statistics.median(times)


def screening(limit: int | None) -> None:
	from case_management.services.programs import open_programs, screen

	cases = frappe.get_all(
		"Case", filters={"workflow_state": ("!=", "Closed")}, pluck="name", order_by="name", limit=limit or 0
	)
	make_programs(10, "Bench Screening")
	programs = [p for p in open_programs() if p.name.startswith("Bench Screening")]
	chunks = [cases[i : i + CHUNK] for i in range(0, len(cases), CHUNK)]

	def app():
		decided = 0
		for chunk in chunks:
			decided += sum(len(d) for d in screen(chunk, programs).values())
		assert decided == len(cases) * len(programs)

	def floor():
		for chunk in chunks:
			frappe.db.sql(FLOOR_SQL, {"names": tuple(chunk)})

	floor()  # warm the buffer pool for both
	app_s, floor_s = timed_pair(app, floor)
	ratio = app_s / floor_s if floor_s else float("inf")
	print(
		f"screening   open cases {len(cases):>7}  programs {len(programs)}  decisions {len(cases) * len(programs)}"
	)
	print(
		f"            screen {app_s:7.2f} s  floor (one SQL read per chunk) {floor_s:7.2f} s  "
		f"ratio {ratio:4.2f}  {'ok' if ratio <= 2.0 else 'over'} (goal <= 2.0)"
	)


def portal_page() -> None:
	from case_management.services.portal import case_page
	from case_management.services.programs import case_programs
	from case_management.tests import count_queries

	frappe.db.sql("update `tabProgram` set is_active = 0")  # rolled back at the end
	case, caseworker = frappe.db.get_value(
		"Case", {"workflow_state": "Active"}, ["name", "caseworker"], order_by="name"
	)
	make_programs(1, "Bench Page")
	frappe.set_user(caseworker)

	def load():
		context = frappe._dict(case_page(case))
		context.programs = case_programs(case)
		return context

	def measure():
		load()  # caches warm
		with count_queries() as n:
			context = load()
		return n[0], len(context.programs), timed(load, repeat=5)

	one = measure()
	frappe.set_user("Administrator")
	make_programs(9, "Bench Page More")
	frappe.set_user(caseworker)
	ten = measure()
	frappe.set_user("Administrator")
	print(f"portal page programs {one[1]:>2}: {one[0]} queries, {one[2] * 1000:6.1f} ms")
	print(f"portal page programs {ten[1]:>2}: {ten[0]} queries, {ten[2] * 1000:6.1f} ms")
	print(
		f"            queries {'equal ok' if one[0] == ten[0] else 'NOT equal'}  time ratio "
		f"{ten[2] / one[2]:4.2f}"
	)


def main():
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--limit", type=int, default=None, help="screen at most this many open cases")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		screening(args.limit)
		frappe.db.rollback()
		portal_page()
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main()
