"""How specific an intake search must be, so that finding a returning client across caseloads
never becomes a way to browse the client list.

A search finds a returning person when it carries a full phone number, or whole names: at least
a first and a last name, or one name with the birth date. Each name is matched as a whole word
of the client's name, so "Jo" never lists every John, Joan and Jones; a word shorter than two
letters is not a name. Each search counts against a per-user limit (see
`services/access_log.py`), and every search is logged for the supervisor.
"""

from __future__ import annotations

from case_management.engine.i18n import _lt

MIN_WORD = 2

PROBLEMS = {  # translated where they are said (api/intake.py)
	"short_word": _lt("Each name must have at least two letters."),
	"not_enough": _lt("Search with a phone number, a name and a birth date, or a first and last name."),
}


def search_problem(words: list[str], has_birth_date: bool, has_phone: bool) -> str | None:
	"""None when the search is specific enough, else the code of what is missing.

	>>> search_problem(["Grace", "Mbeki"], False, False) is None
	True
	>>> search_problem(["Grace"], True, False) is None
	True
	>>> search_problem(["Gr"], False, False)
	'not_enough'
	>>> search_problem(["G", "Mbeki"], False, False)
	'short_word'
	>>> search_problem([], False, True) is None
	True
	"""
	if any(len(w) < MIN_WORD for w in words):
		return "short_word"
	if has_phone:
		return None
	if words and has_birth_date:
		return None
	if len(words) >= 2:
		return None
	return "not_enough"


def whole_word_patterns(word: str) -> list[str]:
	"""LIKE patterns that match `word` as a whole word of a name (at its start, end, middle, or
	as the whole name), with LIKE's own wildcards escaped.

	>>> whole_word_patterns("Ann")
	['Ann', 'Ann %', '% Ann', '% Ann %']
	>>> whole_word_patterns("50%")[0]
	'50\\\\%'
	"""
	w = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
	return [w, f"{w} %", f"% {w}", f"% {w} %"]


def over_limit(count: int, limit: int) -> bool:
	"""Has a user made more searches in the window than the agency allows? (0: no limit)

	>>> over_limit(61, 60), over_limit(60, 60), over_limit(1000, 0)
	(True, False, False)
	"""
	return limit > 0 and count > limit
