"""What the app's rules cost when a household and an assessment are recorded.

For a household of 1, 5 and 10 members (two income rows each) and an assessment of 30
answers, records the household and submits the assessment (which scores it, snapshots the
household income and updates the case) twice in the same run:
- app: through Frappe with the app's controllers, as users do;
- baseline: the same documents through Frappe with the app's controller methods switched off.
Prints the query count of each (it must not grow with the household) and the ratio of the
median times (goal: at most 1.5x). Everything is rolled back.

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/benchmarks/assessment_save.py --site SITE
"""

import argparse
import statistics
import time
from contextlib import ExitStack, contextmanager
from unittest.mock import patch

import frappe

from case_management.tests import count_queries

QUESTIONS = 30
HOOKS = ("before_insert", "validate", "before_submit", "on_submit", "after_insert", "on_update")


@contextmanager
def without_app_logic():
	from case_management.case_management.doctype.household_member.household_member import HouseholdMember
	from case_management.case_management.doctype.vulnerability_assessment.vulnerability_assessment import (
		VulnerabilityAssessment,
	)

	with ExitStack() as stack:
		for cls in (HouseholdMember, VulnerabilityAssessment):
			for hook in HOOKS:
				if hook in cls.__dict__:
					stack.enter_context(patch.object(cls, hook, lambda self, *a, **k: None))
		yield


def make_instrument() -> str:
	domains = ["Housing", "Risks", "Daily living", "Wellness", "Income", "Safety"]
	doc = frappe.get_doc(
		{
			"doctype": "Scoring Instrument",
			"instrument_name": f"Benchmark {frappe.generate_hash(length=6)}",
			"status": "Published",
			"domains": [{"domain": d} for d in domains],
			"questions": [
				{"code": f"B{i}", "domain": domains[i % 6], "question": f"Question {i}"}
				for i in range(QUESTIONS)
			],
			"answer_options": [
				o
				for i in range(QUESTIONS)
				for o in (
					{"question_code": f"B{i}", "answer": "Yes", "points": 1},
					{"question_code": f"B{i}", "answer": "No", "points": 0},
				)
			],
			"bands": [
				{"min_score": 0, "max_score": 9, "label": "0-9", "risk_level": "Low"},
				{"min_score": 10, "max_score": 19, "label": "10-19", "risk_level": "Medium"},
				{"min_score": 20, "max_score": 30, "label": "20+", "risk_level": "High"},
			],
		}
	).insert()
	return doc.name


def record(case, client: str, instrument: str, members: int, count: list) -> int:
	"""Record the household and the assessment; return the queries the submit itself made."""
	for i in range(members):
		frappe.get_doc(
			{
				"doctype": "Household Member",
				"client": client,
				"first_name": f"Member {i}",
				"relationship": "Self" if i == 0 else "Child",
				"date_of_birth": "1980-01-01" if i == 0 else "2015-01-01",
				"income": [
					{"source": "Earned income", "amount": 900, "frequency": "Biweekly"},
					{"source": "SSI", "amount": 943, "frequency": "Monthly"},
				],
			}
		).insert()
	assessment = frappe.get_doc(
		{
			"doctype": "Vulnerability Assessment",
			"case": case,
			"instrument": instrument,
			"answers": [
				{"question_code": f"B{i}", "answer": "Yes" if i % 3 == 0 else "No"} for i in range(QUESTIONS)
			],
		}
	).insert()
	before = count[0]
	assessment.submit()
	return count[0] - before


def run_once(instrument: str, members: int, app: bool) -> tuple[float, int, int]:
	from case_management.tests.factories import make_case, make_client, make_user

	caseworker = make_user("benchmark.caseworker@example.com", "Caseworker")
	client = make_client(first_name="Bench").name
	case = make_case(client, caseworker=caseworker).name
	with ExitStack() as stack:
		if not app:
			stack.enter_context(without_app_logic())
		count = stack.enter_context(count_queries())
		start = time.perf_counter()
		submit_queries = record(case, client, instrument, members, count)
		elapsed = (time.perf_counter() - start) * 1000
	return elapsed, count[0], submit_queries


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=7)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		instrument = make_instrument()
		run_once(instrument, 1, True)  # warm caches
		print(
			f"{'members':>7} {'app ms':>8} {'base ms':>8} {'ratio':>6} {'app queries':>12} {'base queries':>13}"
			f" {'submit queries':>15}  goal <= 1.5"
		)
		for members in (1, 5, 10):
			app = [run_once(instrument, members, True) for _ in range(args.repeat)]
			base = [run_once(instrument, members, False) for _ in range(args.repeat)]
			app_ms = statistics.median(run[0] for run in app)
			base_ms = statistics.median(run[0] for run in base)
			print(
				f"{members:7} {app_ms:8.1f} {base_ms:8.1f} {app_ms / base_ms:6.2f} {app[-1][1]:12} {base[-1][1]:13}"
				f" {app[-1][2]:15}  {'ok' if app_ms / base_ms <= 1.5 else 'over'}"
			)
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main()
