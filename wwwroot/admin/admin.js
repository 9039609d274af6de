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
function browserToday() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
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
// The pages live in admin-status.js, admin-settings.js, admin-journal.js, admin-refunds.js and admin-day.js, all loaded
// (deferred) before DOMContentLoaded, when the first route() runs.
function route() {
  const pages = { status: loadStatus, settings: loadSettings, journal: openJournal, payment: loadPayment, attention: loadAttention, day: openDay };
  const [page, arg] = (location.hash.slice(1) || "status").split("/");
  const name = pages[page] ? page : "status";
  for (const section of document.querySelectorAll(".page")) section.hidden = section.id !== "page-" + name;
  for (const link of document.querySelectorAll("nav a")) link.setAttribute("aria-current", link.dataset.page === name ? "page" : "false");
  pages[name](arg && decodeURIComponent(arg));
}

// The sandbox banner on every page, whichever the console opens on (a link to #journal included): /health/ready names
// the mode to anyone, with or without the API key.
async function showMode() {
  const r = await api("GET", "/health/ready");
  if (r.data && r.data.mode) $("sandbox-banner").hidden = r.data.mode !== "sandbox";
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
  showMode();
  route();
  showVersion();
});

// The footer: the gateway's version and the journal schema it writes (/health/live, no key needed).
async function showVersion() {
  const response = await fetch("/health/live", { headers: { Accept: "application/json" } }).catch(() => null);
  const live = response && response.ok ? await response.json().catch(() => null) : null;
  if (live) $("version").textContent = `LocalPayGateway ${live.version} · схема журнала ${live.journalSchemaVersion}`;
}
