"""A program's capacity holds under concurrency, over real HTTP (gunicorn, 4 workers).

Ten times: a new program with 3 places, and 20 referrals of 20 different clients sent at
the same moment. Each referral locks the program's row before it counts the places, so the
answer is always exactly 3 Enrolled and 17 Waitlisted, the waitlist numbered 1 to 17, and
every request answered (no 500, no deadlock).
"""

import asyncio
import json
import secrets

import httpx
import pytest

from http_tests.conftest import query

ROUNDS = 10
REFERRALS = 20
CAPACITY = 3
ADMIN = "admin@demo.example.org"


@pytest.fixture(scope="module")
def admin(api):
	return api(ADMIN)


@pytest.fixture(scope="module")
def open_cases(db) -> list[str]:
	cases = [
		r[0]
		for r in query(
			db,
			"""select c.name from tabCase c where c.workflow_state not in ('Closed', 'Intake')
			order by c.name limit %s""",
			(REFERRALS,),
		)
	]
	if len(cases) < REFERRALS:
		pytest.fail(f"the demo site has {len(cases)} open cases; the test needs {REFERRALS}")
	return cases


async def refer_all(
	base_url: str, site: str, cookies, program: str, cases: list[str]
) -> list[httpx.Response]:
	limits = httpx.Limits(max_connections=REFERRALS, max_keepalive_connections=0)
	async with httpx.AsyncClient(
		base_url=base_url,
		headers={
			"X-Frappe-Site-Name": site,
			"Accept": "application/json",
			"Content-Type": "application/json",
		},
		cookies=cookies,
		timeout=120,
		limits=limits,
	) as client:
		start = asyncio.Event()

		async def one(case: str) -> httpx.Response:
			await start.wait()
			body = json.dumps({"case": case, "program": program})
			return await client.post("/api/method/case_management.api.programs.refer", content=body)

		tasks = [asyncio.create_task(one(case)) for case in cases]
		await asyncio.sleep(0.2)  # every request is ready; then all go at once
		start.set()
		return await asyncio.gather(*tasks)


def test_twenty_simultaneous_referrals_fill_three_places_and_waitlist_the_rest(
	admin, open_cases, db, base_url, site_name
):
	for round_ in range(1, ROUNDS + 1):
		program = f"Concurrency {round_} {secrets.token_hex(3)}"
		created = admin.post(
			"/api/resource/Program",
			json={
				"program_name": program,
				"capacity": CAPACITY,
				"is_active": 1,
				"waitlist_policy": "First come, first served",
				"services": [{"service": "Session", "unit": "Session"}],
			},
		)
		assert created.status_code == 200, created.text[:300]
		responses = asyncio.run(refer_all(base_url, site_name, admin.cookies, program, open_cases))
		failed = [(r.status_code, r.text[:200]) for r in responses if r.status_code != 200]
		assert failed == [], f"round {round_}: {failed}"
		statuses = dict(
			query(
				db,
				"select status, count(*) from `tabProgram Enrolment` where program = %s group by status",
				(program,),
			)
		)
		assert statuses == {"Enrolled": CAPACITY, "Waitlisted": REFERRALS - CAPACITY}, (
			f"round {round_}: {statuses}"
		)
		positions = sorted(
			r[0]
			for r in query(
				db,
				"select waitlist_position from `tabProgram Enrolment` where program = %s and status = 'Waitlisted'",
				(program,),
			)
		)
		assert positions == list(range(1, REFERRALS - CAPACITY + 1)), f"round {round_}: {positions}"
		# closed again, so that the other tests' pages do not list it among the open programs
		closed = admin.put(f"/api/resource/Program/{program}", json={"is_active": 0})
		assert closed.status_code == 200, closed.text[:300]
