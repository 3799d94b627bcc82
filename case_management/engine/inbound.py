"""Texts clients send back: is the request genuine, what does the reply mean, what is done.

The SMS gateway posts each incoming text to the app's webhook as JSON, signed with a secret
both sides know: HMAC-SHA256 over ``<timestamp>.<raw body>``, hex-encoded. `check_signature`
decides whether to believe a request; `meaning` reads the reply (English and Spanish, any
case, accents and punctuation); `decide` says what to do given how many clients carry the
sender's number. Nothing here imports frappe.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from case_management.engine.i18n import _

CONFIRM, RESCHEDULE, OPT_OUT, OPT_IN, HELP, FREE_TEXT = (
	"Confirm",
	"Reschedule",
	"Opt out",
	"Opt in",
	"Help",
	"Free text",
)
MEANINGS = (CONFIRM, RESCHEDULE, OPT_OUT, OPT_IN, HELP, FREE_TEXT)

# Whole-message keywords, after `normalize_reply`. Opt-out words are the ones US carriers and
# gateways honour (CTIA) and their usual Spanish forms. A keyword counts only as the whole
# message: "cancel my appointment" is a message for the caseworker, not an opt-out.
KEYWORDS = {
	**dict.fromkeys(("C", "YES", "Y", "SI", "CONFIRM", "CONFIRMAR", "CONFIRMO"), CONFIRM),
	**dict.fromkeys(("R", "RESCHEDULE", "CAMBIAR", "REPROGRAMAR"), RESCHEDULE),
	**dict.fromkeys(
		("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ALTO", "PARAR", "BAJA"), OPT_OUT
	),
	**dict.fromkeys(("START", "UNSTOP", "ALTA"), OPT_IN),
	**dict.fromkeys(("HELP", "INFO", "AYUDA"), HELP),
}
# YES from a number that has opted out means "text me again", as gateways and carriers read it
# (Twilio re-subscribes on YES); there was no reminder since the STOP for it to confirm.
OPT_IN_WHEN_STOPPED = {"YES", "Y", "SI"}

MAX_BODY_BYTES = 16 * 1024
MAX_TEXT_CHARS = 1600  # ten concatenated SMS segments; a longer "text" is not one
_NOT_WORD = re.compile(r"[^A-Z0-9]+")
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def normalize_reply(text: str | None) -> str:
	"""Upper case, accents removed, punctuation and spacing collapsed: "  ¡Sí! " -> "SI"."""
	decomposed = unicodedata.normalize("NFKD", text or "")
	plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()
	return " ".join(_NOT_WORD.sub(" ", plain).split())


def meaning(text: str | None, opted_out: bool = False) -> str:
	"""What a reply asks for: one of MEANINGS. Two-word forms such as "STOP ALL" count as
	their keyword ("STOPALL"); anything that is not a keyword is free text."""
	words = normalize_reply(text)
	key = words if words in KEYWORDS else words.replace(" ", "")
	if opted_out and key in OPT_IN_WHEN_STOPPED:
		return OPT_IN
	return KEYWORDS.get(key, FREE_TEXT)


def clean_text(text: str | None) -> str:
	"""The message as it can be stored: characters a database or screen cannot hold (control
	characters, lone surrogates) dropped, at most MAX_TEXT_CHARS characters."""
	return _UNSTORABLE.sub("", text or "")[:MAX_TEXT_CHARS]


def signature(secret: str, timestamp: str, body: bytes) -> str:
	"""The hex HMAC-SHA256 the gateway sends for `body` at `timestamp`."""
	message = timestamp.encode() + b"." + body
	return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def check_signature(
	secret: str | None,
	timestamp: str | None,
	given: str | None,
	body: bytes,
	now: float,
	window_seconds: int = 300,
) -> str | None:
	"""None when the request is genuine and fresh, else why not: "not_configured",
	"unsigned", "too_large", "stale" (timestamp outside the window, either side) or
	"bad_signature". Signatures are compared in constant time."""
	if not secret:
		return "not_configured"
	if not timestamp or not given:
		return "unsigned"
	if len(body) > MAX_BODY_BYTES:
		return "too_large"
	if not timestamp.isdigit() or abs(now - int(timestamp)) > window_seconds:
		return "stale"
	if not hmac.compare_digest(signature(secret, timestamp, body), given.strip().lower()):
		return "bad_signature"
	return None


# Who the sender is, from how many clients carry the number.
ONE, UNKNOWN, SHARED = "One client", "Unknown number", "Shared number"


def match_kind(client_count: int) -> str:
	return ONE if client_count == 1 else (UNKNOWN if client_count == 0 else SHARED)


@dataclass(frozen=True)
class Decision:
	"""What to do with one message: `opt` ("out", "in" or None) for every client with the
	number; `reply` the kind of answer to text back (HELP, OPT_OUT, OPT_IN or None);
	`act_on_client` whether to confirm / reschedule / file the text on the one client's case;
	`for_admin` when a person at the agency must look at it because no client can be named."""

	opt: str | None
	reply: str | None
	act_on_client: bool
	for_admin: bool
	why: str


def decide(kind: str, match: str, known_contact: bool = False) -> Decision:
	"""STOP and START apply to the number, whoever carries it (carriers require it): they are
	kept in the agency's opt-out list and applied to every client with it; HELP is answered to
	anyone. A STOP or START from a number that no client has waits for an admin too, unless it
	is an emergency contact's (`known_contact`): the list is all that number needs. A
	confirmation, a reschedule or free text belongs to one client: with none or several
	matching, it waits for an admin and no client is guessed."""
	if kind == OPT_OUT:
		unknown = match == UNKNOWN and not known_contact
		return Decision("out", OPT_OUT, False, unknown, _("opt-out applies to the number"))
	if kind == OPT_IN:
		unknown = match == UNKNOWN and not known_contact
		return Decision("in", OPT_IN, False, unknown, _("opt-in applies to the number"))
	if kind == HELP:
		return Decision(None, HELP, False, False, _("help is answered to any sender"))
	if match == ONE:
		return Decision(None, None, True, False, _("one client carries the number"))
	why = _("no client carries the number") if match == UNKNOWN else _("several clients carry the number")
	return Decision(None, None, False, True, why)
