"""Who may edit a case note, and what an edit must keep.

A note is a record of what happened, written by one person: only its author edits it (a
supervisor adds a note of their own), and an edited note still needs a subject and text. The
earlier wording is kept in the note's history and the note says it was edited.
"""

from __future__ import annotations

PROBLEMS = ("not_author", "empty")


def edit_problem(author: str | None, user: str, subject: str, text: str) -> str | None:
	"""Why `user` cannot save this edit of a note written by `author` (one of PROBLEMS), or None."""
	if not author or author != user:
		return "not_author"
	if not (subject or "").strip() or not (text or "").strip():
		return "empty"
	return None
