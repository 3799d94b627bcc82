"""Identity documents, phones libphonenumber rejects and family emails (engine.evidence).

Each rule has a test that fails when the rule is turned off: the same pair is shown decided
one way with the evidence and the other way without it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from case_management.engine import evidence
from case_management.engine.matching import (
	BadRecord,
	compare,
	family_emails,
	find_duplicates,
	main,
	prepare,
)


def rec(id, first, last, dob, **kw):
	return {"id": id, "first_name": first, "last_name": last, "date_of_birth": dob, **kw}


def found(records):
	return {(m.a, m.b): m.reasons for m in find_duplicates(records)}


HOUSE = {"phone": "202-555-0160", "address": "12 Maple Ave", "postal_code": "62704"}


# --- identity documents ------------------------------------------------------------------------


def test_identities_are_normalised_and_a_full_ssn_counts_as_its_last_four():
	assert evidence.identities("SSN", "123-45-6789") == (("ssn", "123456789"), ("ssn4", "6789"))
	assert evidence.identities("ssn last four", " 6789 ") == (("ssn4", "6789"),)
	assert evidence.identities("Passport", "x12 345-67") == (("passport", "X1234567"),)
	assert evidence.identities("Agency or other-system ID", "hmis/00042") == (("agency_id", "HMIS00042"),)
	# placeholders, wrong lengths and letters in an SSN are no evidence
	for kind, number in (("SSN", "000-00-0000"), ("SSN", "12345"), ("SSN", "12345678A"), ("State ID", "7")):
		assert evidence.identities(kind, number) == ()
	assert evidence.identities(None, None) == ()
	with pytest.raises(evidence.BadIdentifier, match="not an identity document type"):
		evidence.identities("library card", "123")


def test_the_same_document_overrules_the_twin_rule():
	twins = [
		rec("a", "Ana", "Diaz", "2012-05-05", **HOUSE),
		rec("b", "Eva", "Diaz", "2012-05-05", **HOUSE),
	]
	assert found(twins) == {}  # the twin rule keeps them apart
	same = [dict(r, id_type="SSN last four", id_number="4821") for r in twins]
	reasons = found(same)[("a", "b")]
	assert reasons[0] == "same SSN last four — overrules the twin rule"


def test_the_same_document_overrules_the_senior_junior_rule():
	pair = [
		rec("s", "John", "Diaz", "1950-01-01", **HOUSE),
		rec("j", "John", "Diaz", "1985-07-07", **HOUSE),
	]
	assert found(pair) == {}
	same = [dict(r, id_type="State ID", id_number="D123-4567") for r in pair]
	assert found(same)[("j", "s")][0] == "same state ID — overrules the senior/junior rule"


def test_different_documents_of_one_kind_forbid_a_pair_that_would_match():
	pair = [
		rec("1", "William", "Smith", "1980-01-02", phone="202-555-0143"),
		rec("2", "Bill", "Smith", "1980-01-02", phone="(202) 555 0143"),
	]
	assert ("1", "2") in found(pair)
	assert found([dict(pair[0], id_type="SSN", id_number="123-45-6789"), pair[1]])  # only one has it
	apart = [
		dict(pair[0], id_type="SSN", id_number="123-45-6789"),
		dict(pair[1], id_type="SSN", id_number="987-65-4321"),
	]
	assert found(apart) == {}
	# a full SSN and a last four that differ are the same kind of evidence
	assert found([apart[0], dict(pair[1], id_type="SSN last four", id_number="4321")]) == {}
	# documents of different kinds say nothing
	assert ("1", "2") in found([apart[0], dict(pair[1], id_type="Passport", id_number="X99")])


def test_a_number_one_keystroke_off_is_a_slip_not_a_conflict():
	pair = [
		rec("1", "William", "Smith", "1980-01-02", id_type="SSN", id_number="123-45-6789"),
		rec("2", "Bill", "Smith", "1980-01-02", id_type="SSN", id_number="123-45-6798"),
	]
	reasons = found(pair)[("1", "2")]
	assert "SSN one keystroke apart (a typo?)" in reasons
	# but a slip overrules nothing: twins with near numbers stay apart
	twins = [dict(pair[0], first_name="Ana", **HOUSE), dict(pair[1], first_name="Eva", **HOUSE)]
	assert found(twins) == {}


def test_the_document_alone_proposes_nothing():
	pair = [
		rec("1", "Ana", "Diaz", "1990-01-01", id_type="SSN", id_number="123456789"),
		rec("2", "Tom", "Becker", "1961-08-20", id_type="SSN", id_number="123456789"),
	]
	assert found(pair) == {}  # one number on two quite different people: a typing error somewhere


@settings(deadline=None)  # a busy shared machine, not a slow rule
@given(
	st.sampled_from(list(evidence.ID_TYPES)),
	st.text("0123456789", min_size=4, max_size=9),
	st.text("0123456789", min_size=4, max_size=9),
)
def test_comparing_documents_is_symmetric(kind, x, y):
	a, b = evidence.identities(kind, x), evidence.identities(kind, y)
	assert evidence.compare_identities(a, b) == evidence.compare_identities(b, a)
	assert evidence.identities(kind, " - ".join(x)) == a  # punctuation and spaces do not matter


# --- emails ------------------------------------------------------------------------------------


def test_a_personal_email_overrules_the_family_rules():
	moved = {"phone": "415-555-0199", "address": "8 Oak St", "postal_code": "94110"}
	pair = [
		rec("a", "Ana", "Diaz", "1992-05-05", email="ana.diaz@example.org", **HOUSE),
		rec("b", "Eva", "Diaz", "1992-05-05", email="Ana.Diaz@example.org ", **moved),  # moved since
	]
	assert found(pair)[("a", "b")][0] == "same personal email — overrules the twin rule"
	without = [{k: v for k, v in r.items() if k != "email"} for r in pair]
	assert found(without) == {}


def test_an_email_shared_by_two_people_living_together_is_a_family_email():
	twins = [
		rec("a", "Ana", "Diaz", "2012-05-05", email="diaz@example.org", **HOUSE),
		rec("b", "Eva", "Diaz", "2012-05-05", email="diaz@example.org", **HOUSE),
	]
	assert found(twins) == {}
	# turned off (the email taken as theirs alone wherever they live), they would be merged
	apart = [twins[0], dict(twins[1], phone="415-555-0199", address="8 Oak St")]
	assert ("a", "b") in found(apart)


def test_a_family_email_counts_little_and_overrules_nothing():
	family = [  # registered without address or phone: only the email ties them
		rec("m", "Rosa", "Diaz", "1980-02-02", email="diazfamily@example.org"),
		rec("a", "Ana", "Diaz", "2012-05-05", email="diazfamily@example.org"),
		rec("b", "Eva", "Diaz", "2012-05-05", email="diazfamily@example.org"),
	]
	people = [prepare(r) for r in family]
	assert family_emails(people) == {"diazfamily@example.org"}
	assert found(family) == {}
	# turned off (the email taken as the twins' own), it would have merged them
	assert compare(people[1], people[2], family_emails=frozenset()) is not None
	match = compare(people[1], people[2], threshold=0.0, family_rules=False, family_emails={people[0].email})
	assert "same family email (shared in the household: counts little)" in match.reasons


def test_an_email_in_one_listed_household_is_a_family_email():
	pair = [
		rec("a", "Ana", "Diaz", "2012-05-05", email="d@example.org", household_id="H1"),
		rec("b", "Eva", "Diaz", "2012-05-05", email="d@example.org", household_id="H1"),
		rec("c", "Eva", "Diaz", "2012-05-05", email="d@example.org"),
	]
	assert family_emails([prepare(r) for r in pair]) == {"d@example.org"}


def test_one_person_registered_three_times_keeps_a_personal_email():
	people = [prepare(rec(str(n), "Dana", "Reyes", "1988-12-15", email="dana@example.org")) for n in range(3)]
	assert family_emails(people) == frozenset()


# --- phones libphonenumber rejects -------------------------------------------------------------


def test_phone_digits_are_the_national_number_without_extension():
	assert evidence.phone_digits("(202) 555-0143") == "2025550143"
	assert evidence.phone_digits("+1 123 456 7890 ext. 12") == "1234567890"  # area code 123 is invalid
	assert evidence.phone_digits("123.456.7890 x4") == "1234567890"
	assert evidence.phone_digits("456-7890") == "4567890"  # missing area code: all the digits
	assert evidence.phone_digits("55-12") is None  # too few digits to tell anyone apart
	assert evidence.phone_digits(None) is None


def test_an_invalid_phone_still_counts_by_its_digits():
	pair = [
		rec("1", "Maria", "Lopez", "1985-03-04", phone="(123) 456-7890"),
		rec("2", "Maria", "Garcia", "1985-03-04", phone="123.456.7890 ext 2"),
	]
	assert found(pair)[("1", "2")].count("same phone digits (not a valid number)") == 1
	without = [{k: v for k, v in r.items() if k != "phone"} for r in pair]
	assert found(without) == {}  # a married name and nothing else in common is not enough
	# the same number written without its area code weighs less, but still counts
	near = [pair[0], dict(pair[1], phone="456 7890", postal_code="62704")]
	near[0]["postal_code"] = "62704"
	assert "phone digits nearly equal (not a valid number)" in found(near)[("1", "2")]


def test_an_invalid_phone_shared_in_a_household_is_a_household_phone():
	siblings = [
		rec("1", "Janet", "Smith", None, phone="(123) 456-7890", postal_code="62704"),
		rec("2", "Janice", "Smith", None, phone="123 456 7890", postal_code="62704"),
	]
	assert found(siblings) == {}  # alike given names in one household: two people
	# turned off (the digits not making them a household), they would be proposed
	p, q = (prepare(r) for r in siblings)
	assert compare(p, q, family_rules=False) is not None


@settings(deadline=None)  # a busy shared machine, not a slow rule
@given(st.text("0123456789 ()-.+x", max_size=18), st.text("0123456789 ()-.+x", max_size=18))
def test_phone_levels_are_symmetric(a, b):
	p, q = prepare(rec("1", "A", "B", None, phone=a)), prepare(rec("2", "A", "B", None, phone=b))
	assert evidence.phone_level(p.phone, p.phone_digits, q.phone, q.phone_digits) == evidence.phone_level(
		q.phone, q.phone_digits, p.phone, p.phone_digits
	)


# --- the CSV check -----------------------------------------------------------------------------


def test_cli_reads_identity_documents_and_never_prints_them(tmp_path, capsys):
	path = tmp_path / "contacts.csv"
	path.write_text(
		"id,first_name,last_name,date_of_birth,id_type,id_number\n"
		"1,Ana,Diaz,2012-05-05,SSN,123-45-6789\n"
		"2,Eva,Diaz,2012-05-05,SSN last four,6789\n"
		"3,Eva,Diaz,2012-05-05,SSN,987-65-4321\n"
	)
	assert main([str(path)]) == 0
	out = capsys.readouterr().out
	assert "1,2," in out and "same SSN last four — overrules the twin rule" in out
	assert "1,3" not in out and "2,3" not in out  # 3's last four differ from both
	assert "6789" not in out and "4321" not in out


@pytest.mark.parametrize(
	"row, message",
	[
		("1,A,B,1990-01-01,library card,12", "not an identity document type"),
		("1,A,B,1990-01-01,,12", "needs"),
	],
)
def test_cli_refuses_unknown_document_types(tmp_path, capsys, row, message):
	path = tmp_path / "bad.csv"
	path.write_text(f"id,first_name,last_name,date_of_birth,id_type,id_number\n{row}\n")
	assert main([str(path)]) == 2
	err = capsys.readouterr().err
	assert "line 2" in err and message in err


def test_a_bad_document_type_names_the_record():
	with pytest.raises(BadRecord, match="record 'x'"):
		find_duplicates([rec("x", "A", "B", None, id_type="card", id_number="1")])


# --- showing and merging -----------------------------------------------------------------------


@settings(deadline=None)  # a busy shared machine, not a slow rule
@given(st.text(min_size=1, max_size=20))
def test_a_masked_number_shows_at_most_its_last_four(number):
	shown = evidence.masked(number)
	kept = "".join(ch for ch in number if ch.isascii() and ch.isalnum()).upper()
	assert shown == "" if not kept else shown.endswith(kept[-4:] if len(kept) > 4 else kept[-1])
	assert sum(ch.isalnum() for ch in shown) <= 4


def test_a_merge_keeps_one_document_and_refuses_two_that_conflict():
	ssn = evidence.identities("SSN", "123-45-6789")
	assert evidence.merged_identity(ssn, ()) == "survivor"
	assert evidence.merged_identity((), ssn) == "other"
	assert evidence.merged_identity(ssn, evidence.identities("SSN last four", "6789")) == "survivor"
	assert evidence.merged_identity(ssn, evidence.identities("SSN", "123-45-6798")) == "conflict"  # slip
	assert evidence.merged_identity(ssn, evidence.identities("SSN", "987-65-4321")) == "conflict"
	assert evidence.merged_identity(ssn, evidence.identities("Passport", "X1")) == "survivor"
