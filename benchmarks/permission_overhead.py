"""How much record-level access costs on the hot paths, at scale.

Run from a bench's sites folder with the bench's Python, against a site with demo data
(100,000 clients: `bench --site SITE make-demo-data --clients 100000`):

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/benchmarks/permission_overhead.py --site SITE

Each line compares a caseworker's request (with the app's permission conditions) to a
baseline measured in the same run on the same rows by Administrator (no conditions), and
prints the ratio of their medians. Goals are printed beside the ratios; nothing here fails
on timing, so a busy machine cannot make it flaky.
"""

import argparse
import statistics
import time

import frappe


def median_ms(func, repeat: int, user: str = "Administrator") -> float:
	"""Median wall time of `func` in ms, run as `user` (the user is set once, not timed)."""
	frappe.set_user(user)
	try:
		func()  # warm caches
		samples = []
		for _ in range(repeat):
			start = time.perf_counter()
			func()
			samples.append((time.perf_counter() - start) * 1000)
	finally:
		frappe.set_user("Administrator")
	return statistics.median(samples)


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=30)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()

	cases = frappe.db.count("Case")
	clients = frappe.db.count("Client")
	caseworker = frappe.db.sql(
		"select caseworker from `tabCase` group by caseworker order by count(*) desc limit 1"
	)[0][0]
	own = frappe.db.count("Case", {"caseworker": caseworker})
	a_case = frappe.db.get_value("Case", {"caseworker": caseworker})
	fields = ["name", "client_name", "workflow_state", "risk_level", "next_follow_up_date"]
	own_clients = frappe.get_all("Case", filters={"caseworker": caseworker}, pluck="client")

	rows = [
		(
			"Case list, 20 rows (vs admin filtering on caseworker)",
			lambda: frappe.get_list("Case", fields=fields, limit_page_length=20),
			lambda: frappe.get_list(
				"Case", fields=fields, filters={"caseworker": caseworker}, limit_page_length=20
			),
			2.0,
		),
		(
			"Case count (list sidebar / paging)",
			lambda: frappe.get_list("Case", fields=["count(*) as n"]),
			lambda: frappe.get_list("Case", fields=["count(*) as n"], filters={"caseworker": caseworker}),
			2.0,
		),
		(
			"Client list, 20 rows (vs admin given the client names)",
			lambda: frappe.get_list("Client", fields=["name", "full_name"], limit_page_length=20),
			lambda: frappe.get_list(
				"Client",
				fields=["name", "full_name"],
				filters={"name": ("in", own_clients)},
				limit_page_length=20,
			),
			3.0,
		),
		(
			"Open one case (get_doc + read check)",
			lambda: frappe.get_doc("Case", a_case).check_permission("read"),
			lambda: frappe.get_doc("Case", a_case).check_permission("read"),
			2.0,
		),
	]
	print(f"site {args.site}: {clients} clients, {cases} cases; caseworker {caseworker} carries {own}")
	print(f"{'measure':62} {'user ms':>8} {'base ms':>8} {'ratio':>6}  goal")
	for label, user_run, base_run, goal in rows:
		user_ms = median_ms(user_run, args.repeat, caseworker)
		base_ms = median_ms(base_run, args.repeat)
		ratio = user_ms / base_ms if base_ms else float("inf")
		verdict = "ok" if ratio <= goal else "over"
		print(f"{label:62} {user_ms:8.2f} {base_ms:8.2f} {ratio:6.2f}  <= {goal} {verdict}")
	frappe.destroy()


if __name__ == "__main__":
	main()
