"""Our records as HMIS CSV columns (HUD HMIS CSV format, FY2024 element names).

Where an HMIS element exists for a field, the export uses its name and its code list; fields
HMIS does not define keep a plain name (e.g. `Phone`). Codes: 1 yes / 0 no, 8 client doesn't
know, 9 client prefers not to answer, 99 data not collected.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from case_management.engine.household import RELATIONSHIP_CODES
from case_management.engine.income import CENT, annual_amount

DATA_NOT_COLLECTED = 99
PREFERS_NOT_TO_ANSWER = 9

# 3.06 Gender (FY2024): one yes/no column per identity, GenderNone when nothing was given.
GENDER_COLUMNS: dict[str, str] = {
	"Female": "Woman",
	"Male": "Man",
	"Non-binary": "NonBinary",
	"Another gender": "DifferentIdentity",
}

# 4.02 Income and Sources: our source label → (yes/no column, amount column).
INCOME_COLUMNS: dict[str, tuple[str, str]] = {
	"Earned income": ("Earned", "EarnedAmount"),
	"Unemployment insurance": ("Unemployment", "UnemploymentAmount"),
	"SSI": ("SSI", "SSIAmount"),
	"SSDI": ("SSDI", "SSDIAmount"),
	"VA service-connected disability compensation": ("VADisabilityService", "VADisabilityServiceAmount"),
	"VA non-service-connected disability pension": ("VADisabilityNonService", "VADisabilityNonServiceAmount"),
	"Private disability insurance": ("PrivateDisability", "PrivateDisabilityAmount"),
	"Workers' compensation": ("WorkersComp", "WorkersCompAmount"),
	"TANF": ("TANF", "TANFAmount"),
	"General assistance": ("GA", "GAAmount"),
	"Social Security retirement": ("SocSecRetirement", "SocSecRetirementAmount"),
	"Pension from a former job": ("Pension", "PensionAmount"),
	"Child support": ("ChildSupport", "ChildSupportAmount"),
	"Alimony or spousal support": ("Alimony", "AlimonyAmount"),
	"Other": ("OtherIncomeSource", "OtherIncomeAmount"),
}

CLIENT_COLUMNS = [
	"PersonalID",
	"FirstName",
	"MiddleName",
	"LastName",
	"DOB",
	"DOBDataQuality",
	*GENDER_COLUMNS.values(),
	"GenderNone",
	"Phone",
	"Email",
	"City",
	"State",
	"Zip",
	"DateCreated",
	"DateUpdated",
]
HOUSEHOLD_COLUMNS = [
	"HouseholdID",
	"PersonalID",
	"MemberID",
	"FirstName",
	"LastName",
	"DOB",
	"DOBDataQuality",
	"RelationshipToHoH",
]
INCOME_CSV_COLUMNS = [
	"HouseholdID",
	"MemberID",
	"InformationDate",
	"IncomeFromAnySource",
	"TotalMonthlyIncome",
	*[column for pair in INCOME_COLUMNS.values() for column in pair],
]
CASE_COLUMNS = [
	"EnrollmentID",
	"PersonalID",
	"HouseholdID",
	"EntryDate",
	"ExitDate",
	"Status",
	"RiskLevel",
	"VulnerabilityScore",
	"HouseholdSize",
	"TotalMonthlyIncome",
	"PercentOfPovertyGuideline",
	"Caseworker",
	"ExitReason",
]


def hmis_date(value) -> str:
	"""HMIS dates are ISO (YYYY-MM-DD); datetimes are 'YYYY-MM-DD HH:MM:SS'; empty stays empty."""
	if not value:
		return ""
	if isinstance(value, datetime):
		return value.strftime("%Y-%m-%d %H:%M:%S")
	if isinstance(value, date):
		return value.isoformat()
	return str(value)


def money(value) -> str:
	"""An amount with two decimals, as HMIS money columns are written."""
	return f"{Decimal(str(value or 0)).quantize(Decimal('0.01'))}"


def gender_columns(gender: str | None) -> dict[str, int]:
	"""3.06 as yes/no columns; 'Prefers not to say' → GenderNone 9, nothing → GenderNone 99."""
	out = {column: 0 for column in GENDER_COLUMNS.values()}
	if gender in GENDER_COLUMNS:
		out[GENDER_COLUMNS[gender]] = 1
		out["GenderNone"] = ""
	elif gender == "Prefers not to say":
		out["GenderNone"] = PREFERS_NOT_TO_ANSWER
	else:
		out["GenderNone"] = DATA_NOT_COLLECTED
	return out


def dob_quality(dob) -> int:
	"""3.03 DOB data quality: 1 full DOB reported, 99 data not collected."""
	return 1 if dob else DATA_NOT_COLLECTED


def client_row(client: Mapping) -> dict:
	return {
		"PersonalID": client["name"],
		"FirstName": client.get("first_name") or "",
		"MiddleName": client.get("middle_name") or "",
		"LastName": client.get("last_name") or "",
		"DOB": hmis_date(client.get("date_of_birth")),
		"DOBDataQuality": dob_quality(client.get("date_of_birth")),
		**gender_columns(client.get("gender")),
		"Phone": client.get("phone") or "",
		"Email": client.get("email") or "",
		"City": client.get("city") or "",
		"State": client.get("state") or "",
		"Zip": client.get("postal_code") or "",
		"DateCreated": hmis_date(client.get("creation")),
		"DateUpdated": hmis_date(client.get("modified")),
	}


SSN_COLUMNS = ["SSN", "SSNDataQuality"]
SSN_QUALITY = {
	"Full": 1,
	"Partial": 2,
	"Client doesn't know": 8,
	"Client refused": 9,
	"Data not collected": 99,
}


def ssn_columns(id_type: str | None, number: str | None, quality: str | None) -> dict:
	"""3.02 SSN and its data quality, for an export that asked for identity documents: the nine
	digits, or "xxxxx" and the last four (HMIS marks unknown digits with x); another kind of
	document is no SSN (99 unless the client did not know or refused)."""
	digits = "".join(ch for ch in str(number or "") if ch.isdigit())
	code = SSN_QUALITY.get(quality or "", DATA_NOT_COLLECTED)
	if id_type == "SSN" and len(digits) == 9:
		return {"SSN": digits, "SSNDataQuality": code}
	if id_type in ("SSN", "SSN last four") and len(digits) == 4:
		return {"SSN": f"xxxxx{digits}", "SSNDataQuality": 2}
	if code in (8, 9):
		return {"SSN": "", "SSNDataQuality": code}
	return {"SSN": "", "SSNDataQuality": DATA_NOT_COLLECTED}


def household_row(member: Mapping) -> dict:
	"""A household member; the household is identified by its head client (HouseholdID)."""
	return {
		"HouseholdID": member["client"],
		"PersonalID": member.get("member_client") or "",
		"MemberID": member["name"],
		"FirstName": member.get("first_name") or "",
		"LastName": member.get("last_name") or "",
		"DOB": hmis_date(member.get("date_of_birth")),
		"DOBDataQuality": dob_quality(member.get("date_of_birth")),
		"RelationshipToHoH": RELATIONSHIP_CODES.get(member.get("relationship") or "", DATA_NOT_COLLECTED),
	}


def income_row(member: Mapping, monthly_by_source: Mapping[str, Decimal], information_date) -> dict:
	"""One member's income as 4.02 columns: each source's yes/no and monthly amount, and the total."""
	row = {
		"HouseholdID": member["client"],
		"MemberID": member["name"],
		"InformationDate": hmis_date(information_date),
	}
	total = Decimal(0)
	for source, (flag, amount_column) in INCOME_COLUMNS.items():
		amount = Decimal(str(monthly_by_source.get(source) or 0))
		row[flag] = 1 if amount else 0
		row[amount_column] = money(amount) if amount else ""
		total += amount
	row["IncomeFromAnySource"] = 1 if total else 0
	row["TotalMonthlyIncome"] = money(total)
	return {column: row[column] for column in INCOME_CSV_COLUMNS}


def case_row(case: Mapping) -> dict:
	return {
		"EnrollmentID": case["name"],
		"PersonalID": case.get("client") or "",
		"HouseholdID": case.get("client") or "",
		"EntryDate": hmis_date(case.get("intake_date")),
		"ExitDate": hmis_date(case.get("closure_date")),
		"Status": case.get("workflow_state") or "",
		"RiskLevel": case.get("risk_level") or "",
		"VulnerabilityScore": case.get("vulnerability_score")
		if case.get("vulnerability_score") is not None
		else "",
		"HouseholdSize": case.get("household_size") or "",
		"TotalMonthlyIncome": money(case.get("monthly_household_income")),
		"PercentOfPovertyGuideline": case.get("poverty_guideline_percent") or "",
		"Caseworker": case.get("caseworker") or "",
		"ExitReason": case.get("closure_reason") or "",
	}


# A program enrolment from its project start (HMIS counts an enrolment from entry, not from
# referral or the waitlist), with its 3.12 exit destination; a service delivered in it.
PROGRAM_ENROLMENT_COLUMNS = [
	"EnrollmentID",
	"PersonalID",
	"HouseholdID",
	"ProjectID",
	"CaseID",
	"ReferralDate",
	"EntryDate",
	"ExitDate",
	"Destination",
	"Status",
]
SERVICE_COLUMNS = [
	"ServicesID",
	"EnrollmentID",
	"PersonalID",
	"ProjectID",
	"DateProvided",
	"TypeProvided",
	"Quantity",
	"Unit",
	"FAAmount",
]

DATASETS: dict[str, list[str]] = {
	"clients": CLIENT_COLUMNS,
	"households": HOUSEHOLD_COLUMNS,
	"income": INCOME_CSV_COLUMNS,
	"cases": CASE_COLUMNS,
	"enrolments": PROGRAM_ENROLMENT_COLUMNS,
	"services": SERVICE_COLUMNS,
}


def monthly_by_source(rows) -> dict[str, Decimal]:
	"""A member's income rows (`source`, `amount`, `frequency`) as monthly amounts per HMIS source,
	to the cent. Every row counts here: HMIS records each person's own income, whatever counts
	toward the household total."""
	out: dict[str, Decimal] = {}
	for row in rows:
		annual = annual_amount(row.get("amount") or 0, row.get("frequency") or "Monthly")
		out[row.get("source") or "Other"] = out.get(row.get("source") or "Other", Decimal(0)) + annual / 12
	return {source: amount.quantize(CENT) for source, amount in out.items()}


# 3.12 Destination (FY2024): where a client went on leaving a program. Label → HMIS code.
EXIT_DESTINATIONS: dict[str, int] = {
	"Place not meant for habitation": 116,
	"Emergency shelter, including hotel or motel paid for with an emergency shelter voucher": 101,
	"Safe Haven": 118,
	"Foster care home or foster care group home": 215,
	"Hospital or other residential non-psychiatric medical facility": 206,
	"Jail, prison or juvenile detention facility": 207,
	"Long-term care facility or nursing home": 225,
	"Psychiatric hospital or other psychiatric facility": 204,
	"Substance abuse treatment facility or detox center": 205,
	"Transitional housing for homeless persons": 302,
	"Residential project or halfway house with no homeless criteria": 329,
	"Hotel or motel paid for without an emergency shelter voucher": 314,
	"Host home (non-crisis)": 332,
	"Staying or living with family, temporary tenure": 312,
	"Staying or living with friends, temporary tenure": 313,
	"Moved from one HOPWA funded project to HOPWA TH": 327,
	"Staying or living with family, permanent tenure": 422,
	"Staying or living with friends, permanent tenure": 423,
	"Moved from one HOPWA funded project to HOPWA PH": 426,
	"Rental by client, no ongoing housing subsidy": 410,
	"Rental by client, with ongoing housing subsidy": 435,
	"Owned by client, with ongoing housing subsidy": 421,
	"Owned by client, no ongoing housing subsidy": 411,
	"No exit interview completed": 30,
	"Other": 17,
	"Deceased": 24,
	"Worker unable to determine": 37,
	"Client doesn't know": 8,
	"Client prefers not to answer": 9,
	"Data not collected": 99,
}


def exit_destination_code(label: str | None) -> int:
	"""The HMIS 3.12 code of a destination label (99, data not collected, when blank)."""
	if not label:
		return DATA_NOT_COLLECTED
	return EXIT_DESTINATIONS[label]


def enrolment_row(e: Mapping) -> dict:
	"""A program enrolment: the client is its own household's id, as in the other files."""
	return {
		"EnrollmentID": e["name"],
		"PersonalID": e.get("client") or "",
		"HouseholdID": e.get("client") or "",
		"ProjectID": e.get("program") or "",
		"CaseID": e.get("case") or "",
		"ReferralDate": hmis_date(e.get("referral_date")),
		"EntryDate": hmis_date(e.get("entry_date")),
		"ExitDate": hmis_date(e.get("exit_date")),
		"Destination": exit_destination_code(e.get("exit_destination")) if e.get("exit_date") else "",
		"Status": e.get("status") or "",
	}


def service_row(s: Mapping) -> dict:
	"""A service delivered; money given (unit Dollar) is also FAAmount, as HMIS reports it."""
	dollars = (s.get("unit") or "") == "Dollar"
	return {
		"ServicesID": s["name"],
		"EnrollmentID": s.get("enrolment") or "",
		"PersonalID": s.get("client") or "",
		"ProjectID": s.get("program") or "",
		"DateProvided": hmis_date(s.get("delivered_on")),
		"TypeProvided": s.get("service") or "",
		"Quantity": s.get("quantity") if s.get("quantity") is not None else "",
		"Unit": s.get("unit") or "",
		"FAAmount": money(s.get("quantity")) if dollars else "",
	}
