"""Services delivered to enrolled clients: one at a time (Service Delivery's controller) or
many at once (a group session, a distribution), checked together and written in one insert."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from case_management.engine import inputs


def check_delivery(enrolment: str, service: str, delivered_on, quantity) -> str:
	"""Why a service cannot be logged (thrown), or the service's unit."""
	e = frappe.db.get_value(
		"Program Enrolment", enrolment, ["name", "program", "status", "entry_date", "exit_date"], as_dict=True
	)
	if not e:
		frappe.throw(_("Enrolment {0} does not exist.").format(frappe.utils.escape_html(enrolment or "")))
	unit = service_unit(e.program, service)
	check_quantity(quantity)
	check_date(e, delivered_on)
	return unit


def service_unit(program: str, service: str) -> str:
	units = dict(
		frappe.get_all(
			"Program Service",
			filters={"parent": program, "parenttype": "Program"},
			fields=["service", "unit"],
			as_list=True,
		)
	)
	if service not in units:
		frappe.throw(
			_("{0} is not a service of {1}.").format(
				frappe.bold(frappe.utils.escape_html(service or "")), frappe.bold(program)
			)
		)
	return units[service]


def parse_date(value, label: str):
	"""A date typed by the user (YYYY-MM-DD), or a clear refusal; blank is today."""
	if value in (None, ""):
		return getdate(today())
	problem = inputs.date_problem(value)
	if problem:
		frappe.throw(_("{0} is not a real date (use YYYY-MM-DD).").format(label))
	return getdate(value)


def check_quantity(quantity) -> None:
	if not quantity or float(quantity) <= 0 or float(quantity) > 10000:
		frappe.throw(_("The quantity must be more than 0 (and at most 10,000)."))


def check_date(e, delivered_on) -> None:
	"""A service is logged for an enrolled (or since exited) client, within their time in the
	program, never for a future day."""
	if e.status not in ("Enrolled", "Exited"):
		frappe.throw(
			_("Services are logged for enrolled clients; enrolment {0} is {1}.").format(e.name, _(e.status))
		)
	on = parse_date(delivered_on, _("The delivery date"))
	if on > getdate(today()):
		frappe.throw(_("A service cannot be logged for a future date."))
	if (e.entry_date and on < getdate(e.entry_date)) or (e.exit_date and on > getdate(e.exit_date)):
		frappe.throw(
			_("{0} is outside the client's time in the program ({1}).").format(
				frappe.utils.formatdate(on), e.name
			)
		)


def log_services(program: str, service: str, enrolments: list[str], delivered_on, quantity, note) -> int:
	"""One service for many enrolments of a program: checked together (one query for the
	enrolments the user may see), written in one insert; all or none."""
	on = parse_date(delivered_on, _("The delivery date"))
	unit = service_unit(program, service)
	check_quantity(quantity)
	rows = frappe.get_list(
		"Program Enrolment",
		filters={"name": ("in", enrolments)},
		fields=["name", "program", "case", "client_name", "status", "entry_date", "exit_date"],
	)
	if len(rows) != len(enrolments):
		frappe.throw(_("You do not have access to some of these enrolments."), frappe.PermissionError)
	for e in rows:
		if e.program != program:
			frappe.throw(_("Enrolment {0} is not in {1}.").format(e.name, frappe.bold(program)))
		check_date(e, on)
	names = reserve_names("SD-.YYYY.-", on, len(rows))
	now, user = frappe.utils.now_datetime(), frappe.session.user
	fields = [
		"name", "owner", "creation", "modified", "modified_by", "docstatus", "naming_series", "enrolment",
		"program", "case", "client_name", "service", "delivered_on", "quantity", "unit", "staff", "note",
	]  # fmt: skip
	values = [
		(name, user, now, now, user, 0, "SD-.YYYY.-", e.name, program, e.case, e.client_name, service, on,
		 float(quantity), unit, user, note)
		for name, e in zip(names, rows, strict=True)
	]  # fmt: skip
	frappe.db.bulk_insert("Service Delivery", fields, values)
	return len(values)


def reserve_names(series: str, on, count: int) -> list[str]:
	"""`count` consecutive names of a naming series (SD-.YYYY.- → SD-2026-00001 …), with one
	locked read and one update of the series counter, as Frappe's own naming does one by one."""
	prefix = series.replace(".YYYY.", str(getdate(today()).year)).rstrip(".")
	current = frappe.db.sql("select current from `tabSeries` where name = %s for update", (prefix,))
	if current:
		start = int(current[0][0] or 0)
		frappe.db.sql("update `tabSeries` set current = current + %s where name = %s", (count, prefix))
	else:
		start = 0
		frappe.db.sql("insert into `tabSeries` (name, current) values (%s, %s)", (prefix, count))
	return [f"{prefix}{n:05d}" for n in range(start + 1, start + count + 1)]
