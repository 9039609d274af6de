// LocalPayGateway admin console: plain JS over the gateway's JSON API (docs/admin.md). No build step.
// Every check and every message comes from the API: the settings reader's messages are shown at their field.
"use strict";

const KEY_STORAGE = "lpg-api-key";
const $ = (id) => document.getElementById(id);
const money = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });
const STATUS = { pending: "Ожидает оплаты", paid: "Оплачен", declined: "Отклонён", timedOut: "Время истекло", cancelled: "Отменён", failed: "Не проведён" };
// The systems' short names come from the gateway (/display/texts.js, built from Gateway/Payments/PaymentSystems.cs).
const SYSTEM = Object.fromEntries(Object.entries(window.displayTexts.systems).map(([api, texts]) => [api, texts.name]));
const REFUND = { pending: "Выполняется", succeeded: "Выполнен", failed: "Не выполнен" };
const SETTINGS_FIELDS = ["mode", "agentId", "wmid", "posNumber", "agentKey", "crsId", "certificatePassword", "timeoutSeconds", "maxStatusErrors", "serverAddress", "serviceAddress"];
const SECRETS = ["agentKey", "certificatePassword"];
const NUMBERS = ["timeoutSeconds", "maxStatusErrors"];
const SYSTEMS = Object.keys(SYSTEM);

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
// Called, not referenced: the status and settings pages live in admin-status.js and admin-settings.js, loaded after this file.
const pages = { status: () => loadStatus(), settings: () => loadSettings(), journal: () => {}, payment: loadPayment, attention: loadAttention, day: () => updateCsvLink() };
function route() {
  const [page, arg] = (location.hash.slice(1) || "status").split("/");
  const name = pages[page] ? page : "status";
  for (const section of document.querySelectorAll(".page")) section.hidden = section.id !== "page-" + name;
  for (const link of document.querySelectorAll("nav a")) link.setAttribute("aria-current", link.dataset.page === name ? "page" : "false");
  pages[name](arg && decodeURIComponent(arg));
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

// ---- Wiring (the other handlers are in admin-status.js, admin-settings.js, admin-refunds.js and admin-day.js).
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
