from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.hmis import (
	CASE_COLUMNS,
	CLIENT_COLUMNS,
	DATASETS,
	HOUSEHOLD_COLUMNS,
	INCOME_COLUMNS,
	INCOME_CSV_COLUMNS,
	case_row,
	client_row,
	gender_columns,
	household_row,
	income_row,
)
from case_management.engine.income import PERIODS_PER_YEAR
from case_management.engine.reports import (
	INCOME_BANDS,
	NO_GUIDELINE,
	band_counts,
	count_by,
	days_overdue,
	direction,
	income_band,
	overdue_bucket,
	percent,
	referral_outcomes,
	risk_changes,
)

STATUSES = ["Draft", "Sent", "Accepted", "Declined", "In Progress", "Completed", "Cancelled"]


def test_days_overdue_and_buckets():
	assert days_overdue(date(2026, 11, 1), date(2026, 10, 30)) == 0
	assert days_overdue(date(2026, 11, 1), date(2026, 11, 1)) == 0
	assert days_overdue(date(2026, 11, 1), date(2026, 11, 9)) == 8
	assert overdue_bucket(0) is None
	assert [overdue_bucket(d) for d in (1, 7, 8, 30, 31, 400)] == [
		"1-7 days",
		"1-7 days",
		"8-30 days",
		"8-30 days",
		"Over 30 days",
		"Over 30 days",
	]


def test_referral_outcomes_count_each_referral_once_per_question():
	rows = [{"service_provider": "Pantry", "status": s} for s in STATUSES] + [
		{"service_provider": "Clinic", "status": "Declined"},
		{"service_provider": "Clinic", "status": "Draft"},
	]
	out = referral_outcomes(rows)
	assert out["Pantry"] == {
		"sent": 6,
		"awaiting": 1,
		"accepted": 3,
		"declined": 1,
		"completed": 1,
		"cancelled": 1,
		"acceptance_rate": 75.0,
		"completion_rate": 16.7,
	}
	assert out["Clinic"]["sent"] == 1 and out["Clinic"]["acceptance_rate"] == 0.0
	assert out["Clinic"]["completion_rate"] == 0.0


def test_only_drafts_means_no_row():
	assert referral_outcomes([{"service_provider": "P", "status": "Draft"}]) == {}


@given(st.lists(st.sampled_from(STATUSES), max_size=60))
def test_referral_outcomes_partition_what_was_sent(statuses):
	out = referral_outcomes({"service_provider": "P", "status": s} for s in statuses).get("P")
	sent = sum(s != "Draft" for s in statuses)
	if not sent:
		assert out is None
		return
	assert out["sent"] == sent
	# every referral sent is awaiting a reply, accepted, declined or cancelled: exactly one of them
	assert out["awaiting"] + out["accepted"] + out["declined"] + out["cancelled"] == sent
	assert out["completed"] <= out["accepted"]


def test_percent():
	assert percent(1, 3) == 33.3
	assert percent(2, 3) == 66.7
	assert percent(1, 8) == 12.5
	assert percent(5, 0) is None


def test_income_bands_at_their_edges():
	assert income_band(None) == NO_GUIDELINE
	assert income_band(0) == "Below 50%"
	assert income_band(49.99) == "Below 50%"
	assert income_band(50) == "50-99%"
	assert income_band(99.9) == "50-99%"
	assert income_band(100) == "100-149%"
	assert income_band(Decimal("150.0")) == "150-199%"
	assert income_band(200) == "200% and above"


@given(st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=1000)), max_size=50))
def test_band_counts_add_up_and_keep_every_band(values):
	counts = band_counts(values)
	assert sum(counts.values()) == len(values)
	assert set(counts) == {label for _l, label in INCOME_BANDS} | {NO_GUIDELINE}


def test_direction():
	assert direction(None, "High") == "First"
	assert direction("Low", "High") == "Up"
	assert direction("Critical", "Medium") == "Down"
	assert direction("Medium", "Medium") == "Same"


def test_risk_changes_follow_each_case_in_time():
	t = datetime(2026, 10, 1, 9)
	history = [
		{"case": "B", "changed_on": t.replace(day=5), "risk_level": "Low"},
		{"case": "A", "changed_on": t.replace(day=3), "risk_level": "High"},
		{"case": "A", "changed_on": t.replace(day=1), "risk_level": "Medium"},
		{"case": "A", "changed_on": t.replace(day=9), "risk_level": "High"},
		{"case": "B", "changed_on": t.replace(day=6), "risk_level": "Critical"},
	]
	out = [(r["case"], r["previous_level"], r["risk_level"], r["direction"]) for r in risk_changes(history)]
	assert out == [
		("A", None, "Medium", "First"),
		("A", "Medium", "High", "Up"),
		("A", "High", "High", "Same"),
		("B", None, "Low", "First"),
		("B", "Low", "Critical", "Up"),
	]


def test_count_by_keeps_the_given_order_and_zeroes():
	rows = [{"s": "Missed"}, {"s": "Completed"}, {"s": "Completed"}, {"s": None}]
	assert count_by(rows, "s", ["Completed", "Missed", "Cancelled"]) == {
		"Completed": 2,
		"Missed": 1,
		"Cancelled": 0,
		"": 1,
	}


def test_client_row_uses_hmis_names_and_codes():
	row = client_row(
		{
			"name": "CL-1",
			"first_name": "Ana",
			"last_name": "Ruiz",
			"date_of_birth": date(1990, 2, 3),
			"gender": "Female",
			"postal_code": "20001",
			"creation": datetime(2026, 1, 2, 3, 4, 5),
		}
	)
	assert list(row) == CLIENT_COLUMNS
	assert row["PersonalID"] == "CL-1" and row["DOB"] == "1990-02-03" and row["DOBDataQuality"] == 1
	assert row["Woman"] == 1 and row["Man"] == 0 and row["GenderNone"] == ""
	assert row["Zip"] == "20001" and row["DateCreated"] == "2026-01-02 03:04:05"
	assert client_row({"name": "CL-2"})["DOBDataQuality"] == 99


def test_gender_none_codes():
	assert gender_columns("Prefers not to say")["GenderNone"] == 9
	assert gender_columns(None)["GenderNone"] == 99
	assert gender_columns("Non-binary")["NonBinary"] == 1


def test_household_row_relationship_codes():
	row = household_row({"name": "HM-1", "client": "CL-1", "relationship": "Child", "first_name": "Lu"})
	assert list(row) == HOUSEHOLD_COLUMNS
	assert row["RelationshipToHoH"] == 2 and row["HouseholdID"] == "CL-1"
	assert household_row({"name": "HM-2", "client": "CL-1"})["RelationshipToHoH"] == 99


def test_every_income_source_of_the_form_has_a_column_pair(doctypes):
	source = next(f for f in doctypes["Income Entry"]["fields"] if f["fieldname"] == "source")
	assert set(source["options"].split("\n")) == set(INCOME_COLUMNS)


def test_every_gender_of_the_form_is_mapped(doctypes):
	gender = next(f for f in doctypes["Client"]["fields"] if f["fieldname"] == "gender")
	for option in filter(None, gender["options"].split("\n")):
		columns = gender_columns(option)
		assert sum(v == 1 for v in columns.values()) == 1 or columns["GenderNone"] == 9, option


def test_income_row_sums_sources():
	row = income_row(
		{"name": "HM-1", "client": "CL-1"},
		{"Earned income": Decimal("1200.50"), "SSI": Decimal("300")},
		date(2026, 11, 1),
	)
	assert list(row) == INCOME_CSV_COLUMNS
	assert row["Earned"] == 1 and row["EarnedAmount"] == "1200.50"
	assert row["SSI"] == 1 and row["SSDI"] == 0 and row["SSDIAmount"] == ""
	assert row["IncomeFromAnySource"] == 1 and row["TotalMonthlyIncome"] == "1500.50"
	assert income_row({"name": "HM-2", "client": "CL-1"}, {}, None)["IncomeFromAnySource"] == 0


def test_case_row_and_datasets():
	row = case_row(
		{"name": "CASE-1", "client": "CL-1", "intake_date": date(2026, 5, 1), "vulnerability_score": 0}
	)
	assert list(row) == CASE_COLUMNS
	assert row["EntryDate"] == "2026-05-01" and row["ExitDate"] == "" and row["VulnerabilityScore"] == 0
	assert set(DATASETS) == {"clients", "households", "income", "cases", "enrolments", "services"}
	assert len(INCOME_COLUMNS) == 15 and "Weekly" in PERIODS_PER_YEAR


def test_monthly_by_source_whatever_the_frequency():
	from case_management.engine.hmis import monthly_by_source

	out = monthly_by_source(
		[
			{"source": "Earned income", "amount": 600, "frequency": "Weekly"},
			{"source": "Earned income", "amount": 1200, "frequency": "Annual"},
			{"source": "SSI", "amount": 943, "frequency": "Monthly"},
		]
	)
	assert out == {"Earned income": Decimal("2700.00"), "SSI": Decimal("943.00")}


def test_program_enrolment_and_service_rows():
	from case_management.engine.hmis import (
		EXIT_DESTINATIONS,
		PROGRAM_ENROLMENT_COLUMNS,
		SERVICE_COLUMNS,
		enrolment_row,
		exit_destination_code,
		service_row,
	)

	row = enrolment_row(
		{
			"name": "ENR-1",
			"client": "CL-1",
			"program": "Rapid Rehousing",
			"entry_date": date(2026, 6, 1),
			"exit_date": date(2026, 9, 30),
			"exit_destination": "Rental by client, no ongoing housing subsidy",
			"status": "Exited",
		}
	)
	assert list(row) == PROGRAM_ENROLMENT_COLUMNS
	assert (row["EntryDate"], row["ExitDate"], row["Destination"]) == ("2026-06-01", "2026-09-30", 410)
	assert enrolment_row({"name": "ENR-2", "status": "Enrolled"})["Destination"] == ""
	assert exit_destination_code(None) == 99
	assert len(set(EXIT_DESTINATIONS.values())) == len(EXIT_DESTINATIONS)  # each code once
	money = service_row({"name": "SD-1", "enrolment": "ENR-1", "quantity": 250, "unit": "Dollar"})
	assert list(money) == SERVICE_COLUMNS and money["FAAmount"] == "250.00"
	assert service_row({"name": "SD-2", "quantity": 1, "unit": "Meal"})["FAAmount"] == ""


def test_ssn_columns_follow_hmis_3_02():
	from case_management.engine.hmis import ssn_columns

	assert ssn_columns("SSN", "219-09-9999", "Full") == {"SSN": "219099999", "SSNDataQuality": 1}
	assert ssn_columns("SSN last four", "9999", None) == {"SSN": "xxxxx9999", "SSNDataQuality": 2}
	assert ssn_columns(None, None, "Client refused") == {"SSN": "", "SSNDataQuality": 9}
	assert ssn_columns("Passport", "X123", "Full") == {"SSN": "", "SSNDataQuality": 99}
