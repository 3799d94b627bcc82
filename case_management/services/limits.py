"""Request limits in fixed windows that always expire.

Frappe's own `frappe.rate_limiter.rate_limit` reads the count, then adds one: a window that
expires between the two is counted again without an expiry, and from then on every request with
that key is refused for good (an office behind one address locked out of a link page, a gateway
out of the webhook). Here the window is opened with its expiry and counted in one Redis
transaction, so it cannot lose its expiry. `rate_limit` takes the same arguments as Frappe's
decorator and keys the counts the same way (per method, per address and/or per argument).
"""

from collections.abc import Callable
from functools import wraps

import frappe
from frappe import _


def count(name: str, seconds: int) -> int:
	"""One more in the window `name` of `seconds`; the count so far, this one included."""
	key = frappe.cache.make_key(f"rl:{name}")
	pipe = frappe.cache.pipeline()
	pipe.set(key, 0, ex=seconds, nx=True)
	pipe.incrby(key, 1)
	return pipe.execute()[1]


def within_limit(name: str, limit: int, seconds: int = 60) -> bool:
	"""Count one more in the window and say whether it is still within `limit`."""
	return count(name, seconds) <= limit


def rate_limit(
	key: str | None = None,
	limit: int | Callable[[], int] = 5,
	seconds: int = 24 * 60 * 60,
	ip_based: bool = True,
):
	"""Refuse a whitelisted method's request past `limit` in `seconds`, counted per requesting
	address (`ip_based`), per value of the request argument `key`, or per both."""

	def decorator(fn):
		@wraps(fn)
		def wrapper(*args, **kwargs):
			if not getattr(frappe.local, "request", None):
				return fn(*args, **kwargs)
			parts = []
			if ip_based:
				parts.append(frappe.local.request_ip or "")
			if key:
				parts.append(str(frappe.form_dict.get(key) or ""))
			identity = ":".join(p for p in parts if p)
			if not identity:
				frappe.throw(_("This request cannot be counted, so it is refused."), frappe.PermissionError)
			allowed = limit() if callable(limit) else limit
			if not within_limit(f"{frappe.form_dict.cmd or fn.__name__}:{identity}", allowed, seconds):
				frappe.throw(
					_("Too many requests. Please try again later."),
					frappe.RateLimitExceededError,
					title=_("Too many requests"),
				)
			return fn(*args, **kwargs)

		return wrapper

	return decorator
