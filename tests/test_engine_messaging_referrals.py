from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.messaging import (
	Recipient,
	backoff,
	crosses_trigger,
	empty_placeholders,
	in_quiet_hours,
	placeholders,
	routine_send_time,
	safety_recipients,
)
from case_management.engine.referrals import (
	PARTNER_ACTIONS,
	TRANSITIONS,
	can_move,
	hash_token,
	is_overdue,
	new_token,
	partner_actions,
	token_matches,
)

LEVELS = [None, "Low", "Medium", "High", "Critical"]


def test_trigger_crossing():
	assert crosses_trigger("Medium", "High", "High")
	assert crosses_trigger(None, "Critical", "High")
	assert not crosses_trigger("High", "Critical", "High")  # already at or above: no new alert
	assert not crosses_trigger("Low", "Medium", "High")
	assert not crosses_trigger("Critical", "Low", "High")


@given(st.sampled_from(LEVELS), st.sampled_from(LEVELS), st.sampled_from(LEVELS[1:]))
def test_a_trigger_fires_only_on_the_way_up(before, after, trigger):
	if crosses_trigger(before, after, trigger):
		assert not crosses_trigger(after, before, trigger)


def test_safety_recipients_respect_safe_to_text():
	contacts = [
		{"full_name": "Aunt", "phone": "+12025550111", "receives_safety_alerts": 1},
		{"full_name": "Ex", "phone": "+12025550122", "receives_safety_alerts": 0},
		{"full_name": "No phone", "phone": None, "receives_safety_alerts": 1},
		{"full_name": "Same number", "phone": "+12025550111", "receives_safety_alerts": 1},
	]
	unsafe = {"full_name": "Client", "phone": "+12025550100", "safe_to_text": 0}
	assert safety_recipients(unsafe, contacts) == [Recipient("Emergency contact", "Aunt", "+12025550111")]
	safe = dict(unsafe, safe_to_text=1)
	assert [r.kind for r in safety_recipients(safe, contacts)] == ["Client", "Emergency contact"]
	assert safety_recipients({"safe_to_text": 1, "phone": None}, []) == []


@given(st.booleans(), st.lists(st.tuples(st.booleans(), st.sampled_from(["+1", "+2", None]))))
def test_an_unsafe_client_phone_is_never_texted(safe, contacts):
	client = {"full_name": "C", "phone": "+100", "safe_to_text": safe}
	rows = [{"full_name": "x", "phone": p, "receives_safety_alerts": r} for r, p in contacts]
	recipients = safety_recipients(client, rows)
	assert any(r.kind == "Client" for r in recipients) == safe
	assert len({r.phone for r in recipients}) == len(recipients)


def test_backoff_doubles_up_to_a_cap():
	assert [backoff(n).seconds // 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
	assert backoff(20) == timedelta(minutes=60)


def test_quiet_hours_across_midnight():
	start, end = time(21), time(8)
	assert in_quiet_hours(time(23, 30), start, end) and in_quiet_hours(time(7, 59), start, end)
	assert not in_quiet_hours(time(8), start, end) and not in_quiet_hours(time(20, 59), start, end)
	assert not in_quiet_hours(time(3), None, end)
	assert routine_send_time(datetime(2026, 11, 22, 23, 0), start, end) == datetime(2026, 11, 23, 8, 0)
	assert routine_send_time(datetime(2026, 11, 22, 6, 0), start, end) == datetime(2026, 11, 22, 8, 0)
	assert routine_send_time(datetime(2026, 11, 22, 12, 0), start, end) == datetime(2026, 11, 22, 12, 0)
	assert in_quiet_hours(time(13), time(12), time(14)) and not in_quiet_hours(time(15), time(12), time(14))


def test_referral_lifecycle():
	assert can_move("Draft", "Sent") and can_move("Sent", "Accepted") and can_move("Accepted", "In Progress")
	assert (
		can_move("In Progress", "Completed") and can_move("Sent", "Declined") and can_move("Draft", "Draft")
	)
	assert (
		not can_move("Draft", "Completed")
		and not can_move("Completed", "Sent")
		and not can_move("Declined", "Accepted")
	)
	assert partner_actions("Sent") == ["accept", "decline"]
	assert partner_actions("Accepted") == ["start", "complete"]
	assert partner_actions("Completed") == [] and partner_actions("Draft") == []
	assert set(PARTNER_ACTIONS.values()) <= set(TRANSITIONS)


def test_overdue():
	today = date(2026, 11, 22)
	assert is_overdue("Sent", date(2026, 11, 21), today)
	assert not is_overdue("Sent", today, today) and not is_overdue("Accepted", date(2026, 1, 1), today)
	assert not is_overdue("Sent", None, today)


def test_tokens():
	token, stored = new_token()
	assert len(token) >= 40 and stored == hash_token(token) and token not in stored
	assert token_matches(token, stored)
	other, _ = new_token()
	assert not token_matches(other, stored)
	assert (
		not token_matches(None, stored) and not token_matches(token, None) and not token_matches("", stored)
	)


def test_a_referral_under_way_is_one_that_was_sent_and_not_declined_or_cancelled():
	from case_management.engine.referrals import under_way

	assert not under_way([])
	assert not under_way(["Draft", "Declined", "Cancelled"])
	assert under_way(["Declined", "Sent"])
	assert under_way(["Completed"])  # a finished referral still counts towards activation


def test_placeholders_and_the_empty_ones():
	text = "Alert about {{ client_first_name | e }}. Please call {{agency_phone}} ({{ agency_phone }})."
	assert placeholders(text) == ["client_first_name", "agency_phone"]
	assert empty_placeholders(text, {"client_first_name": "Ana", "agency_phone": " "}) == ["agency_phone"]
	assert empty_placeholders(text, {"client_first_name": "Ana", "agency_phone": "555"}) == []
	assert empty_placeholders(text, {}) == ["client_first_name", "agency_phone"]
	assert placeholders(None) == [] and placeholders("{{ a or b }}") == []


@given(st.text(alphabet="abc_ ", max_size=12))
def test_a_filled_placeholder_is_never_reported_empty(value):
	result = empty_placeholders("Call {{ agency_phone }}", {"agency_phone": value})
	assert result == ([] if value.strip() else ["agency_phone"])
