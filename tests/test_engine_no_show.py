from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine import no_show

STATUSES = ["Scheduled", "Completed", "Missed", "Cancelled"]
RESPONSES = [None, "", "Confirmed", "Asked to reschedule", "Cancelled"]

visits_strategy = st.lists(
	st.fixed_dictionaries(
		{
			"caseworker": st.sampled_from([None, "a@example.com", "b@example.com"]),
			"status": st.sampled_from(STATUSES),
			"due_date": st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
			"scheduled_time": st.one_of(
				st.none(), st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31))
			),
			"reminder_sent": st.sampled_from([0, 1]),
			"sms_reminder_sent": st.sampled_from([0, 1]),
			"client_response": st.sampled_from(RESPONSES),
		}
	),
	max_size=60,
)


def visit(**kw):
	base = {
		"caseworker": "a@example.com",
		"status": "Missed",
		"due_date": date(2026, 3, 10),
		"scheduled_time": None,
		"reminder_sent": 0,
		"sms_reminder_sent": 0,
		"client_response": None,
	}
	return {**base, **kw}


def test_a_reminder_by_email_or_text_counts_and_only_confirmed_confirms():
	assert no_show.reminded(visit(reminder_sent=1))
	assert no_show.reminded(visit(sms_reminder_sent=1))
	assert not no_show.reminded(visit())
	assert no_show.confirmed(visit(client_response="Confirmed"))
	for answer in ("Asked to reschedule", "Cancelled", None, ""):
		assert not no_show.confirmed(visit(client_response=answer))


def test_rows_by_caseworker_month_reminder_and_confirmation():
	rows = no_show.tally(
		[
			visit(status="Missed"),
			visit(status="Completed", sms_reminder_sent=1, client_response="Confirmed"),
			visit(status="Missed", reminder_sent=1),
			visit(status="Completed", reminder_sent=1),
			visit(status="Cancelled", reminder_sent=1, due_date=date(2026, 4, 1)),
			visit(status="Scheduled", reminder_sent=1),  # no outcome yet: not counted
			# the booked time decides the month, not the due date
			visit(status="Completed", due_date=date(2026, 3, 31), scheduled_time=datetime(2026, 4, 2, 9)),
		]
	)
	got = [(r["month"], r["reminded"], r["confirmed"], r["visits"], r["missed"]) for r in rows]
	assert got == [
		("2026-03", True, True, 1, 0),
		("2026-03", True, False, 2, 1),
		("2026-03", False, False, 1, 1),
		("2026-04", True, False, 1, 0),
		("2026-04", False, False, 1, 0),
	]
	assert rows[1]["missed_rate"] == 0.5
	total = no_show.totals(rows)
	assert (total["visits"], total["missed"], total["cancelled"]) == (6, 2, 1)
	assert total["reminded_missed_rate"] == 1 / 4
	assert total["unreminded_missed_rate"] == 1 / 2
	assert total["confirmed_missed_rate"] == 0
	months, with_reminder, without = no_show.monthly_missed_rates(rows)
	assert months == ["2026-03", "2026-04"]
	assert with_reminder == [1 / 3, 0] and without == [1, 0]


def test_nothing_to_count():
	assert no_show.tally([]) == []
	total = no_show.totals([])
	assert total["visits"] == 0 and total["missed_rate"] is None
	assert no_show.monthly_missed_rates([]) == ([], [], [])
	assert no_show.rate(0, 0) is None
	with pytest.raises(ValueError):
		no_show.rate(3, 2)


def test_visit_day_reads_strings_dates_and_datetimes():
	assert no_show.visit_day("2026-05-01") == date(2026, 5, 1)
	assert no_show.visit_day(date(2026, 5, 1), "2026-06-02 10:00:00") == date(2026, 6, 2)
	assert no_show.visit_day(None, None) is None


@given(visits_strategy)
def test_every_visit_with_an_outcome_is_counted_once(visits):
	rows = no_show.tally(visits)
	with_outcome = [v for v in visits if v["status"] in no_show.OUTCOMES]
	assert sum(r["visits"] for r in rows) == len(with_outcome)
	for row in rows:
		assert row["completed"] + row["missed"] + row["cancelled"] == row["visits"] > 0
		assert 0 <= row["missed_rate"] <= 1
	keys = [(r["caseworker"] or "", r["month"], r["reminded"], r["confirmed"]) for r in rows]
	assert len(keys) == len(set(keys))  # a visit lands in exactly one row
	for outcome in no_show.OUTCOMES:
		assert sum(r[outcome.lower()] for r in rows) == sum(v["status"] == outcome for v in with_outcome)
	reminded = [v for v in with_outcome if v["reminder_sent"] or v["sms_reminder_sent"]]
	total = no_show.totals(rows)
	assert total["reminded_visits"] == len(reminded)
	assert total["reminded_visits"] + total["unreminded_visits"] == total["visits"]
	assert total["confirmed_visits"] == sum(v["client_response"] == "Confirmed" for v in with_outcome)
	for key, value in total.items():
		if key.endswith("_rate") and value is not None:
			assert 0 <= value <= 1
	months, with_reminder, without = no_show.monthly_missed_rates(rows)
	assert months == sorted({r["month"] for r in rows})
	for value in with_reminder + without:
		assert value is None or 0 <= value <= 1
