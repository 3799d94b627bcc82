"""The client's own page: when its link works, which visits it answers, what a message may be."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine import client_page as cp

NOW = datetime(2026, 3, 10, 12, 0)
TOKEN, HASH = cp.new_token()


def problem(**kw):
	args = {
		"token": TOKEN,
		"stored_hash": HASH,
		"expires": NOW + timedelta(days=14),
		"case_closed": False,
		"now": NOW,
	}
	return cp.page_problem(**{**args, **kw})


def test_a_fresh_link_opens_the_page():
	assert problem() is None


def test_revoked_unknown_expired_and_closed_links_do_not():
	assert problem(stored_hash=None) == cp.INVALID  # revoked: the hash is cleared
	assert problem(token="guess") == cp.INVALID
	assert problem(token=None) == cp.INVALID
	assert problem(expires=NOW) == cp.EXPIRED
	assert problem(expires=None) == cp.EXPIRED
	assert problem(case_closed=True) == cp.CLOSED


@given(st.text(max_size=60), st.booleans(), st.integers(min_value=-100, max_value=100))
def test_a_wrong_token_says_nothing_else(token, closed, days):
	"""Whatever the case's state, a token that is not the link's is only INVALID."""
	if token == TOKEN:
		return
	assert problem(token=token, case_closed=closed, expires=NOW + timedelta(days=days)) == cp.INVALID


def test_only_the_cases_own_scheduled_future_visits_are_answered():
	later = NOW + timedelta(days=1)
	assert cp.visit_problem("CASE-1", "CASE-1", "Scheduled", later, NOW) is None
	assert cp.visit_problem("CASE-1", "CASE-1", "Scheduled", None, NOW) is None
	assert cp.visit_problem("CASE-2", "CASE-1", "Scheduled", later, NOW) == cp.NOT_THIS_CASE
	assert cp.visit_problem(None, "CASE-1", "Scheduled", later, NOW) == cp.NOT_THIS_CASE
	assert cp.visit_problem("CASE-1", "CASE-1", "Completed", later, NOW) == cp.CLOSED
	assert cp.visit_problem("CASE-1", "CASE-1", "Scheduled", NOW, NOW) == cp.PASSED


def test_messages():
	assert cp.message_problem("Can we meet on Friday?", 1000) is None
	assert cp.message_problem("   \n ", 1000) == "empty"
	assert cp.message_problem(None, 1000) == "empty"
	assert cp.message_problem("x" * 11, 10) == "too_long"
	assert cp.message_problem("x" * 10, 10) is None
	assert cp.clean_message(" a\x00b\x1b\nc\t ") == "ab\nc"


@given(st.text(max_size=300), st.integers(min_value=1, max_value=400))
def test_a_taken_message_is_never_empty_or_over_the_limit(text, limit):
	if cp.message_problem(text, limit) is None:
		kept = cp.clean_message(text)
		assert 0 < len(kept) <= limit
		assert all(ord(c) >= 32 or c == "\n" for c in kept)


@given(st.lists(st.sampled_from(["Not Started", "In Progress", "Achieved", "Not Achieved", None])))
def test_goal_progress_counts_done_among_goals_that_count(statuses):
	done, total = cp.goal_progress(statuses)
	assert 0 <= done <= total <= len(statuses)
	assert done == statuses.count("Achieved")


def test_goal_words_are_plain():
	assert cp.goal_words("In Progress") == "Working on it"
	assert cp.goal_words(None) == "Not started yet"
	assert cp.goal_words("Something else") == "Not started yet"
