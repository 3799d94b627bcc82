# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt
"""Each program the viewer may read: its places, its waitlist and how long people wait, and,
over the chosen dates, its exits by destination and the units of service delivered.

Places, the waitlist and the median wait are counts over the whole program (no person is
shown; caseworkers see the free places on every case page too). Exits and services are the
records the viewer may see (their teams', or the programs they manage)."""

import frappe
from frappe import _
from frappe.utils import add_months, getdate, today

from case_management.case_management.report.common import check_dates
from case_management.engine import program_reports as rules
from case_management.services.programs import place_counts


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	check_dates(filters)
	start = getdate(filters.get("from_date") or add_months(today(), -12))
	end = getdate(filters.get("to_date") or today())
	program_filters = {"name": filters.program} if filters.get("program") else {}
	programs = frappe.get_list(
		"Program",
		filters=program_filters,
		fields=["name", "capacity", "is_active"],
		order_by="name asc",
		limit_page_length=0,
	)
	names = [p.name for p in programs]
	counts = place_counts(names) if names else {}
	waiting = waits(names)
	exits = frappe.get_list(
		"Program Enrolment",
		filters={
			"program": ("in", names or [""]),
			"status": "Exited",
			"exit_date": ("between", [start, end]),
		},
		fields=["program", "exit_destination"],
		limit_page_length=0,
	)
	delivered = frappe.get_list(
		"Service Delivery",
		filters={"program": ("in", names or [""]), "delivered_on": ("between", [start, end])},
		fields=["program", "service", "unit", "delivered_on", "quantity"],
		limit_page_length=0,
	)
	units = rules.units_by_month(delivered, rules.months_between(start, end))
	on = getdate(today())
	data = []
	for p in programs:
		c = counts.get(p.name, {"enrolled": 0, "open_offers": 0, "waiting": 0})
		days = [rules.days_waiting(d, on) for d in waiting.get(p.name, [])]
		by_destination = rules.count_by((e for e in exits if e.program == p.name), "exit_destination")
		data.append(
			{
				"program": p.name,
				"capacity": p.capacity or None,
				"enrolled": c["enrolled"],
				"free_places": rules.free_places(p.capacity, c["enrolled"], c["open_offers"]),
				"waitlisted": c["waiting"] + c["open_offers"],
				"open_offers": c["open_offers"],
				"median_wait": rules.median_wait(days),
				"longest_wait": max((d for d in days if d is not None), default=None),
				"exits": sum(by_destination.values()),
				"exit_destinations": "; ".join(
					f"{_(d)}: {n}" for d, n in sorted(by_destination.items(), key=lambda i: -i[1])
				),
				"units": "; ".join(
					f"{service}: {frappe.utils.fmt_money(sum(totals), precision=0)} {_(unit)}".strip()
					for (program, service, unit), totals in sorted(units.items())
					if program == p.name
				),
			}
		)
	return columns(), data, None, chart(data)


def waits(programs: list[str]) -> dict[str, list]:
	"""{program: [waitlisted_on of each client waiting]}: the program's whole waitlist, read
	for its count and median only."""
	rows = frappe.get_all(
		"Program Enrolment",
		filters={"program": ("in", programs or [""]), "status": "Waitlisted"},
		fields=["program", "waitlisted_on", "referral_date"],
		limit_page_length=0,
	)
	out: dict[str, list] = {}
	for r in rows:
		since = r.waitlisted_on or r.referral_date
		out.setdefault(r.program, []).append(getdate(since) if since else None)
	return out


def columns() -> list[dict]:
	def col(fieldname, label, fieldtype="Int", width=110, **kw):
		return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **kw}

	return [
		col("program", _("Program"), "Link", 180, options="Program"),
		col("capacity", _("Places")),
		col("enrolled", _("Enrolled")),
		col("free_places", _("Free places")),
		col("waitlisted", _("Waitlisted")),
		col("open_offers", _("Offers awaiting reply"), width=150),
		col("median_wait", _("Median days waiting"), "Float", 150, precision=1),
		col("longest_wait", _("Longest wait (days)"), width=140),
		col("exits", _("Exits")),
		col("exit_destinations", _("Exits by destination"), "Data", 280),
		col("units", _("Units delivered"), "Data", 260),
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [r["program"] for r in data],
			"datasets": [
				{"name": _("Enrolled"), "values": [r["enrolled"] for r in data]},
				{"name": _("Places"), "values": [r["capacity"] or 0 for r in data]},
				{"name": _("Waitlisted"), "values": [r["waitlisted"] for r in data]},
			],
		},
		"type": "bar",
		"colors": ["#2e7d32", "#9e9e9e", "#ef6c00"],
	}
