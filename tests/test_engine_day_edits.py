"""The rules behind the portal's bookings, note edits and referral services (issue 19, item 2)."""

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.case_notes import edit_problem
from case_management.engine.referrals import service_choice
from case_management.engine.visit_booking import NOTICE_STATES, booking_problem, notice_state, week_days

NOW = datetime(2026, 3, 10, 9, 30)


def test_a_new_visit_is_booked_at_a_time_to_come_within_a_year():
	assert booking_problem(NOW + timedelta(hours=2), NOW) is None
	assert booking_problem(NOW - timedelta(minutes=1), NOW) == "in_past"
	assert booking_problem(NOW + timedelta(days=367), NOW) == "too_far"
	assert booking_problem(NOW + timedelta(days=366), NOW) is None


def test_only_a_scheduled_visit_moves_and_an_open_visit_is_moved_not_doubled():
	assert booking_problem(NOW + timedelta(days=1), NOW, status="Scheduled") is None
	for status in ("Completed", "Missed", "Cancelled"):
		assert booking_problem(NOW + timedelta(days=1), NOW, status=status) == "not_scheduled"
	assert booking_problem(NOW + timedelta(days=1), NOW, other_open_due=date(2026, 3, 20)) == "already_open"
	# moving the open visit itself is not a second open visit
	assert booking_problem(NOW + timedelta(days=1), NOW, "Scheduled", date(2026, 3, 20)) is None


@given(st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_the_notice_state_is_always_one_of_its_states(booked, pending, reminded, email, text):
	state = notice_state(booked, pending, reminded, email, text)
	assert state in NOTICE_STATES
	if not booked:
		assert state == "no_time"
	elif not (email or text):
		assert state == "not_told"  # never claims a message the app may not send


def test_the_notice_state_follows_the_message():
	assert notice_state(True, True, False, True, False) == "notice_waiting"
	assert notice_state(True, False, False, False, True) == "told"
	assert notice_state(True, False, True, True, True) == "reminded"


def test_a_week_is_seven_days():
	assert week_days(date(2026, 3, 10)) == (date(2026, 3, 10), date(2026, 3, 16))


def test_only_the_author_edits_a_note_and_it_keeps_text():
	assert edit_problem("a@example.org", "a@example.org", "Visit", "Seen at home") is None
	assert edit_problem("a@example.org", "b@example.org", "Visit", "Seen at home") == "not_author"
	assert edit_problem(None, "a@example.org", "Visit", "x") == "not_author"
	assert edit_problem("a@example.org", "a@example.org", "  ", "x") == "empty"
	assert edit_problem("a@example.org", "a@example.org", "Visit", "\n") == "empty"


def test_a_referral_service_is_one_the_provider_offers():
	offered = ["Emergency food", "Rent assistance"]
	assert service_choice("Emergency food", offered) == ("Emergency food", None)
	assert service_choice("  emergency   FOOD ", offered) == ("Emergency food", None)
	assert service_choice("Haircut", offered) == (None, "not_offered")
	assert service_choice("", offered) == (None, None)
	assert service_choice(None, []) == (None, None)
	assert service_choice("Emergency food", []) == (None, "none_offered")


@given(st.lists(st.text(min_size=1, max_size=20), max_size=5), st.text(max_size=20))
def test_a_chosen_service_is_always_spelled_as_the_provider_spells_it(offered, wanted):
	chosen, problem = service_choice(wanted, offered)
	assert (chosen is None) or (chosen in offered and problem is None)
