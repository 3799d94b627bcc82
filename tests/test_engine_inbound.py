"""Texts clients send back: signatures, reply words in English and Spanish, what is done."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine import inbound
from case_management.engine.inbound import (
	CONFIRM,
	FREE_TEXT,
	HELP,
	OPT_IN,
	OPT_OUT,
	RESCHEDULE,
	SHARED,
	UNKNOWN,
	check_signature,
	clean_text,
	decide,
	match_kind,
	meaning,
	normalize_reply,
	signature,
)
from case_management.engine.messaging import Recipient, split_opted_out

EVERY_WORD = {
	"C": CONFIRM,
	"YES": CONFIRM,
	"Y": CONFIRM,
	"SI": CONFIRM,
	"SÍ": CONFIRM,
	"CONFIRM": CONFIRM,
	"CONFIRMAR": CONFIRM,
	"CONFIRMO": CONFIRM,
	"R": RESCHEDULE,
	"RESCHEDULE": RESCHEDULE,
	"CAMBIAR": RESCHEDULE,
	"REPROGRAMAR": RESCHEDULE,
	"STOP": OPT_OUT,
	"STOPALL": OPT_OUT,
	"STOP ALL": OPT_OUT,
	"UNSUBSCRIBE": OPT_OUT,
	"CANCEL": OPT_OUT,
	"END": OPT_OUT,
	"QUIT": OPT_OUT,
	"ALTO": OPT_OUT,
	"PARAR": OPT_OUT,
	"BAJA": OPT_OUT,
	"START": OPT_IN,
	"UNSTOP": OPT_IN,
	"ALTA": OPT_IN,
	"HELP": HELP,
	"INFO": HELP,
	"AYUDA": HELP,
}


@pytest.mark.parametrize("word,expected", sorted(EVERY_WORD.items()))
def test_every_reply_word_in_any_case_with_punctuation(word, expected):
	for form in (word, word.lower(), word.title(), f"  {word.lower()}!! ", f"¡{word}!", f"{word}."):
		assert meaning(form) == expected, form


def test_accents_and_spanish_punctuation():
	assert meaning("Sí") == meaning("¡SÍ!") == meaning("si") == CONFIRM
	assert meaning("¿Ayuda?") == HELP
	assert normalize_reply("  ¡Sí, señor!  ") == "SI SENOR"


@pytest.mark.parametrize(
	"text",
	["", "   ", "?", "cancel my appointment", "yes please", "stop texting my sister", "Can we talk",
	"Cstop", "STOPP", "call me", "no", "¿Puedo cambiar la hora?"],
)  # fmt: skip
def test_anything_else_is_free_text(text):
	assert meaning(text) == FREE_TEXT


@given(st.text(max_size=60))
def test_every_text_has_exactly_one_known_meaning(text):
	assert meaning(text) in inbound.MEANINGS
	assert meaning(text, opted_out=True) in inbound.MEANINGS


@given(st.text(max_size=30))
def test_a_keyword_inside_a_longer_message_is_not_that_keyword(text):
	words = normalize_reply(text)
	if words:  # "STOP" followed by anything but "ALL" is a message for a person
		assert meaning("STOP " + text) == (OPT_OUT if words.replace(" ", "") == "ALL" else FREE_TEXT)


def test_yes_after_stop_opts_back_in():
	assert meaning("YES", opted_out=True) == OPT_IN
	assert meaning("sí", opted_out=True) == OPT_IN
	assert meaning("C", opted_out=True) == CONFIRM  # C only ever confirms
	assert meaning("YES", opted_out=False) == CONFIRM


def test_signature_accepted_and_refused():
	body = b'{"message_id": "m1", "from": "+12025550100", "text": "C"}'
	now = 1_800_000_000
	good = signature("s3cret", str(now), body)
	assert check_signature("s3cret", str(now), good, body, now) is None
	assert check_signature("s3cret", str(now), good.upper(), body, now) is None
	assert check_signature(None, str(now), good, body, now) == "not_configured"
	assert check_signature("s3cret", None, good, body, now) == "unsigned"
	assert check_signature("s3cret", str(now), "", body, now) == "unsigned"
	assert check_signature("other", str(now), good, body, now) == "bad_signature"
	assert check_signature("s3cret", str(now), good, body + b" ", now) == "bad_signature"
	assert check_signature("s3cret", str(now), good, body, now + 301) == "stale"
	assert check_signature("s3cret", str(now), good, body, now - 301) == "stale"
	assert check_signature("s3cret", "1e9", good, body, now) == "stale"
	big = b"x" * (inbound.MAX_BODY_BYTES + 1)
	assert check_signature("s3cret", str(now), signature("s3cret", str(now), big), big, now) == "too_large"


@given(st.binary(max_size=200), st.integers(min_value=0, max_value=2**40))
def test_only_the_secret_signs(body, now):
	good = signature("right", str(now), body)
	assert check_signature("right", str(now), good, body, now) is None
	assert check_signature("wrong", str(now), good, body, now) == "bad_signature"


def test_decisions_never_guess_a_client():
	for kind in (CONFIRM, RESCHEDULE, FREE_TEXT):
		assert decide(kind, inbound.ONE).act_on_client
		for match in (UNKNOWN, SHARED):
			d = decide(kind, match)
			assert not d.act_on_client and d.for_admin and d.opt is None
	for match in (inbound.ONE, UNKNOWN, SHARED):
		assert decide(OPT_OUT, match).opt == "out"
		assert decide(OPT_IN, match).opt == "in"
		assert decide(HELP, match).reply == HELP
	assert not decide(OPT_OUT, SHARED).for_admin  # applied to every client with the number
	assert decide(OPT_OUT, UNKNOWN).for_admin and decide(OPT_IN, UNKNOWN).for_admin
	# an emergency contact's number: the opt-out list is all it needs, no admin
	for kind in (OPT_OUT, OPT_IN):
		d = decide(kind, UNKNOWN, known_contact=True)
		assert not d.for_admin and d.opt and d.reply == kind
	assert decide(FREE_TEXT, UNKNOWN, known_contact=True).for_admin  # a contact's free text: admin
	assert [match_kind(n) for n in (0, 1, 2, 5)] == [UNKNOWN, inbound.ONE, SHARED, SHARED]


def test_clean_text_keeps_what_people_write():
	assert clean_text("Gracias 🙏🏽 <3\nsee you") == "Gracias 🙏🏽 <3\nsee you"
	assert clean_text("a\x00b\x1bc\ud800") == "abc"
	assert len(clean_text("x" * 5000)) == inbound.MAX_TEXT_CHARS


def test_opted_out_numbers_are_never_texted():
	client = Recipient("Client", "Ana", "+12025550100")
	contact = Recipient("Emergency contact", "Bo", "+12025550101")
	assert split_opted_out([client, contact], {"+12025550100"}) == ([contact], [client])
	assert split_opted_out([client, contact], []) == ([client, contact], [])
