"""Load test: concurrent caseworkers doing their daily actions over HTTP.

    python benchmarks/load.py --base-url http://127.0.0.1:8000 --site mysite.localhost
    python benchmarks/load.py --short ...     # 10 users for 15 s: what CI runs

Each virtual caseworker signs in as a demo caseworker (caseworker01..NN@demo.example.org,
password Demo-Case-2026; with fewer accounts than users, accounts are shared), then repeats,
with a think time between actions, a weighted choice of the actions in ACTIONS: open the
caseload, open a case, its household, add a note, log a visit, search for a client, and
Frappe's own /api/method/ping as the floor, measured in the same run. Any answer that is not
2xx, or any exception, is an error; the run exits 1 when there is one.

The actions go through the caseworker portal's methods (api/portal.py: get_caseload,
get_case, add_note, log_visit), the household call and the intake search. To add an action,
write an `async def` taking (session, http) that returns the response, and add it to ACTIONS
with a weight.

Needs httpx (`pip install -e .[load]`).
"""

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections import defaultdict

import httpx

PASSWORD = "Demo-Case-2026"


class Session:
	"""One virtual caseworker: who they are and their open cases."""

	def __init__(self, user: str, rng: random.Random):
		self.user = user
		self.rng = rng
		self.cases: list[dict] = []

	def case(self) -> dict | None:
		return self.rng.choice(self.cases) if self.cases else None


PORTAL = "/api/method/case_management.api.portal."


async def caseload(s: Session, http: httpx.AsyncClient):
	r = await http.get(PORTAL + "get_caseload")
	if r.status_code == 200:
		s.cases = r.json()["message"]["cases"]
	return r


async def open_case(s: Session, http: httpx.AsyncClient):
	case = s.case()
	return await http.get(PORTAL + "get_case", params={"case": case["name"]}) if case else None


async def household(s: Session, http: httpx.AsyncClient):
	case = s.case()
	if not case:
		return None
	return await http.get(
		"/api/method/case_management.api.household.get_household", params={"client": case["client"]}
	)


async def add_note(s: Session, http: httpx.AsyncClient):
	case = s.case()
	if not case:
		return None
	return await http.post(
		PORTAL + "add_note",
		json={
			"case": case["name"],
			"note_type": "Phone call",
			"subject": "Check-in call",
			"note": "Called the client; no change since the last visit.",
		},
	)


async def log_visit(s: Session, http: httpx.AsyncClient):
	case = s.case()
	if not case:
		return None
	return await http.post(
		PORTAL + "log_visit",
		json={
			"case": case["name"],
			"outcome": "Completed",
			"mode": "Phone",
			"notes": "Phone follow-up done.",
		},
	)


async def search_client(s: Session, http: httpx.AsyncClient):
	case = s.case()
	name = case["client_name"] if case and case.get("client_name") else "Maria Garcia"
	return await http.get("/api/method/case_management.api.intake.find_clients", params={"name": name})


async def ping(s: Session, http: httpx.AsyncClient):
	return await http.get("/api/method/ping")


# name -> (action, weight): a caseworker's day is mostly reading.
ACTIONS = {
	"caseload": (caseload, 3),
	"open_case": (open_case, 4),
	"household": (household, 2),
	"add_note": (add_note, 2),
	"log_visit": (log_visit, 1),
	"search_client": (search_client, 2),
	"ping": (ping, 2),
}


async def worker(index: int, args, deadline: float, timings, errors) -> None:
	rng = random.Random(args.seed + index)
	account = f"caseworker{index % args.accounts + 1:02d}@demo.example.org"
	session = Session(account, rng)
	headers = {"Accept": "application/json"}
	if args.site:
		headers["X-Frappe-Site-Name"] = args.site
	async with httpx.AsyncClient(base_url=args.base_url, headers=headers, timeout=60) as http:
		r = await http.post("/api/method/login", json={"usr": account, "pwd": PASSWORD})
		if r.status_code != 200:
			errors["login"].append(f"{account}: HTTP {r.status_code}")
			return
		await caseload(session, http)
		names = list(ACTIONS)
		weights = [ACTIONS[n][1] for n in names]
		await asyncio.sleep(rng.uniform(0, args.think))  # users do not all start together
		while time.monotonic() < deadline:
			name = rng.choices(names, weights)[0]
			started = time.perf_counter()
			try:
				r = await ACTIONS[name][0](session, http)
			except Exception as e:  # a timeout or a dropped connection is an error like a 500
				errors[name].append(f"{type(e).__name__}: {e}"[:200])
				continue
			elapsed = (time.perf_counter() - started) * 1000
			if r is None:
				continue  # the user has no open case: nothing to do for this action
			if 200 <= r.status_code < 300:
				timings[name].append(elapsed)
			else:
				errors[name].append(f"HTTP {r.status_code}: {r.text[:200]}")
			await asyncio.sleep(rng.expovariate(1 / args.think) if args.think else 0)


def percentile(values: list[float], p: float) -> float:
	if len(values) == 1:
		return values[0]
	return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


async def main(args) -> int:
	timings, errors = defaultdict(list), defaultdict(list)
	deadline = time.monotonic() + args.duration
	started = time.monotonic()
	await asyncio.gather(*(worker(i, args, deadline, timings, errors) for i in range(args.users)))
	wall = time.monotonic() - started
	report = {
		"users": args.users,
		"accounts": args.accounts,
		"duration_s": args.duration,
		"think_s": args.think,
		"requests": sum(len(v) for v in timings.values()),
		"errors": sum(len(v) for v in errors.values()),
		"requests_per_s": round(sum(len(v) for v in timings.values()) / wall, 1),
		"actions": {
			name: {
				"count": len(timings[name]),
				"p50_ms": round(percentile(timings[name], 50), 1),
				"p95_ms": round(percentile(timings[name], 95), 1),
				"errors": len(errors[name]),
			}
			for name in ACTIONS
			if timings[name]
		},
		"error_examples": {name: v[:3] for name, v in errors.items() if v},
	}
	print(f"{args.users} users ({args.accounts} accounts), {args.duration} s, think {args.think} s")
	print(f"{'action':<15}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'errors':>8}")
	for name, row in report["actions"].items():
		print(f"{name:<15}{row['count']:>8}{row['p50_ms']:>10}{row['p95_ms']:>10}{row['errors']:>8}")
	print(f"requests: {report['requests']} ({report['requests_per_s']}/s), errors: {report['errors']}")
	for name, examples in report["error_examples"].items():
		print(f"  {name}: {examples}")
	if args.report:
		with open(args.report, "w") as f:
			json.dump(report, f, indent=1)
	missing = [name for name in ACTIONS if not timings[name]]
	if missing:
		print(f"no successful request for: {', '.join(missing)}", file=sys.stderr)
	return 1 if report["errors"] or missing else 0


def parse(argv=None):
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--base-url", required=True)
	parser.add_argument("--site", help="site name, sent as X-Frappe-Site-Name")
	parser.add_argument("--users", type=int, default=50)
	parser.add_argument("--duration", type=float, default=120, help="seconds")
	parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's actions")
	parser.add_argument("--accounts", type=int, default=None, help="demo caseworker accounts to use")
	parser.add_argument("--seed", type=int, default=2026)
	parser.add_argument("--report", help="write the numbers as JSON here")
	parser.add_argument("--short", action="store_true", help="10 users for 15 s (CI)")
	args = parser.parse_args(argv)
	if args.short:
		args.users, args.duration = 10, 15
	args.accounts = args.accounts or min(args.users, 4 if args.short else args.users)
	return args


if __name__ == "__main__":
	sys.exit(asyncio.run(main(parse())))
