"""The hostile and malformed input corpus, sent through the REST API.

Outcome policy (see SECURITY.md, "Hostile input"):
- "reject": a 4xx answer with a message that says what is wrong, and not one row written.
  Everything that is not a legitimate value ends here: wrong JSON types, empty required
  fields, text too long for its field, control characters, unpaired surrogates, characters
  that hide or reorder text in one-line fields, impossible or implausible dates (outside
  1900-2100), NaN, infinities, amounts too large for the column or negative incomes,
  malformed phones and emails, unknown fields, links to records that do not exist.
- "accept": the value is legitimate (names in any script, emoji, apostrophes, text that
  merely looks like SQL or a template): 2xx, one new row, stored exactly as given
  (or in its normal form: E.164 phones, NFC names), never executed or rendered. HTML in
  rich-text notes is stored sanitised (no script).
- "read": a list query with odd parameters: any 2xx or 4xx, never a 500, never a write.
"""

from dataclasses import dataclass, field

HUGE = "x" * 100_001
SQL = "'; DROP TABLE `tabClient`; --"
SQL_OR = "' OR '1'='1"
SCRIPT = "<script>alert(1)</script>"
NUL = "Ann\x00Lee"
SURROGATE = "Ann\ud800"
RTL_OVERRIDE = "\u202eeilrahC"
ZERO_WIDTH = "Ann\u200bLee"
TEMPLATE = "{{ frappe.db.sql('select 1') }}"


@dataclass
class Probe:
	id: str
	user: str | None  # a key of the `world` fixture (None: a guest)
	verb: str
	path: str
	body: dict | list | None = None
	params: dict | None = None
	expect: str = "reject"
	table: str | None = None  # for "accept": the doctype that gains exactly one row
	stored: dict = field(default_factory=dict)  # for "accept": field -> value read back
	absent: tuple = ()  # for "accept": text that must not be in the stored record


def variants(prefix, user, path, base, table, cases):
	"""One probe per (field, value, expect[, stored]) on top of a valid `base` body."""
	probes = []
	for i, case in enumerate(cases):
		fieldname, value, expect = case[:3]
		body = dict(base)
		if value is DROP:
			body.pop(fieldname, None)
		else:
			body[fieldname] = value
		stored = case[3] if len(case) > 3 else ({fieldname: value} if expect == "accept" else {})
		probes.append(
			Probe(
				f"{prefix}-{fieldname}-{i:02d}",
				user,
				"POST",
				path,
				body,
				expect=expect,
				table=table if expect == "accept" else None,
				stored=stored,
				absent=("<script",) if expect == "accept" else (),
			)
		)
	return probes


DROP = object()


def build(w) -> list[Probe]:
	probes: list[Probe] = []

	# Client: registered by a caseworker.
	client = {"first_name": "Hostile", "last_name": "Corpus", "date_of_birth": "1985-04-12"}
	probes += variants(
		"client",
		"caseworker",
		"/api/resource/Client",
		client,
		"Client",
		[
			("first_name", DROP, "reject"),
			("first_name", "", "reject"),
			("first_name", "   ", "reject"),
			("first_name", None, "reject"),
			("first_name", 123, "reject"),
			("first_name", 12.5, "reject"),
			("first_name", True, "reject"),
			("first_name", ["Ann"], "reject"),
			("first_name", {"$ne": None}, "reject"),
			("first_name", "x" * 141, "reject"),
			("first_name", HUGE, "reject"),
			("first_name", NUL, "reject"),
			("first_name", SURROGATE, "reject"),
			("first_name", RTL_OVERRIDE, "reject"),
			("first_name", ZERO_WIDTH, "reject"),
			("first_name", "Ann\nLee", "reject"),
			("first_name", "\x1b[31mred", "reject"),
			("first_name", "\ufeffAnn", "reject"),
			("first_name", "محمد", "accept"),
			("first_name", "שרה", "accept"),
			("first_name", "李小龙", "accept"),
			("first_name", "Zoe\u0308", "accept", {"first_name": "Zoë"}),
			("first_name", "👩\u200d👩\u200d👧", "accept"),
			("first_name", "  Mary   Ann  ", "accept", {"first_name": "Mary Ann"}),
			("last_name", "O'Brien-Smith", "accept"),
			("last_name", SQL, "accept"),
			("last_name", TEMPLATE, "accept"),
			("last_name", "%s %(name)s", "accept"),
			("middle_name", "x" * 140, "reject"),  # the full name would not fit its field
			("middle_name", "x" * 60, "accept"),
			("date_of_birth", "0000-00-00", "reject"),
			("date_of_birth", "2026-02-30", "reject"),
			("date_of_birth", "2025-02-29", "reject"),
			("date_of_birth", "1990-13-01", "reject"),
			("date_of_birth", "9999-12-31", "reject"),
			("date_of_birth", "2999-01-01", "reject"),
			("date_of_birth", "1800-01-01", "reject"),
			("date_of_birth", "0001-01-01", "reject"),
			("date_of_birth", "not a date", "reject"),
			("date_of_birth", 19900101, "reject"),
			("date_of_birth", "1990-01-01" + SQL, "reject"),
			("date_of_birth", "1900-01-01", "accept"),
			("phone", "abc", "reject"),
			("phone", "+1", "reject"),
			("phone", "1" * 30, "reject"),
			("phone", "555", "reject"),
			("phone", SCRIPT, "reject"),
			("phone", SQL, "reject"),
			("phone", 2025550143, "reject"),
			("phone", "(202) 555-0143", "accept", {"phone": "+12025550143"}),
			("phone", "+44 20 7946 0958", "accept", {"phone": "+442079460958"}),
			("email", "not-an-email", "reject"),
			("email", "a@", "reject"),
			("email", "@example.org", "reject"),
			("email", "a b@example.org", "reject"),
			("email", "x" * 140 + "@example.org", "reject"),
			("email", SCRIPT + "@example.org", "reject"),
			("email", "ana.lopez+intake@example.org", "accept"),
			("gender", "Alien", "reject"),
			("gender", SQL_OR, "reject"),
			("status", "Hacked", "reject"),
			("disabled", 2, "reject"),
			("ok_to_sms", "yes", "reject"),
			("country", "Atlantis", "reject"),
			("language", SQL_OR, "reject"),
			("consent_notes", "x" * 10_001, "reject"),
			("consent_notes", "Ann\x07", "reject"),
			("consent_notes", "Line one\nLine two — ok", "accept"),
			("is_admin", 1, "reject"),
			("password", "hunter2", "reject"),
			("first_name; drop table tabClient", "x", "reject"),
			("emergency_contacts", "Mother", "reject"),
			("emergency_contacts", [1, 2], "reject"),
			("emergency_contacts", [{"full_name": ""}], "reject"),
			("emergency_contacts", [{"full_name": "Mom", "phone": "abc"}], "reject"),
			("emergency_contacts", [{"full_name": "Mom", "relationship": "Overlord"}], "reject"),
			("emergency_contacts", [{"full_name": "Mom", "secret": 1}], "reject"),
		],
	)

	# Case: opened by a caseworker.
	case = {"client": w.client, "caseworker": w.caseworker, "intake_date": "2026-01-05"}
	probes += variants(
		"case",
		"caseworker",
		"/api/resource/Case",
		case,
		"Case",
		[
			("client", "CL-NOPE-0000", "reject"),
			("client", SQL_OR, "reject"),
			("client", {"$ne": None}, "reject"),
			("caseworker", "Administrator", "reject"),
			("caseworker", "Guest", "reject"),
			("caseworker", "nobody@example.org", "reject"),
			("caseworker", SCRIPT, "reject"),
			("intake_date", "0000-00-00", "reject"),
			("intake_date", "2026-02-30", "reject"),
			("intake_date", "9999-01-01", "reject"),
			("intake_date", "", "reject"),
			("risk_level", "Extreme", "reject"),
			("monthly_household_income", "NaN", "reject"),
			("monthly_household_income", "Infinity", "reject"),
			("monthly_household_income", 1e20, "reject"),
			("household_size", 2**40, "reject"),
			("household_size", "three", "reject"),
			("vulnerability_score", [1], "reject"),
			("checklist", "all done", "reject"),
			("hack", 1, "reject"),
		],
	)

	# Household member with income rows.
	member = {
		"client": w.client,
		"relationship": "Child",
		"first_name": "Hostile",
		"last_name": "Kid",
		"date_of_birth": "2016-03-03",
		"income": [{"source": "Child support", "amount": 100, "frequency": "Monthly"}],
	}

	def income(**row):
		return [{"source": "Child support", "amount": 100, "frequency": "Monthly", **row}]

	probes += variants(
		"member",
		"caseworker",
		"/api/resource/Household Member",
		member,
		"Household Member",
		[
			("income", income(amount=-5), "reject"),
			("income", income(amount=-0.01), "reject"),
			("income", income(amount=1e20), "reject"),
			("income", income(amount="1e308"), "reject"),
			("income", income(amount="NaN"), "reject"),
			("income", income(amount="Infinity"), "reject"),
			("income", income(amount="abc"), "reject"),
			("income", income(amount=None), "reject"),
			("income", income(amount=True), "reject"),
			("income", income(amount=[100]), "reject"),
			("income", income(frequency="Hourly"), "reject"),
			("income", income(frequency=""), "reject"),
			("income", income(source=SQL), "reject"),
			("income", income(notes="x" * 10_001), "reject"),
			("income", income(unknown=1), "reject"),
			("income", "lots", "reject"),
			("income", [{"amount": 5}], "accept", {}),  # source and frequency take their defaults
			("relationship", "Overlord", "reject"),
			("relationship", "", "reject"),
			("date_of_birth", "0000-00-00", "reject"),
			("date_of_birth", "2016-02-30", "reject"),
			("date_of_birth", "3016-01-01", "reject"),
			("first_name", "", "reject"),
			("first_name", NUL, "reject"),
			("client", "CL-NOPE-0000", "reject"),
			("client", SQL_OR, "reject"),
			("age", "old", "reject"),
			("income", income(amount="1234.56"), "accept", {}),
			("first_name", "Amélie-Zoë", "accept"),
		],
	)

	# Case notes: rich text, so HTML is kept but sanitised.
	note = {
		"case": w.case,
		"subject": "Hostile corpus",
		"note": "<p>Visit went well.</p>",
		"note_date": "2026-03-03 10:00:00",
	}
	probes += variants(
		"note",
		"caseworker",
		"/api/resource/Case Note",
		note,
		"Case Note",
		[
			("note_date", "0000-00-00 00:00:00", "reject"),
			("note_date", "2026-02-30 10:00:00", "reject"),
			("note_date", "2026-03-03 25:00:00", "reject"),
			("note_date", "tomorrow", "reject"),
			("note_date", "9999-12-31 23:59:59", "reject"),
			("subject", "", "reject"),
			("subject", "x" * 141, "reject"),
			("subject", "Ann\x00", "reject"),
			("subject", RTL_OVERRIDE, "reject"),
			("note", "", "reject"),
			("note", HUGE, "reject"),
			("note", SURROGATE, "reject"),
			("note_type", "Séance", "reject"),
			("is_restricted", 5, "reject"),
			("case", "CASE-NOPE-0000", "reject"),
			("case", SQL_OR, "reject"),
			("note", SCRIPT + "<p>ok</p>", "accept", {}),
			("note", '<img src=x onerror="alert(1)"><p>ok</p>', "accept", {}),
			("note", "<p>مرحبا — שלום — 👋🏽</p>", "accept", {}),
			("subject", SQL, "accept"),
			("subject", TEMPLATE, "accept"),
		],
	)

	visit = {"case": w.case, "due_date": "2026-12-01", "mode": "Home visit"}
	probes += variants(
		"visit",
		"caseworker",
		"/api/resource/Follow-up Visit",
		visit,
		"Follow-up Visit",
		[
			("due_date", "0000-00-00", "reject"),
			("due_date", "2026-02-30", "reject"),
			("due_date", "9999-12-31", "reject"),
			("due_date", "", "reject"),
			("due_date", 20261201, "reject"),
			("status", "Teleported", "reject"),
			("mode", "Carrier pigeon", "reject"),
			("scheduled_time", "2026-12-01 99:99:00", "reject"),
			("scheduled_time", "0000-00-00 00:00:00", "reject"),
			("notes", "x" * 10_001, "reject"),
			("notes", "Ann\x00", "reject"),
			("case", "CASE-NOPE-0000", "reject"),
			("notes", "Bring the interpreter — المترجم", "accept"),
		],
	)

	referral = {
		"case": w.case,
		"service_provider": w.provider,
		"reason": "Needs food support",
		"urgency": "Routine",
	}
	probes += variants(
		"referral",
		"caseworker",
		"/api/resource/Referral",
		referral,
		"Referral",
		[
			("service_provider", "Nope Pantry", "reject"),
			("service_provider", SQL_OR, "reject"),
			("urgency", "Yesterday", "reject"),
			("reason", "", "reject"),
			("reason", "x" * 10_001, "reject"),
			("due_date", "0000-00-00", "reject"),
			("due_date", "2026-02-30", "reject"),
			("status", "Exploded", "reject"),
			("case", {"name": w.case}, "reject"),
			("reason", SCRIPT, "accept", {"reason": "&lt;script&gt;alert(1)&lt;/script&gt;"}),
		],
	)

	assessment = {"case": w.case, "instrument": w.instrument, "assessment_date": "2026-03-01"}
	probes += variants(
		"assessment",
		"caseworker",
		"/api/resource/Vulnerability Assessment",
		assessment,
		"Vulnerability Assessment",
		[
			("instrument", "Nope Index", "reject"),
			("assessment_date", "0000-00-00", "reject"),
			("assessment_date", "2026-02-30", "reject"),
			("answers", "all yes", "reject"),
			("answers", [{"question": "nope", "answer": SQL}], "reject"),
			("total_score", "NaN", "reject"),
			("household_size", -(2**40), "reject"),
		],
	)

	# Updates of the caseworker's own client: refused, and the record unchanged.
	for i, body in enumerate(
		[
			{"first_name": ""},
			{"first_name": None},
			{"date_of_birth": "0000-00-00"},
			{"date_of_birth": "2026-02-30"},
			{"phone": "abc"},
			{"email": "nope"},
			{"first_name": NUL},
			{"last_name": SURROGATE},
			{"first_name": 42},
			{"unknown": 1},
			{"emergency_contacts": "none"},
			{"modified": "2000-01-01 00:00:00"},
		]
	):
		probes.append(
			Probe(f"client-update-{i:02d}", "caseworker", "PUT", f"/api/resource/Client/{w.client}", body)
		)

	# List queries with odd parameters: an answer or a refusal, never a 500 or a write.
	for i, params in enumerate(
		[
			{"filters": '[["first_name", "like", "%\' or 1=1 --"]]'},
			{"filters": '{"name": ["in", "x"]}'},
			{"filters": "not json"},
			{"filters": '[["first_name", "nope-op", "x"]]'},
			{"fields": '["password"]'},
			{"fields": '["`tabUser`.name"]'},
			{"fields": "not json"},
			{"order_by": "name; drop table tabClient"},
			{"order_by": "(select 1)"},
			{"limit_page_length": "-1"},
			{"limit_page_length": "abc"},
			{"limit_start": "-5"},
			{"limit": "1e9"},
			{"filters": '[["date_of_birth", "=", "0000-00-00"]]'},
			{"filters": '[["first_name", "=", "\\u0000"]]'},
		]
	):
		probes.append(
			Probe(
				f"client-list-{i:02d}",
				"caseworker",
				"GET",
				"/api/resource/Client",
				params=params,
				expect="read",
			)
		)
	# The Client Access Log is written by the app alone: nobody creates or edits an entry.
	for i, (user, body) in enumerate(
		[
			("caseworker", {"kind": "Intake search", "user": "someone@example.com"}),
			("supervisor", {"kind": "Duplicate hint", "query": "{}"}),
			("partner", {"kind": "Intake search"}),
			(None, {"kind": "Intake search"}),
		]
	):
		probes.append(
			Probe(f"access-log-create-{i:02d}", user, "POST", "/api/resource/Client Access Log", body)
		)
	probes.append(
		Probe(
			"access-log-list-caseworker",
			"caseworker",
			"GET",
			"/api/resource/Client Access Log",
			expect="read",
		)
	)
	# The opt-out list (Text Opt-out) is written by the inbound-text job alone: nobody creates an
	# entry by hand, not even an admin (a number opts out or in by texting STOP or START).
	for i, (user, body) in enumerate(
		[
			("admin", {"number": "+12025550100", "opted_out": 0, "source": "by hand"}),
			("caseworker", {"number": "+12025550100", "opted_out": 1}),
			("supervisor", {"number": "not a number", "opted_out": "yes"}),
			("partner", {"number": "+12025550100"}),
			(None, {"number": "+12025550100", "opted_out": 0}),
			("admin", {"number": SQL, "source": SCRIPT}),
		]
	):
		probes.append(Probe(f"opt-out-create-{i:02d}", user, "POST", "/api/resource/Text Opt-out", body))
	for user in ("caseworker", "supervisor", "partner", None):
		probes.append(
			Probe(
				f"opt-out-list-{user or 'guest'}",
				user,
				"GET",
				"/api/resource/Text Opt-out",
				params={"fields": '["number", "source"]', "filters": '[["opted_out", "=", 1]]'},
				expect="read",
			)
		)
	return probes
