"""Demo texts from clients (#21): replies to reminders, a few opt-outs, questions for the
caseworker, one from a number no client has and a STOP from an emergency contact's number — all
through the same code as the gateway's webhook (services/inbound.py, acted on at once), so what
they did to visits, clients, tasks and the opt-out list (Text Opt-out) is real."""

import random

import frappe

from case_management.services.inbound import store_and_act

REPLIES = ("C", "Sí", "R", "STOP", "Can I bring my son to the visit?", "¿Puedo cambiar la hora?", "HELP")


def make_texts(rng: random.Random, count: int = 12) -> int:
	if not frappe.db.get_single_value("Case Management Settings", "agency_name"):
		frappe.db.set_single_value("Case Management Settings", "agency_name", "Demo Family Services")
	phones = frappe.get_all(
		"Client",
		filters={"phone": ("is", "set"), "ok_to_sms": 1, "sms_opted_out": 0},
		pluck="phone",
		limit=200,
		order_by="name",
	)
	made = 0
	for phone in rng.sample(phones, min(count, len(phones))):
		store_and_act(f"demo-{frappe.generate_hash(length=12)}", phone, rng.choice(REPLIES))
		made += 1
	store_and_act(
		f"demo-{frappe.generate_hash(length=12)}", unused_number(), "Who is this? Is this the shelter?"
	)
	# An emergency contact who does not want the agency's texts: kept on the opt-out list, and
	# the client's safety alerts will call them instead.
	contact = frappe.get_all(
		"Client Emergency Contact",
		filters={"parenttype": "Client", "phone": ("is", "set"), "receives_safety_alerts": 1},
		pluck="phone",
		order_by="parent",
		limit=1,
	)
	if contact:
		store_and_act(f"demo-{frappe.generate_hash(length=12)}", contact[0], "STOP")
		made += 1
	return made + 1


def unused_number() -> str:
	"""A fictional number (555-01xx) that no client or contact of the demo has."""
	for last in range(177, 200):
		number = f"+1951555{last:04d}"
		if not (
			frappe.db.exists("Client", {"phone": number})
			or frappe.db.exists("Client", {"alternate_phone": number})
			or frappe.db.exists("Client Emergency Contact", {"phone": number})
		):
			return number
	return "+19515550000"
