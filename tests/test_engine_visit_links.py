"""Clients' visit links: when a link works, which times may be offered, which channel is allowed."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine import visit_links as vl

NOW = datetime(2026, 3, 10, 12, 0)
TOKEN, HASH = vl.new_token()
minutes = st.integers(min_value=-60 * 24 * 30, max_value=60 * 24 * 30)


def problem(**kw):
	args = {
		"token": TOKEN,
		"stored_hash": HASH,
		"expires": NOW + timedelta(days=7),
		"status": "Scheduled",
		"visit_time": NOW + timedelta(days=1),
		"now": NOW,
	}
	return vl.link_problem(**{**args, **kw})


def test_a_fresh_link_for_a_scheduled_future_visit_works():
	assert problem() is None


def test_the_token_is_stored_only_as_its_hash():
	token, stored = vl.new_token()
	assert token not in stored and stored == vl.hash_token(token) and len(token) >= 40


def test_refusals():
	other_token, other_hash = vl.new_token()
	assert problem(token=other_token) == vl.INVALID  # another visit's link
	assert problem(stored_hash=None) == vl.INVALID  # revoked
	assert problem(token="") == vl.INVALID
	assert problem(expires=NOW) == vl.EXPIRED
	assert problem(expires=None) == vl.EXPIRED
	assert problem(status="Completed") == vl.CLOSED
	assert problem(visit_time=NOW - timedelta(minutes=1)) == vl.PASSED


def test_a_wrong_token_says_nothing_about_the_visit():
	# Expired, closed and passed all look the same to someone without the token.
	assert problem(token="guess", expires=NOW, status="Missed", visit_time=NOW) == vl.INVALID


@given(expires_in=minutes, visit_in=minutes)
def test_a_link_works_exactly_while_unexpired_and_before_the_visit(expires_in, visit_in):
	answer = problem(
		expires=NOW + timedelta(minutes=expires_in), visit_time=NOW + timedelta(minutes=visit_in)
	)
	assert (answer is None) == (expires_in > 0 and visit_in > 0)


@given(days=st.integers(min_value=-5, max_value=400))
def test_expiry_is_at_least_a_day_and_follows_the_setting(days):
	expires = vl.link_expiry(NOW, days)
	assert expires - NOW == timedelta(days=max(1, days))


@given(offsets=st.lists(st.integers(min_value=-1000, max_value=600 * 24 * 60), max_size=5))
def test_which_times_may_be_offered(offsets):
	times = [NOW + timedelta(minutes=m) for m in offsets]
	answer = vl.offer_problem(times, NOW)
	allowed = (
		len(times) <= 3
		and all(NOW < t <= NOW + timedelta(days=366) for t in times)
		and len(set(times)) == len(times)
	)
	assert (answer is None) == allowed


def test_offer_reasons():
	later = NOW + timedelta(days=2)
	assert vl.offer_problem([], NOW) is None
	assert vl.offer_problem([later + timedelta(hours=h) for h in range(4)], NOW) == "too_many"
	assert vl.offer_problem([NOW], NOW) == "past"
	assert vl.offer_problem([NOW + timedelta(days=400)], NOW) == "too_far"
	assert vl.offer_problem([later, later], NOW) == "repeated"


def test_answers():
	offered = [NOW + timedelta(days=2), NOW + timedelta(days=3)]
	assert vl.answer_problem("confirm", None, None, [], NOW) is None
	assert vl.answer_problem("cancel", None, None, [], NOW) is None
	assert vl.answer_problem("delete", None, None, [], NOW) == "unknown_action"
	assert vl.answer_problem("reschedule", None, "  ", offered, NOW) == "choose_or_write"
	assert vl.answer_problem("reschedule", offered[1], None, offered, NOW) is None
	assert vl.answer_problem("reschedule", NOW + timedelta(days=9), None, offered, NOW) == "not_offered"
	assert vl.answer_problem("reschedule", None, "Tuesday after 3pm", offered, NOW) is None
	assert vl.answer_problem("reschedule", None, "x" * 201, offered, NOW) == "too_long"
	past = [NOW - timedelta(hours=1)]
	assert vl.answer_problem("reschedule", past[0], None, past, NOW) == "offer_passed"


@given(chosen=st.integers(min_value=0, max_value=5), count=st.integers(min_value=0, max_value=3))
def test_only_an_offered_time_can_be_chosen(chosen, count):
	offered = [NOW + timedelta(days=d + 1) for d in range(count)]
	pick = NOW + timedelta(days=chosen + 1)
	answer = vl.answer_problem("reschedule", pick, None, offered, NOW)
	assert (answer is None) == (pick in offered)


@given(
	phone=st.sampled_from(["", "+12025550100"]),
	ok_to_sms=st.booleans(),
	safe=st.booleans(),
	opted_out=st.booleans(),
	email=st.sampled_from(["", "a@example.com"]),
	ok_to_email=st.booleans(),
)
def test_which_channel_is_allowed(phone, ok_to_sms, safe, opted_out, email, ok_to_email):
	facts = {
		"phone": phone,
		"ok_to_sms": ok_to_sms,
		"safe_to_text": safe,
		"opted_out": opted_out,
		"email": email,
		"ok_to_email": ok_to_email,
	}
	sms_ok = vl.channel_problem(vl.SMS, **facts) is None
	assert sms_ok == bool(phone and ok_to_sms and safe and not opted_out)
	assert (vl.channel_problem(vl.EMAIL, **facts) is None) == bool(email and ok_to_email)
	assert vl.channel_problem("Post", **facts) == "unknown_channel"


def test_first_name_only():
	assert vl.first_name("Maria José Ortega") == "Maria"
	assert vl.first_name(None) == ""
