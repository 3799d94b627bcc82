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
			if (!el.name || el.disabled || el.closest("[data-income-row], [data-list-row]")) continue;
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
		if (form.hasAttribute("data-sections")) {
			// a discharge summary's sections: one object {section key: text}
			args.sections = {};
			$$("textarea[data-section]", form).forEach((el) => (args.sections[el.dataset.section] = el.value));
		}
		if (form.dataset.list) {
			// rows of a child table (emergency contacts): one object per row
			args[form.dataset.list] = $$("[data-list-row]", form).map((row) => {
				const out = {};
				$$("select, input, textarea", row).forEach((el) => (out[el.name] = el.type === "checkbox" ? (el.checked ? 1 : 0) : el.value));
				return out;
			});
		}
		return args;
	}

	// --- a referral's service: chosen from the services the chosen provider lists ------------
	function bindServices(root = document) {
		$$("select[data-services-of]", root).forEach((select) => {
			const provider = document.getElementById(select.dataset.servicesOf);
			if (!provider) return;
			const fill = () => {
				const option = provider.selectedOptions[0];
				let services = [];
				try {
					services = JSON.parse((option && option.dataset.services) || "[]");
				} catch (e) {
					services = [];
				}
				const first = document.createElement("option");
				first.value = "";
				first.textContent = provider.value && !services.length ? select.dataset.none : select.dataset.choose;
				select.replaceChildren(
					first,
					...services.map((name) => {
						const o = document.createElement("option");
						o.value = o.textContent = name;
						return o;
					})
				);
				select.disabled = !provider.value || !services.length;
			};
			provider.addEventListener("change", fill);
			fill();
		});
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
			if (form.hasAttribute("data-reload")) await afterAction(form, result);
			else if (result && result.notice) {
				sessionStorage.setItem("cm-notice", result.notice);
				showNotice();
			}
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

	// --- workflow steps: a step opens its confirmation (what it changes); only that moves ---
	function bindSteps(root = document) {
		$$("[data-step-toggle]", root).forEach((button) => {
			const panel = document.getElementById(button.getAttribute("aria-controls"));
			const close = () => {
				panel.hidden = true;
				button.setAttribute("aria-expanded", "false");
			};
			button.addEventListener("click", () => {
				const opening = panel.hidden;
				$$("[data-step-toggle][aria-expanded=true]", root).forEach((other) => other !== button && other.click());
				panel.hidden = !opening;
				button.setAttribute("aria-expanded", String(opening));
				if (opening) $("h3", panel).focus({ preventScroll: true });
			});
			$("[data-step-cancel]", panel).addEventListener("click", () => {
				close();
				button.focus();
			});
		});
	}

	// --- assessment ------------------------------------------------------------------------
	function renderAssessment(holder, data) {
		const words = holder.dataset;
		const form = document.createElement("form");
		form.className = "assessment";
		let domain = null;
		let html = "";
		if (data.previous) {
			html += `<p class="prefill"><button type="button" class="btn secondary" data-prefill>${escape(
				words.prefill.replace("{0}", data.previous.date)
			)}</button></p>`;
		}
		data.questions.forEach((q, i) => {
			if (q.domain !== domain) {
				html += `<h3>${escape(q.domain)}</h3>`;
				domain = q.domain;
			}
			html += `<fieldset data-question="${escape(q.code)}" id="question-${i}"><legend>${escape(q.question)}</legend>`;
			html += `<p class="unanswered-note" id="question-${i}-note" hidden>${escape(words.notAnswered)}</p>`;
			q.options.forEach((option, j) => {
				const id = `q${i}-${j}`;
				const checked = option === q.answer ? "checked" : "";
				html += `<div class="check"><input type="radio" id="${id}" name="${escape(q.code)}" value="${escape(option)}" ${checked}><label for="${id}">${escape(q.labels?.[option] || option)}</label></div>`;
			});
			html += "</fieldset>";
		});
		html += `<div class="form-alert" role="alert" tabindex="-1" hidden></div>
			<div class="buttons"><button type="submit" class="btn secondary" value="0">${escape(words.saveLabel)}</button>
			<button type="submit" class="btn" value="1">${escape(words.submitLabel)}</button></div>`;
		form.innerHTML = html;
		const alertBox = $(".form-alert", form);

		// An answer given clears the question's mark.
		form.addEventListener("change", (event) => {
			const set = event.target.closest("fieldset[data-question]");
			if (set) markQuestion(set, false);
		});

		$("[data-prefill]", form)?.addEventListener("click", (event) => {
			let filled = 0;
			Object.entries(data.previous.answers).forEach(([code, answer]) => {
				const group = $$(`input[type=radio]`, form).filter((el) => el.name === code);
				if (group.some((el) => el.checked)) return; // an answer given now is kept
				const match = group.find((el) => el.value === answer);
				if (match) {
					match.checked = true;
					markQuestion(match.closest("fieldset"), false);
					filled += 1;
				}
			});
			event.currentTarget.closest(".prefill").remove();
			announce(
				words.prefilled
					.replace("{0}", filled)
					.replace("{1}", data.previous.date)
			);
			$("input[type=radio]", form)?.focus();
		});

		form.addEventListener("submit", async (event) => {
			event.preventDefault();
			const submitting = event.submitter && event.submitter.value === "1";
			const answers = {};
			$$("input[type=radio]:checked", form).forEach((el) => (answers[el.name] = el.value));
			showError(form, "");
			if (submitting && !checkAnswered(form, alertBox, words)) return;
			try {
				const result = await call("case_management.api.portal.save_assessment", {
					assessment: data.name,
					answers,
					submit: submitting ? 1 : 0,
				});
				if (submitting) {
					const said = words.submitted
						.replace("{0}", result.total_score)
						.replace("{1}", result.risk_level || "—");
					await afterAction(form, result, said);
				} else announce(words.draftSaved || text("saved"));
			} catch (e) {
				showError(form, e.message);
			}
		});
		holder.replaceChildren(form);
		holder.hidden = false;
		$("input", form)?.focus();
	}

	function markQuestion(set, unanswered) {
		set.classList.toggle("unanswered", unanswered);
		const note = $(".unanswered-note", set);
		note.hidden = !unanswered;
		if (unanswered) set.setAttribute("aria-describedby", note.id);
		else set.removeAttribute("aria-describedby");
	}

	// Before submitting: every question needs an answer. Those without one are marked where
	// they are, listed by their text, and the first is brought into view with focus on it.
	function checkAnswered(form, box, words) {
		const sets = $$("fieldset[data-question]", form);
		const missing = sets.filter((set) => !$("input:checked", set));
		sets.forEach((set) => markQuestion(set, missing.includes(set)));
		if (!missing.length) return true;
		const heading = words.unanswered.replace("{0}", missing.length);
		box.innerHTML =
			`<p>${escape(heading)}</p><ul>` +
			missing.map((set) => `<li><a href="#${set.id}">${escape($("legend", set).textContent)}</a></li>`).join("") +
			"</ul>";
		box.hidden = false;
		$$("a", box).forEach((a) =>
			a.addEventListener("click", (event) => {
				event.preventDefault();
				goToQuestion($(a.getAttribute("href"), form));
			})
		);
		goToQuestion(missing[0]);
		return false;
	}

	function goToQuestion(set) {
		set.scrollIntoView({ block: "center" });
		$("input", set).focus({ preventScroll: true });
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
				if (r.open_case) {
					// One open case per client: open it rather than start another.
					html += `<br><a class="btn" href="/caseload/${encodeURIComponent(r.open_case)}">${escape(words.openTheCase)}</a>`;
					if (words.supervisor) {
						// ...unless a supervisor says why a second one is needed (kept on the case)
						html += `<details class="second-case"><summary>${escape(words.secondStart)}</summary>`;
						html += `<label class="small" for="second-${escape(r.name)}">${escape(words.secondLabel)}</label>`;
						html += `<textarea rows="2" id="second-${escape(r.name)}" data-second-for="${escape(r.name)}" aria-describedby="second-why-${escape(r.name)}"></textarea>`;
						html += `<span class="small muted" id="second-why-${escape(r.name)}">${escape(words.secondHelp)}</span>`;
						html += `<br><button type="button" class="btn secondary" data-start-case="${escape(r.name)}">${escape(words.secondStart)}</button></details>`;
					}
				} else if (r.can_open && r.open_cases) {
					const q = new URLSearchParams({ q: r.full_name || "" });
					html += `<br><a class="btn secondary" href="/caseload?${q}">${escape(words.open)}</a>`;
				} else if (r.open_cases) {
					html += `<br><span class="small warn">${escape(words.openElsewhere)}</span>`;
				} else {
					if (!r.can_open) {
						// Another caseload knows this person: opening the record needs a reason (logged, and
						// the caseworker and supervisor of any open case are told).
						html += `<br><label class="small" for="reason-${escape(r.name)}">${escape(words.reasonLabel)}</label>`;
						html += `<textarea rows="2" id="reason-${escape(r.name)}" data-reason-for="${escape(r.name)}" aria-describedby="why-${escape(r.name)}"></textarea>`;
						html += `<br><span class="small muted" id="why-${escape(r.name)}">${escape(words.reasonHelp)}</span>`;
					}
					html += `<br><button type="button" class="btn secondary" data-start-case="${escape(r.name)}">${escape(words.start)}</button>`;
				}
				html += `<p class="form-alert" role="alert" tabindex="-1" hidden></p></li>`;
			});
			html += `</ul><p><a href="#register">${escape(words.new)}</a></p>`;
			results.innerHTML = html;
			$$("[data-start-case]", results).forEach((b) =>
				b.addEventListener("click", async () => {
					const box = $(".form-alert", b.closest("li"));
					box.hidden = true;
					try {
						const why = $("[data-reason-for]", b.parentElement);
						const second = $("[data-second-for]", b.parentElement);
						const args = { client: b.dataset.startCase, reason: why ? why.value : "" };
						if (second) args.second_case_reason = second.value;
						else args.caseworker = window.cmUser; // a second case goes by the intake rule
						const r = await call("case_management.api.intake.start_case", args);
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

	// Say in words what an action did, in the page's live region; with `item`, a button takes
	// the reader to it.
	let liveTimer = null;
	function announce(message, item = null) {
		const live = $("#cm-live");
		if (!live || !message) return;
		live.textContent = "";
		clearTimeout(liveTimer);
		setTimeout(() => {
			const words = document.createElement("span");
			words.textContent = message;
			live.append(words);
			if (item) {
				const show = document.createElement("button");
				show.type = "button";
				show.className = "btn link";
				show.dataset.showIt = "";
				show.textContent = text("showIt");
				show.addEventListener("click", () => {
					item.scrollIntoView({ block: "center" });
					item.focus({ preventScroll: true });
				});
				live.append(" ", show);
			}
			liveTimer = setTimeout(() => (live.textContent = ""), 20000);
		}, 50);
	}

	// --- after an action: the page is brought up to date in place --------------------------
	// The case page is fetched again and each of its parts (the head and every card, known by
	// its heading) replaced by its new version, so the reader stays where they were: the card
	// they acted in keeps its place on the screen. The new item (data-row = the name the call
	// returns) is marked, the live region says in words what was saved, with "Show it" when
	// the item is out of view.
	const regionKey = (el) => el.getAttribute("aria-labelledby") || (el.matches(".case-head") ? "head" : "");
	const regions = (root) => $$("#main .case-head, #main section.card[aria-labelledby]", root);

	function newItemName(result) {
		if (!result || typeof result !== "object") return "";
		return result.member || result.visit || result.row || result.name || "";
	}

	function doneMessage(form, result) {
		if (result && result.message) return result.message;
		return form.dataset.done || text("saved");
	}

	async function afterAction(form, result, message) {
		const anchor = form.closest("#main section.card, #main .case-head");
		const key = anchor ? regionKey(anchor) : "";
		const top = anchor ? anchor.getBoundingClientRect().top : 0;
		let fresh;
		try {
			const response = await fetch(location.pathname + location.search, {
				credentials: "same-origin",
				headers: { Accept: "text/html" },
				cache: "no-store",
			});
			if (!response.ok) throw new Error(String(response.status));
			fresh = new DOMParser().parseFromString(await response.text(), "text/html");
		} catch (e) {
			location.reload(); // cannot bring it up to date in place: the page itself does
			return;
		}
		const byKey = new Map(regions(fresh).map((el) => [regionKey(el), el]));
		if (!byKey.size) {
			location.reload();
			return;
		}
		$$("#main > .notice").forEach((n) => n.remove());
		regions(document).forEach((old) => {
			const replacement = byKey.get(regionKey(old));
			if (!replacement) return;
			const node = document.importNode(replacement, true);
			old.replaceWith(node);
			bindForms(node);
			bindSteps(node);
			bindServices(node);
		});
		bindAssessment();
		bindChecklist();
		if (result && result.notice) {
			// Something the user must know about a save that worked (a partner not emailed yet).
			const box = document.createElement("p");
			box.className = "notice";
			box.setAttribute("role", "status");
			box.textContent = result.notice;
			$("#main").prepend(box);
		}
		const again = key && regions(document).find((el) => regionKey(el) === key);
		if (again) {
			window.scrollBy(0, again.getBoundingClientRect().top - top);
			// The card shrank out of view (a long form closed, as an assessment's does): show the
			// card itself rather than what follows it.
			const box = again.getBoundingClientRect();
			if (box.bottom < 120) {
				const shift = box.height < window.innerHeight ? box.top - 16 : box.bottom - window.innerHeight * 0.8;
				window.scrollBy(0, shift);
			}
		}

		const name = newItemName(result);
		const item = name && $(`#main [data-row="${CSS.escape(name)}"]`);
		let words = message || doneMessage(form, result);
		if (result && result.notice) words += " " + result.notice;
		if (item) {
			item.classList.add("just-saved");
			item.tabIndex = -1;
		}
		const visible = item && inView(item);
		if (visible) item.focus({ preventScroll: true });
		else {
			// the card's heading takes the focus (the button pressed was replaced), so a keyboard
			// user goes on from the card they acted in, not from the top of the page
			const heading = again && $("h2", again);
			if (heading) heading.tabIndex = -1;
			(heading || $("#main"))?.focus?.({ preventScroll: true });
		}
		announce(words, item && !visible ? item : null);
	}

	function inView(el) {
		const box = el.getBoundingClientRect();
		return box.bottom > 0 && box.top < window.innerHeight;
	}

	function showNotice() {
		const message = sessionStorage.getItem("cm-notice");
		if (!message) return;
		sessionStorage.removeItem("cm-notice");
		const box = document.createElement("p");
		box.className = "notice";
		box.setAttribute("role", "status");
		box.tabIndex = -1;
		box.textContent = message;
		$("#main").prepend(box);
		box.focus();
	}

	function init() {
		showNotice();
		bindForms();
		bindSteps();
		bindServices();
		bindAssessment();
		bindChecklist();
		bindIntake();
	}
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
	else init();
})();
