"""A stand-in HTTP SMS gateway on loopback, controlled by the tests."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import frappe


class Gateway:
	"""Records what arrives; `mode` decides the answer: "ok", "error" (HTTP 500), "slow"."""

	def __init__(self):
		self.received: list[dict] = []
		self.mode = "ok"
		gateway = self

		class Handler(BaseHTTPRequestHandler):
			def do_POST(self):
				body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
				try:
					if gateway.mode == "slow":
						time.sleep(2.5)  # longer than the timeout the tests set
						return
					if gateway.mode == "error":
						self.send_response(500)
						self.end_headers()
						return
					gateway.received.append({k: v[0] for k, v in parse_qs(body).items()})
					self.send_response(200)
					self.end_headers()
					self.wfile.write(json.dumps({"status": "queued"}).encode())
				except (BrokenPipeError, ConnectionResetError):
					pass  # the client gave up waiting

			def log_message(self, *args):
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
		self.thread.start()

	def stop(self):
		self.server.shutdown()
		self.server.server_close()


def configure_sms_settings(url: str) -> None:
	"""Point Frappe's SMS Settings at `url`, as an agency would in the desk."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	settings = frappe.get_single("SMS Settings")
	settings.sms_gateway_url = url
	settings.message_parameter = "text"
	settings.receiver_parameter = "to"
	settings.use_post = 1
	settings.set("parameters", [{"parameter": "api_key", "value": "test-key", "header": 0}])
	settings.save()
	frappe.set_user(user)
