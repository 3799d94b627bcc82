// The caseworker portal's script: calls the app's whitelisted methods the way frappe.call
// does (JSON over /api/method, with the session's CSRF token), shows errors inline, and
// sends a user whose session has ended to log in and back.
(() => {
	"use strict";
	const $ = (sel, root = document) => root.querySelector(sel);
	const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
	const text = (key) => ($("#cm-messages") || { dataset: {} }).dataset[key] || "";

	class CallError extends Error {}

	function serverMessage(body) {
		try {
			const messages = JSON.parse(body._server_messages || "[]").map((m) => {
				const parsed = JSON.parse(m);
				return parsed.message || parsed;
			});
			if (messages.length) return messages.join(" ");
		} catch (e) {
			/* fall through */
		}
		if (body.exception) return String(body.exception).replace(/^[\w.]+: /, "");
		return text("failed");
	}

	async function sessionEnded() {
		try {
			const r = await fetch("/api/method/frappe.auth.get_logged_user", {
				headers: { Accept: "application/json" },
				credentials: "same-origin",
			});
			if (!r.ok) return true;
			const body = await r.json();
			return !body.message || body.message === "Guest";
		} catch (e) {
			return false;
		}
	}

	function toLogin() {
		const back = location.pathname + location.search;
		location.href = "/login?redirect-to=" + encodeURIComponent(back);
	}

	async function call(method, args = {}, httpMethod = "POST") {
		let url = "/api/method/" + method;
		const init = {
			method: httpMethod,
			credentials: "same-origin",
			headers: { Accept: "application/json", "X-Frappe-CSRF-Token": window.frappe.csrf_token || "" },
		};
		if (httpMethod === "GET") {
			url += "?" + new URLSearchParams(args).toString();
		} else {
			init.headers["Content-Type"] = "application/json";
			init.body = JSON.stringify(args);
		}
		let response;
		try {
			response = await fetch(url, init);
		} catch (e) {
			throw new CallError(text("failed"));
		}
		let body = {};
		try {
			body = await response.json();
		} catch (e) {
			/* not JSON: a proxy error page */
		}
		if (response.ok) return body.message;
		if ((response.status === 401 || response.status === 403) && (await sessionEnded())) {
			toLogin();
			throw new CallError(text("sessionExpired"));
		}
		throw new CallError(serverMessage(body));
	}
	window.cm = { call };

	function showError(form, message) {
		const box = $(".form-alert", form) || $(".form-alert", form.parentElement);
		if (!box) return;
		box.textContent = message;
		box.hidden = !message;
		if (message) box.focus?.();
	}

	function formArgs(form, submitter) {
		const args = {};
		for (const el of form.elements) {
			if (!el.name || el.disabled || el.closest("[data-income-row]")) continue;
			if (el.type === "checkbox") args[el.name] = el.checked ? 1 : 0;
			else if (el.type === "radio") {
				if (el.checked) args[el.name] = el.value;
			} else if (el.type !== "submit") args[el.name] = el.value;
		}
		if (submitter && submitter.name) args[submitter.name] = submitter.value;
		if (form.hasAttribute("data-household")) {
			args.income = $$("[data-income-row]", form).map((row) => {
				const out = {};
				$$("select, input", row).forEach((el) => (out[el.name] = el.value));
				return out;
			});
		}
		return args;
	}

	async function submit(form, submitter) {
		if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
		showError(form, "");
		const buttons = $$("button", form);
		buttons.forEach((b) => (b.disabled = true));
		form.setAttribute("aria-busy", "true");
		try {
			const result = await call(form.dataset.method, formArgs(form, submitter));
			form.dispatchEvent(new CustomEvent("cm:done", { detail: result }));
			if (form.hasAttribute("data-reload")) location.reload();
		} catch (e) {
			showError(form, e.message);
		} finally {
			buttons.forEach((b) => (b.disabled = false));
			form.removeAttribute("aria-busy");
		}
	}

	function bindForms(root = document) {
		$$("form[data-method]", root).forEach((form) => {
			form.noValidate = true; // the server's message is shown inline instead
			form.addEventListener("submit", (event) => {
				event.preventDefault();
				submit(form, event.submitter);
			});
		});
		$$("[data-add-income]", root).forEach((button) =>
			button.addEventListener("click", () => {
				const rows = $$("[data-income-row]", button.closest("fieldset"));
				const copy = rows[rows.length - 1].cloneNode(true);
				$$("input", copy).forEach((el) => (el.value = ""));
				$$("select[name=source]", copy).forEach((el) => (el.value = ""));
				button.before(copy);
				$("select", copy).focus();
			})
		);
	}

	// --- assessment ------------------------------------------------------------------------
	function renderAssessment(holder, data) {
		const form = document.createElement("form");
		form.className = "assessment";
		let domain = null;
		let html = "";
		data.questions.forEach((q, i) => {
			if (q.domain !== domain) {
				html += `<h3>${escape(q.domain)}</h3>`;
				domain = q.domain;
			}
			html += `<fieldset><legend>${escape(q.question)}</legend>`;
			q.options.forEach((option, j) => {
				const id = `q${i}-${j}`;
				const checked = option === q.answer ? "checked" : "";
				html += `<div class="check"><input type="radio" id="${id}" name="${escape(q.code)}" value="${escape(option)}" ${checked}><label for="${id}">${escape(option)}</label></div>`;
			});
			html += "</fieldset>";
		});
		html += `<p class="form-alert" role="alert" tabindex="-1" hidden></p>
			<div class="buttons"><button type="submit" class="btn secondary" value="0">${escape(holder.dataset.saveLabel || "Save draft")}</button>
			<button type="submit" class="btn" value="1">${escape(holder.dataset.submitLabel || "Submit")}</button></div>`;
		form.innerHTML = html;
		form.addEventListener("submit", async (event) => {
			event.preventDefault();
			const answers = {};
			$$("input[type=radio]:checked", form).forEach((el) => (answers[el.name] = el.value));
			showError(form, "");
			try {
				await call("case_management.api.portal.save_assessment", {
					assessment: data.name,
					answers,
					submit: event.submitter && event.submitter.value === "1" ? 1 : 0,
				});
				location.reload();
			} catch (e) {
				showError(form, e.message);
			}
		});
		holder.replaceChildren(form);
		holder.hidden = false;
		$("input", form)?.focus();
	}

	function escape(value) {
		const div = document.createElement("div");
		div.textContent = value == null ? "" : String(value);
		return div.innerHTML.replace(/"/g, "&quot;");
	}

	function bindAssessment() {
		const button = $("[data-start-assessment]");
		if (!button) return;
		button.addEventListener("click", async () => {
			const section = button.closest("section");
			const box = $(":scope > .form-alert", section);
			box.hidden = true;
			try {
				const data = await call("case_management.api.portal.start_assessment", {
					case: button.dataset.startAssessment,
				});
				renderAssessment($("#assessment-form"), data);
				button.hidden = true;
			} catch (e) {
				box.textContent = e.message;
				box.hidden = false;
			}
		});
	}

	// --- checklist: each tick is saved at once ----------------------------------------------
	function bindChecklist() {
		const list = $("[data-checklist]");
		if (!list) return;
		const box = $(".form-alert", list.parentElement);
		$$("input[data-item]", list).forEach((input) =>
			input.addEventListener("change", async () => {
				box.hidden = true;
				input.disabled = true;
				try {
					const r = await call("case_management.api.portal.set_checklist_item", {
						case: list.dataset.checklist,
						item: input.dataset.item,
						completed: input.checked ? 1 : 0,
					});
					$("[data-progress]").textContent = Math.round(r.checklist_progress);
					input.closest("li").className = input.checked ? "done" : "todo";
				} catch (e) {
					input.checked = !input.checked;
					box.textContent = e.message;
					box.hidden = false;
				} finally {
					input.disabled = false;
				}
			})
		);
	}

	// --- intake ----------------------------------------------------------------------------
	function bindIntake() {
		const search = $("#intake-search");
		if (!search) return;
		const words = $("#intake-text").dataset;
		const results = $("#intake-results");
		const register = $("#register");
		search.addEventListener("submit", async (event) => {
			event.preventDefault();
			showError(search, "");
			const v = Object.fromEntries(new FormData(search).entries());
			const name = [v.first_name, v.last_name].map((s) => s.trim()).filter(Boolean).join(" ");
			try {
				const [found, likely] = await Promise.all([
					call("case_management.api.intake.find_clients", {
						name,
						date_of_birth: v.date_of_birth,
						phone: v.phone,
					}),
					call("case_management.api.duplicates.likely_duplicates", v),
				]);
				const rows = new Map();
				(likely || []).forEach((r) => rows.set(r.name, { ...r, likely: true }));
				(found || []).forEach((r) => rows.set(r.name, { ...(rows.get(r.name) || {}), ...r }));
				renderFound(Array.from(rows.values()));
				["first_name", "last_name", "date_of_birth", "phone"].forEach((k) => {
					const el = $(`#intake-register [name=${k}]`);
					if (el && !el.value) el.value = v[k] || "";
				});
				$("#confirm-new").hidden = !(likely || []).length;
				register.hidden = false;
			} catch (e) {
				showError(search, e.message);
			}
		});

		// A birth date as the site shows dates elsewhere (System Settings: dd-mm-yyyy, mm/dd/yyyy ...).
		function siteDate(iso) {
			const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
			if (!m) return iso || "—";
			return (words.dateFormat || "yyyy-mm-dd").replace("yyyy", m[1]).replace("mm", m[2]).replace("dd", m[3]);
		}

		function renderFound(rows) {
			if (!rows.length) {
				results.innerHTML = `<p>${escape(words.none)}</p>`;
				return;
			}
			let html = `<p>${escape(words.found)}</p><ul class="plain found">`;
			rows.forEach((r) => {
				html += `<li><b>${escape(r.full_name)}</b> · ${escape(words.born)} ${escape(siteDate(r.date_of_birth))} · ${escape(r.phone || "")}`;
				if (r.likely) html += ` <span class="badge risk-medium">${escape(words.likely)}</span>`;
				if (r.open_cases)
					html += ` · ${r.open_cases} ${escape(r.open_cases === 1 ? words.openCase : words.openCases)}`;
				if (r.reasons && r.reasons.length) html += `<br><span class="small muted">${escape(r.reasons.join(", "))}</span>`;
				if (r.can_open && r.open_cases) {
					const q = new URLSearchParams({ q: r.full_name || "" });
					html += `<br><a class="btn secondary" href="/caseload?${q}">${escape(words.open)}</a>`;
				} else {
					html += `<br><button type="button" class="btn secondary" data-start-case="${escape(r.name)}">${escape(words.start)}</button>`;
				}
				html += `<p class="form-alert" role="alert" tabindex="-1" hidden></p></li>`;
			});
			html += `</ul><p><a href="#register">${escape(words.new)}</a></p>`;
			results.innerHTML = html;
			$$("[data-start-case]", results).forEach((b) =>
				b.addEventListener("click", async () => {
					const box = $(".form-alert", b.parentElement);
					box.hidden = true;
					try {
						const r = await call("case_management.api.intake.start_case", {
							client: b.dataset.startCase,
							caseworker: window.cmUser,
						});
						location.href = r.can_read ? "/caseload/" + encodeURIComponent(r.name) : "/caseload";
					} catch (e) {
						box.textContent = e.message;
						box.hidden = false;
					}
				})
			);
		}

		$("#intake-register").addEventListener("cm:done", (event) => {
			location.href = "/caseload/" + encodeURIComponent(event.detail.case);
		});
	}

	function init() {
		bindForms();
		bindAssessment();
		bindChecklist();
		bindIntake();
	}
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
	else init();
})();
