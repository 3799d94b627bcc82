"""Hostile and malformed input over real HTTP, against a site that `scripts/http-tests` serves
with gunicorn on loopback (demo data, demo passwords).

Fixtures:
- `api(user)`   an httpx client signed in as `user` (None: a guest)
- `db`          a direct connection to the site's database, for row counts and set-up reads
- `world`       records the demo users may act on: a caseworker's open case, its client, ...
- `row_counts()` the number of rows in every table of the app (and ToDo, Comment, Version,
                 Email Queue, Communication): compared before and after each hostile request

Run alone (with a site already served):
CM_BASE_URL=http://127.0.0.1:8765 CM_SITE_DIR=~/frappe-bench/sites/mysite pytest http_tests
"""

import json
import os
from pathlib import Path

import httpx
import pymysql
import pytest

DEMO_PASSWORD = "Demo-Case-2026"
EXTRA_TABLES = ("ToDo", "Comment", "Version", "Email Queue", "Communication", "Deleted Document")


def site_dir() -> Path:
	value = os.environ.get("CM_SITE_DIR")
	if not value:
		pytest.fail("CM_SITE_DIR is not set: run these tests through scripts/http-tests")
	return Path(value).expanduser()


@pytest.fixture(scope="session")
def base_url() -> str:
	url = os.environ.get("CM_BASE_URL")
	if not url:
		pytest.fail("CM_BASE_URL is not set: run these tests through scripts/http-tests")
	return url.rstrip("/")


@pytest.fixture(scope="session")
def db():
	path = site_dir()
	config = json.loads((path / "site_config.json").read_text())
	common = json.loads((path.parent / "common_site_config.json").read_text())
	connection = pymysql.connect(
		host=config.get("db_host") or common.get("db_host") or "127.0.0.1",
		port=int(config.get("db_port") or common.get("db_port") or 3306),
		user=config.get("db_user") or config["db_name"],
		password=config["db_password"],
		database=config["db_name"],
		autocommit=True,  # every read sees what the server has committed so far
		charset="utf8mb4",
	)
	yield connection
	connection.close()


def query(db, sql: str, args=()) -> list[tuple]:
	with db.cursor() as cursor:
		cursor.execute(sql, args)
		return list(cursor.fetchall())


@pytest.fixture(scope="session")
def app_tables(db) -> list[str]:
	doctypes = [
		r[0]
		for r in query(
			db, "select name from tabDocType where module = 'Case Management' and issingle = 0 order by name"
		)
	]
	return doctypes + list(EXTRA_TABLES)


@pytest.fixture(scope="session")
def row_counts(db, app_tables):
	sql = "select " + ", ".join(f"(select count(*) from `tab{t}`)" for t in app_tables)  # nosec: names from tabDocType

	def counts() -> dict[str, int]:
		return dict(zip(app_tables, query(db, sql)[0], strict=True))

	return counts


@pytest.fixture(scope="session")
def site_name() -> str:
	return site_dir().name


@pytest.fixture(scope="session")
def api(base_url, site_name):
	clients: dict = {}

	def _api(user: str | None) -> httpx.Client:
		if user in clients:
			return clients[user]
		client = httpx.Client(
			base_url=base_url,
			headers={"X-Frappe-Site-Name": site_name, "Accept": "application/json"},
			timeout=60,
		)
		if user:
			r = client.post("/api/method/login", json={"usr": user, "pwd": DEMO_PASSWORD})
			assert r.status_code == 200, f"cannot sign in as {user}: {r.status_code}"
		clients[user] = client
		return client

	yield _api
	for client in clients.values():
		client.close()


class World(dict):
	__getattr__ = dict.__getitem__


@pytest.fixture(scope="session")
def world(db) -> World:
	"""Demo records the corpus aims at: each user acts on what they may normally touch."""

	def one(sql, args=()):
		rows = query(db, sql, args)
		assert rows, f"demo data has nothing for: {sql}"
		return rows[0]

	team, supervisor = one(
		"select t.name, t.supervisor from `tabCaseworker Team` t where t.name like 'Demo Team%%' order by t.name"
	)
	case, client, caseworker = one(
		"""select c.name, c.client, c.caseworker from tabCase c where c.team = %s
		and c.workflow_state not in ('Closed', 'Intake') order by c.name""",
		(team,),
	)
	other = one(
		"""select m.user from `tabCaseworker Team Member` m where m.parent = %s and m.user != %s
		order by m.user""",
		(team, caseworker),
	)[0]
	partner, provider = one(
		"select u.user, u.parent from `tabService Provider User` u join tabUser x on x.name = u.user"
	)
	referral = one(
		"select name from tabReferral order by service_provider = %s desc, status = 'Sent' desc, name",
		(provider,),
	)[0]
	# The review queue may be empty on a small demo site: a name that does not exist is then
	# what the duplicate methods are asked about (they must refuse it just as cleanly).
	candidates = query(db, "select name from `tabDuplicate Candidate` order by status = 'Open' desc, name")
	candidate = candidates[0][0] if candidates else "DUP-NONE-0000"
	instrument = one("select name from `tabScoring Instrument` order by name")[0]
	enrolment, program, program_case, program_caseworker = one(
		"""select e.name, e.program, e.case, c.caseworker from `tabProgram Enrolment` e
		join tabCase c on c.name = e.case where e.status in ('Exited', 'Withdrawn', 'Declined')
		order by e.name"""
	)
	# A visit of that case (the scheduled one first): what the visit-link and offer methods aim at.
	visits = query(
		db,
		"select name from `tabFollow-up Visit` where `case` = %s order by status = 'Scheduled' desc, name",
		(case,),
	)
	visit = visits[0][0] if visits else "VIS-NONE-0000"
	program_manager = one(
		"select user from `tabProgram Manager User` where parent = %s order by user", (program,)
	)[0]
	return World(
		caseworker=caseworker,
		other_caseworker=other,
		supervisor=supervisor,
		partner=partner,
		provider=provider,
		case=case,
		client=client,
		referral=referral,
		visit=visit,
		candidate=candidate,
		instrument=instrument,
		enrolment=enrolment,
		program=program,
		program_case=program_case,
		program_caseworker=program_caseworker,
		program_manager=program_manager,
		# the demo's agency admin (case_management.demo): the only one who may see a whole
		# identity document number
		admin=one(
			"""select u.name from tabUser u join `tabHas Role` r on r.parent = u.name
			where r.role = 'Case Management Admin' and u.enabled = 1 and u.name like 'admin@%%'
			order by u.name"""
		)[0],
	)
