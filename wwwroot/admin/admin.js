// LocalPayGateway admin console: plain JS over the gateway's JSON API (docs/admin.md). No build step.
// Every check and every message comes from the API: the settings reader's messages are shown at their field.
"use strict";

const KEY_STORAGE = "lpg-api-key";
const $ = (id) => document.getElementById(id);
const money = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });
const STATUS = { pending: "Ожидает оплаты", paid: "Оплачен", declined: "Отклонён", timedOut: "Время истекло", cancelled: "Отменён", failed: "Не проведён" };
const SYSTEM = { sbp: "СБП", webMoney: "WebMoney", weChat: "WeChat Pay", alipay: "Alipay" };
const REFUND = { pending: "Выполняется", succeeded: "Выполнен", failed: "Не выполнен" };
const SETTINGS_FIELDS = ["mode", "agentId", "wmid", "posNumber", "agentKey", "crsId", "certificatePassword", "timeoutSeconds", "maxStatusErrors", "serverAddress", "serviceAddress"];
const SECRETS = ["agentKey", "certificatePassword"];
const NUMBERS = ["timeoutSeconds", "maxStatusErrors"];
const SYSTEMS = ["sbp", "webMoney", "weChat", "alipay"];

// ---- API access: X-Api-Key from sessionStorage; a 401 asks for the key once and retries.
let keyPrompt = null;
async function api(method, url, body, isForm, extraHeaders) {
  const send = () => {
    const headers = { Accept: "application/json", ...(extraHeaders || {}) };
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) headers["X-Api-Key"] = key;
    const init = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      if (isForm) init.body = body;
      else { headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    }
    return fetch(url, init);
  };
  let response = await send();
  if (response.status === 401) {
    await askKey(sessionStorage.getItem(KEY_STORAGE) ? "Ключ не подошёл. Введите ключ API ещё раз." : "");
    response = await send();
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  return { status: response.status, ok: response.ok, data, response };
}

function askKey(error) {
  if (keyPrompt) return keyPrompt;
  keyPrompt = new Promise((resolve) => {
    const dialog = $("key-dialog");
    show($("key-error"), error);
    $("api-key").value = "";
    $("key-form").onsubmit = (e) => {
      e.preventDefault();
      sessionStorage.setItem(KEY_STORAGE, $("api-key").value);
      dialog.close();
      keyPrompt = null;
      resolve();
    };
    dialog.showModal();
  });
  return keyPrompt;
}

// ---- Small helpers.
function show(element, text) {
  element.textContent = text || "";
  element.hidden = !text;
}
function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (className) e.className = className;
  return e;
}
function time(iso) { return iso ? new Date(iso).toLocaleString("ru-RU") : "—"; }
function fact(dl, term, value, className) {
  dl.append(el("dt", term));
  const dd = el("dd", value, className);
  dl.append(dd);
  return dd;
}
function problemText(r) {
  if (r.data && (r.data.detail || r.data.title)) return r.data.detail || r.data.title;
  return "Ошибка " + r.status;
}
function unavailable(r) {
  // The route itself is missing (a feature not in this build), not "the payment is unknown".
  return (r.status === 404 && !(r.data && r.data.code === "payment_not_found")) || r.status === 405;
}
function setResult(element, text, good) {
  element.textContent = text;
  element.className = "result " + (good === true ? "good" : good === false ? "bad" : "");
}

// ---- Pages (hash routes: #status, #settings, #journal, #payment/ID, #attention, #day).
const pages = { status: loadStatus, settings: loadSettings, journal: () => {}, payment: loadPayment, attention: loadAttention, day: () => updateCsvLink() };
function route() {
  const [page, arg] = (location.hash.slice(1) || "status").split("/");
  const name = pages[page] ? page : "status";
  for (const section of document.querySelectorAll(".page")) section.hidden = section.id !== "page-" + name;
  for (const link of document.querySelectorAll("nav a")) link.setAttribute("aria-current", link.dataset.page === name ? "page" : "false");
  pages[name](arg && decodeURIComponent(arg));
}

// ---- Состояние.
const CHECK_TITLES = { settings: "Файлы настроек", certificate: "Сертификат кассы", journal: "Журнал", webmoney: "Связь с WebMoney", clock: "Часы" };
const CHECK_STATUS = { healthy: "в порядке", degraded: "есть предупреждения", unhealthy: "ошибка" };
async function loadStatus() {
  const [ready, pending] = await Promise.all([api("GET", "/health/ready"), api("GET", "/payments?status=pending&limit=200")]);
  const report = ready.data;
  if (!report || !report.checks) { show($("ready-summary"), problemText(ready)); return; }
  $("sandbox-banner").hidden = report.mode !== "sandbox";
  const summary = $("ready-summary");
  summary.textContent = report.ready
    ? (report.status === "degraded" ? "Шлюз готов принимать платежи, но есть предупреждения (см. ниже)." : "Шлюз готов принимать платежи.")
    : "Шлюз НЕ готов принимать платежи: исправьте ошибки ниже.";
  summary.className = "summary " + (report.ready ? "good" : "bad");
  const check = (name) => report.checks.find((c) => c.name === name);
  const facts = $("status-facts");
  facts.replaceChildren();
  fact(facts, "Режим", report.mode === "sandbox" ? "песочница (тестовый эмулятор WebMoney)" : "рабочий (live)");
  const cert = check("certificate");
  fact(facts, "Сертификат", cert && cert.data.subject ? `${cert.data.subject} (${cert.data.file})` : "не загружен или не открывается");
  fact(facts, "Сертификат действует до", cert && cert.data.notAfter ? time(cert.data.notAfter) : "—");
  const wm = check("webmoney");
  fact(facts, "Последний ответ WebMoney", wm && wm.data.lastSuccessfulCallAt ? time(wm.data.lastSuccessfulCallAt) : "с запуска ещё не было");
  const clock = check("clock");
  const offset = clock && clock.data && (clock.data.offsetSeconds ?? clock.data.clockOffsetSeconds ?? clock.data.clockSkewSeconds);
  const skew = offset ?? (wm && wm.data.clockSkewSeconds);
  fact(facts, "Расхождение часов с WebMoney", skew === undefined || skew === null ? "ещё неизвестно (нет ответов WebMoney)" : `${skew} с`);
  fact(facts, "Проверено", time(report.checkedAt));

  const list = $("checks");
  list.replaceChildren();
  for (const c of report.checks) {
    const li = el("li", null, "check " + c.status);
    li.append(el("strong", `${CHECK_TITLES[c.name] || c.name}: ${CHECK_STATUS[c.status] || c.status}`));
    for (const m of c.messages || []) li.append(el("p", m.ru));
    list.append(li);
  }

  const items = (pending.data && pending.data.items) || [];
  const byTerminal = new Map();
  for (const p of items) {
    const t = byTerminal.get(p.terminalId) || { count: 0, sum: 0, first: p };
    t.count++; t.sum += p.amount; t.first = p;
    byTerminal.set(p.terminalId, t);
  }
  $("pending-empty").hidden = byTerminal.size > 0;
  $("pending-table").hidden = byTerminal.size === 0;
  const body = $("pending-table").tBodies[0];
  body.replaceChildren();
  for (const [terminal, t] of byTerminal) {
    const tr = el("tr");
    const link = el("a", "Открыть");
    link.href = "#payment/" + encodeURIComponent(t.first.id);
    tr.append(el("td", terminal), el("td", String(t.count)), el("td", money.format(t.sum)), el("td", time(t.first.createdAt)), el("td"));
    tr.lastChild.append(link);
    body.append(tr);
  }
}

async function checkConnection() {
  const out = $("connection-result");
  const button = $("connection-check");
  button.disabled = true;
  setResult(out, "Проверяем связь с WebMoney…");
  try {
    const r = await api("POST", "/settings/connection-check");
    if (r.ok && r.data) {
      setResult(out, r.data.message + (r.data.ok ? "" : (r.data.detail ? ` (${r.data.detail})` : "")), r.data.ok);
      out.dataset.stage = r.data.stage;
    } else {
      setResult(out, "Проверить связь нельзя: " + problemText(r), false);
      out.dataset.stage = r.data && r.data.code || "error";
    }
  } finally {
    button.disabled = false;
  }
}

// ---- Настройки.
function clearErrors(form) {
  for (const e of form.querySelectorAll(".error")) show(e, "");
}
function showErrors(errors, fieldMap) {
  const general = [];
  for (const [field, messages] of Object.entries(errors || {})) {
    const target = $("err-" + ((fieldMap && fieldMap[field]) || field));
    if (target) {
      show(target, messages.join(" "));
      const input = target.parentElement.querySelector("input, select");
      if (input) input.setAttribute("aria-invalid", "true");
    } else general.push(...messages);
  }
  return general;
}
async function loadSettings() {
  const [settings, types] = await Promise.all([api("GET", "/settings"), api("GET", "/settings/payment-types")]);
  const s = settings.data;
  if (!settings.ok || !s) { show($("settings-general-errors"), problemText(settings)); return; }
  $("sandbox-banner").hidden = !s.sandbox;
  $("settings-directory").textContent = s.directory || "—";
  for (const field of SETTINGS_FIELDS) {
    if (SECRETS.includes(field)) {
      $(field).value = "";
      $(field + "-state").textContent = s[field + "Set"] ? "задан" : "не задан";
    } else {
      $(field).value = s[field] ?? "";
    }
  }
  if (!s.mode) $("mode").value = "QrReceipt";
  for (const system of SYSTEMS) $("pt-" + system).value = types.data && types.data[system] != null ? types.data[system] : "";
  $("certificate-current").textContent = s.posNumber ? `Файл сертификата: ${s.posNumber}.pfx` : "Сначала укажите «Номер POS» и сохраните настройки.";
  const problems = (s.errors || []).concat(s.warnings || []);
  show($("settings-general-errors"), problems.length ? "Сейчас в настройках: " + problems.join(" • ") : "");
}

async function saveSettings(event) {
  event.preventDefault();
  const form = $("settings-form");
  clearErrors(form);
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const out = $("settings-result");
  const update = {};
  for (const field of SETTINGS_FIELDS) {
    const value = $(field).value;
    if (SECRETS.includes(field)) { if (value !== "") update[field] = value; continue; }
    if (NUMBERS.includes(field)) {
      if (value === "") continue;
      const n = Number(value);
      if (!Number.isInteger(n)) { show($("err-" + field), "Укажите целое число."); return; }
      update[field] = n;
      continue;
    }
    update[field] = value;
  }
  setResult(out, "Сохраняем…");
  const r = await api("PUT", "/settings", update);
  if (!r.ok) {
    const general = showErrors(r.data && r.data.errors);
    setResult(out, "Настройки не сохранены: исправьте ошибки" + (general.length ? ": " + general.join(" ") : " у полей."), false);
    return;
  }
  if (!$("payment-types").hidden) {
    const body = {};
    for (const system of SYSTEMS) { const v = $("pt-" + system).value; body[system] = v === "" ? null : Number(v); }
    const t = await api("PUT", "/settings/payment-types", body);
    if (!t.ok) {
      const general = showErrors(t.data && t.data.errors);
      setResult(out, "Настройки сохранены, но виды оплат — нет: исправьте ошибки" + (general.length ? ": " + general.join(" ") : " в таблице."), false);
      return;
    }
  }
  await loadSettings();
  const s = r.data;
  setResult(out, s.usable ? "Сохранено. Шлюз может принимать платежи." : "Сохранено. Шлюз пока не может принимать платежи: " + (s.errors || []).join(" • "), s.usable);
}

async function uploadCertificate(event) {
  event.preventDefault();
  const form = $("certificate-form");
  clearErrors(form);
  const out = $("certificate-result");
  const file = $("certificate").files[0];
  if (!file) { show($("err-certificate"), "Выберите файл сертификата .pfx."); return; }
  const data = new FormData();
  data.append("certificate", file, file.name);
  if ($("upload-password").value) data.append("certificatePassword", $("upload-password").value);
  setResult(out, "Проверяем сертификат…");
  const r = await api("PUT", "/settings/certificate", data, true);
  if (!r.ok) {
    const general = showErrors(r.data && r.data.errors, { certificatePassword: "upload-password" });
    setResult(out, "Сертификат не принят" + (general.length ? ": " + general.join(" ") : ": см. сообщение у поля."), false);
    return;
  }
  $("upload-password").value = "";
  setResult(out, `Сертификат принят и сохранён как ${r.data.file}: ${r.data.subject}, действует до ${time(r.data.notAfter)}.`, true);
  await loadSettings();
}

// ---- Журнал.
let journalCursor = null;
function journalQuery() {
  const q = new URLSearchParams({ limit: "50" });
  const date = $("f-date").value;
  if (date) {
    const from = new Date(date + "T00:00:00");
    const to = new Date(from); to.setDate(to.getDate() + 1);
    q.set("from", from.toISOString()); q.set("to", to.toISOString());
  }
  if ($("f-status").value) q.set("status", $("f-status").value);
  if ($("f-terminal").value.trim()) q.set("terminalId", $("f-terminal").value.trim());
  if ($("f-system").value) q.set("paymentSystem", $("f-system").value);
  return q;
}
async function findPayments(more) {
  const q = journalQuery();
  if (more && journalCursor) q.set("cursor", journalCursor);
  const body = $("journal-table").tBodies[0];
  if (!more) body.replaceChildren();
  const r = await api("GET", "/payments?" + q);
  if (!r.ok) {
    const errors = r.data && r.data.errors ? Object.values(r.data.errors).flat().join(" ") : problemText(r);
    show($("journal-error"), "Не удалось найти: " + errors);
    return;
  }
  show($("journal-error"), "");
  for (const p of r.data.items) body.append(paymentRow(p));
  journalCursor = r.data.nextCursor;
  $("journal-more").hidden = !journalCursor;
  $("journal-empty").hidden = body.rows.length > 0;
}
function paymentRow(p) {
  const tr = el("tr");
  tr.dataset.id = p.id;
  const link = el("a", "Открыть");
  link.href = "#payment/" + encodeURIComponent(p.id);
  tr.append(el("td", time(p.createdAt)), el("td", p.terminalId), el("td", p.receiptId || "—"), el("td", money.format(p.amount)),
    el("td", SYSTEM[p.paymentSystem] || p.paymentSystem), el("td", statusText(p)), el("td"));
  tr.lastChild.append(link);
  return tr;
}
function statusText(p) {
  let text = STATUS[p.status] || p.status;
  if (p.latePaid) text += " · ОПЛАЧЕН ПОЗДНО";
  else if (p.unresolved) text += " · не подтверждён WebMoney";
  return text;
}

// ---- Платёж: данные, история, возвраты.
let currentPayment = null;
async function loadPayment(id) {
  currentPayment = null;
  $("payment-title").textContent = "Платёж " + id;
  show($("payment-error"), "");
  setResult($("payment-recheck-result"), "");
  setResult($("refund-result"), "");
  const [pr, er] = await Promise.all([api("GET", "/payments/" + encodeURIComponent(id)), api("GET", "/payments/" + encodeURIComponent(id) + "/events")]);
  const facts = $("payment-facts");
  facts.replaceChildren();
  $("history").replaceChildren();
  if (!pr.ok) { show($("payment-error"), pr.status === 404 ? "Такого платежа нет в журнале." : problemText(pr)); return; }
  const p = currentPayment = pr.data;
  fact(facts, "Статус", statusText(p));
  fact(facts, "Сумма", money.format(p.amount));
  fact(facts, "Платёжная система", `${SYSTEM[p.paymentSystem] || p.paymentSystem}` + (p.paymentTypeCode != null ? ` (код ${p.paymentTypeCode})` : ""));
  fact(facts, "Касса", p.terminalId);
  fact(facts, "Чек", p.receiptId || "—");
  fact(facts, "Транзакция WebMoney", p.transactionId || "—");
  fact(facts, "Создан", time(p.createdAt));
  fact(facts, "Срок оплаты", time(p.deadline));
  fact(facts, "Завершён", time(p.completedAt));
  if (p.error) fact(facts, "Причина", p.error.message);
  if (p.refundedAmount !== undefined) fact(facts, "Возвращено", money.format(p.refundedAmount));
  if (p.refundableAmount !== undefined) fact(facts, "Можно вернуть", money.format(p.refundableAmount)).id = "payment-refundable";
  $("payment-recheck-row").hidden = !(p.status !== "pending" && p.unresolved);
  const history = $("history");
  for (const e of (er.data && er.data.items) || []) {
    const li = el("li", null, "event " + e.kind);
    li.append(el("time", time(e.at)), el("span", " " + e.text));
    if (e.count > 1) li.append(el("span", ` (×${e.count}, последний раз ${time(e.lastAt)})`, "repeat"));
    if (e.detail && e.kind === "webMoneyCall" && e.outcome !== "success") li.append(el("span", " — " + e.detail, "detail"));
    history.append(li);
  }
  if (!history.children.length) history.append(el("li", "История пуста (платёж создан до того, как шлюз начал её вести)."));
  await loadRefunds(p);
}

async function recheck(id, out, button) {
  button.disabled = true;
  setResult(out, "Спрашиваем WebMoney…");
  try {
    const r = await api("POST", `/payments/${encodeURIComponent(id)}/recheck`);
    if (r.ok) setResult(out, r.data.message, r.data.payment.latePaid ? false : true);
    else setResult(out, problemText(r), false);
    return r;
  } finally {
    button.disabled = false;
  }
}

// ---- Требуют внимания.
async function loadAttention() {
  const r = await api("GET", "/payments?attention=true&limit=200");
  const body = $("attention-table").tBodies[0];
  body.replaceChildren();
  if (!r.ok) { show($("attention-error"), problemText(r)); return; }
  show($("attention-error"), "");
  for (const p of r.data.items) {
    const tr = el("tr");
    tr.dataset.id = p.id;
    const what = p.latePaid
      ? "Оплачен после завершения: проверьте чек (деньги поступили)."
      : "WebMoney не подтвердил, что оплаты нет: проверяется в фоне.";
    const result = el("span", null, "result");
    const actions = el("td");
    const link = el("a", "Открыть");
    link.href = "#payment/" + encodeURIComponent(p.id);
    actions.append(link);
    if (p.unresolved && !p.latePaid) {
      const button = el("button", "Проверить сейчас");
      button.type = "button";
      button.addEventListener("click", async () => {
        const answer = await recheck(p.id, result, button);
        if (answer.ok && answer.data.changed) tr.cells[3].textContent = statusText(answer.data.payment);
      });
      actions.append(" ", button);
    }
    actions.append(" ", result);
    tr.append(el("td", time(p.createdAt)), el("td", p.terminalId), el("td", money.format(p.amount)), el("td", statusText(p)), el("td", what), actions);
    body.append(tr);
  }
  $("attention-empty").hidden = r.data.items.length > 0;
  $("attention-table").hidden = r.data.items.length === 0;
  await loadAttentionRefunds();
}

// ---- Wiring (the refund and end-of-day handlers are in admin-refunds.js and admin-day.js).
document.addEventListener("DOMContentLoaded", () => {
  $("connection-check").addEventListener("click", checkConnection);
  $("settings-form").addEventListener("submit", saveSettings);
  $("certificate-form").addEventListener("submit", uploadCertificate);
  $("payment-types-toggle").addEventListener("click", () => {
    const table = $("payment-types");
    table.hidden = !table.hidden;
    $("payment-types-toggle").setAttribute("aria-expanded", String(!table.hidden));
  });
  $("journal-filters").addEventListener("submit", (e) => { e.preventDefault(); findPayments(false); });
  $("journal-more").addEventListener("click", () => findPayments(true));
  $("refund-form").addEventListener("submit", refund);
  $("payment-recheck").addEventListener("click", async () => {
    const r = await recheck(currentPayment.id, $("payment-recheck-result"), $("payment-recheck"));
    if (r.ok && r.data.changed) { const message = $("payment-recheck-result").textContent; await loadPayment(currentPayment.id); setResult($("payment-recheck-result"), message, !r.data.payment.latePaid); }
  });
  $("day-form").addEventListener("submit", showDay);
  $("day-csv").addEventListener("click", downloadCsv);
  $("d-date").addEventListener("change", updateCsvLink);
  $("day-reconcile").addEventListener("click", reconcile);
  window.addEventListener("hashchange", route);
  route();
});
