"""The portal's caseload call against Frappe's own REST list for the same rows.

A caseworker with 60 cases (made once on the site if missing: `portal.bench@example.com`,
60 clients, 60 cases, one planned visit each) asks, through the whole request stack (WSGI,
session cookie, permission checks, JSON), for

- the portal: GET /api/method/case_management.api.portal.get_caseload (filtered, marked
  overdue, sorted by urgency, with the next visit of each case), and
- the baseline: GET /api/resource/Case for the same 60 rows and columns (no next visit, no
  sorting by urgency),

alternately, and the ratio of their medians is printed (goal: at most 1.0x). Nothing fails
on timing. Run from a bench's sites folder with the bench's Python:

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/benchmarks/portal_caseload.py --site SITE
"""

import argparse
import json
import statistics
import time

import frappe

USER = "portal.bench@example.com"
PASSWORD = "Portal-Bench-2026"
CASES = 60
FIELDS = [
	"name",
	"client",
	"client_name",
	"workflow_state",
	"risk_level",
	"vulnerability_score",
	"next_reassessment_date",
	"next_follow_up_date",
]


def ensure_data(site: str) -> None:
	"""The benchmark caseworker and their 60 cases, made once and kept for later runs."""
	from frappe.utils import add_days, today
	from frappe.utils.password import update_password

	from case_management.api.intake import start_case

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		if not frappe.db.exists("User", USER):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": USER,
					"first_name": "Portal",
					"last_name": "Bench",
					"send_welcome_email": 0,
					"user_type": "System User",
					"roles": [{"role": "Caseworker"}],
				}
			).insert(ignore_permissions=True)
		update_password(USER, PASSWORD)
		have = frappe.db.count("Case", {"caseworker": USER})
		risks = ["Low", "Medium", "High", "Critical", None]
		for i in range(have, CASES):
			client = frappe.get_doc(
				{
					"doctype": "Client",
					"first_name": f"Bench{i:02d}",
					"last_name": "Portalton",
					"date_of_birth": "1980-01-01",
					"phone": f"202-555-{1000 + i:04d}",
				}
			).insert()
			case = start_case(client=client.name, caseworker=USER)["name"]
			frappe.db.set_value(
				"Case",
				case,
				{"risk_level": risks[i % 5], "vulnerability_score": i % 13},
				update_modified=False,
			)
			frappe.get_doc(
				{"doctype": "Follow-up Visit", "case": case, "due_date": add_days(today(), (i % 20) - 5)}
			).insert()
		frappe.db.commit()  # the requests below read it on their own connections
	finally:
		frappe.destroy()


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=40)
	args = parser.parse_args()
	ensure_data(args.site)

	from frappe.app import application
	from werkzeug.test import Client

	client = Client(application)
	headers = {"Host": args.site, "X-Frappe-Site-Name": args.site, "Accept": "application/json"}
	login = client.post("/api/method/login", data={"usr": USER, "pwd": PASSWORD}, headers=headers)
	assert login.status_code == 200, login.get_data(as_text=True)[:200]

	portal_url = "/api/method/case_management.api.portal.get_caseload"
	rest_url = "/api/resource/Case?" + "&".join(
		[
			"fields=" + json.dumps(FIELDS),
			"filters=" + json.dumps([["caseworker", "=", USER]]),
			f"limit_page_length={CASES}",
		]
	)

	def timed(url: str) -> tuple[float, dict]:
		start = time.perf_counter()
		response = client.get(url, headers=headers)
		ms = (time.perf_counter() - start) * 1000
		assert response.status_code == 200, response.get_data(as_text=True)[:300]
		return ms, response.get_json()

	_, portal_body = timed(portal_url)  # warm caches
	_, rest_body = timed(rest_url)
	portal_rows = {r["name"] for r in portal_body["message"]["cases"]}
	rest_rows = {r["name"] for r in rest_body["data"]}
	assert portal_rows == rest_rows and len(rest_rows) == CASES, (len(portal_rows), len(rest_rows))

	portal_ms, rest_ms = [], []
	for _ in range(args.repeat):  # alternate, so both see the same machine load
		portal_ms.append(timed(portal_url)[0])
		rest_ms.append(timed(rest_url)[0])
	p, r = statistics.median(portal_ms), statistics.median(rest_ms)
	print(f"site {args.site}: caseworker {USER} with {len(rest_rows)} cases, {args.repeat} requests each")
	print(f"{'request':58} {'median ms':>9}")
	print(f"{'portal get_caseload (next visit, overdue, urgency order)':58} {p:9.2f}")
	print(f"{'/api/resource/Case, same rows and columns':58} {r:9.2f}")
	ratio = p / r if r else float("inf")
	print(f"ratio {ratio:.2f}x  (goal <= 1.0x: {'ok' if ratio <= 1.0 else 'over'})")


if __name__ == "__main__":
	main()
