"""Small Frappe-side helpers shared by controllers."""

import frappe
from frappe import _
from frappe.model.naming import NamingSeries
from frappe.utils import getdate, today

from case_management.engine.people import is_future_date
from case_management.engine.phones import InvalidPhoneNumber, display_phone, normalize_phone


def shown_phone(raw: str | None) -> str:
	"""A number as a person reads it on a page: "(951) 555-0100" for the agency's own region,
	the international form otherwise; text that is not a number (a short code) as it is."""
	if not raw:
		return ""
	return display_phone(raw, phone_region()) or ""


def phone_region() -> str:
	return frappe.db.get_single_value("Case Management Settings", "default_phone_region") or "US"


def normalize_phone_field(doc, fieldname: str, region: str | None = None) -> None:
	"""Store `doc.<fieldname>` in E.164 form, or refuse it with a clear message."""
	raw = doc.get(fieldname)
	try:
		doc.set(fieldname, normalize_phone(raw, region or phone_region()))
	except InvalidPhoneNumber:
		label = _(doc.meta.get_label(fieldname))
		frappe.throw(
			_(
				"{0} {1} is not a phone number we can read. Include the area code, or the country code for a foreign number."
			).format(label, frappe.bold(frappe.utils.escape_html(raw))),
			title=_("Invalid phone number"),
		)


def validate_birth_date(doc, fieldname: str = "date_of_birth") -> None:
	value = doc.get(fieldname)
	if value and is_future_date(getdate(value), getdate(today())):
		frappe.throw(
			_("{0} cannot be in the future.").format(_(doc.meta.get_label(fieldname))),
			title=_("Invalid date of birth"),
		)


def reserve_names(doctype: str, count: int) -> list[str]:
	"""Take `count` names from the doctype's naming series in one step."""
	if count <= 0:
		return []
	series = frappe.get_meta(doctype).get_field("naming_series").options.split("\n")[0]
	pattern = series if "#" in series else series + ".#####"
	prefix = NamingSeries(pattern).get_prefix()
	digits = pattern.count("#")
	# One upsert takes the row's exclusive lock at once. INSERT IGNORE followed by SELECT ...
	# FOR UPDATE let two chunk jobs reserving at the same moment each hold a shared lock and
	# wait for the other's exclusive one: a deadlock (MariaDB error 1213) that failed a chunk.
	frappe.db.sql(
		"""insert into `tabSeries` (name, current) values (%(prefix)s, %(count)s)
		on duplicate key update current = current + %(count)s""",
		{"prefix": prefix, "count": count},
	)
	current = frappe.db.sql("select current from `tabSeries` where name = %s", (prefix,))[0][0] - count
	return [f"{prefix}{str(n).zfill(digits)}" for n in range(current + 1, current + count + 1)]
