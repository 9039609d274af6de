// LocalPayGateway admin console, «Итоги дня»: the daily totals, the CSV, the reconciliation with WebMoney (docs/admin.md). Loaded after admin.js, which holds api(), the helpers and the wiring.
"use strict";

// ---- Итоги дня.
function dayDate() {
  if (!$("d-date").value) $("d-date").value = browserToday();
  return $("d-date").value;
}
// The reports' day is the day in Gateway:TimeZone, which may not be the browser's (a PC set to UTC, an admin
// elsewhere): the first report answer names the zone, and today is taken in it. A zone id the browser does not know
// (a Windows id) leaves the browser's today.
let dayZone = null;
function todayIn(zone) {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  } catch (e) {
    return null;
  }
}
async function openDay() {
  if (!$("d-date").value) {
    if (dayZone === null) {
      const r = await api("GET", "/reports/daily?date=" + browserToday());
      dayZone = (r.ok && r.data && r.data.timeZone) || "";
    }
    const today = dayZone && todayIn(dayZone);
    if (!$("d-date").value) $("d-date").value = today || browserToday();
  }
  updateCsvLink();
  // The page shows its day at once (today on the first visit): an empty page reads as "no payments".
  await showDay();
}
function totalsTable(totals) {
  const table = el("table", null, "list");
  table.append(el("thead"));
  table.tHead.append(el("tr"));
  for (const h of ["Система", "Оплат", "Оплачено", "Возвратов", "Возвращено", "Итого"]) table.tHead.rows[0].append(el("th", h));
  const body = el("tbody");
  for (const t of totals) {
    const tr = el("tr");
    tr.append(el("td", SYSTEM[t.paymentSystem] || t.paymentSystem || "Всего"), el("td", String(t.paidCount)), el("td", money.format(t.paidAmount)),
      el("td", String(t.refundedCount)), el("td", money.format(t.refundedAmount)), el("td", money.format(t.netAmount)));
    body.append(tr);
  }
  table.append(body);
  return table;
}
function csvUrl() { return "/reports/daily.csv?date=" + encodeURIComponent(dayDate()); }
function updateCsvLink() {
  const link = $("day-csv");
  link.href = csvUrl();
  link.download = `daily-${dayDate()}.csv`;
}
let dayRequest = 0;
async function showDay(event) {
  if (event) event.preventDefault();
  updateCsvLink();
  const out = $("day-result");
  out.replaceChildren(el("p", "Загружаем итоги…"));
  // Only the latest request draws: the totals loaded on open must not overwrite a day asked for meanwhile.
  const request = ++dayRequest;
  const r = await api("GET", "/reports/daily?date=" + dayDate());
  if (request !== dayRequest) return;
  out.replaceChildren();
  if (unavailable(r)) { out.append(el("p", "Итоги дня недоступны в этой версии шлюза.", "result bad")); return; }
  if (!r.ok) { out.append(el("p", problemText(r), "result bad")); return; }
  const d = r.data;
  out.append(el("p", `Итоги за ${d.date} (часовой пояс ${d.timeZone}). Требуют внимания: ${d.attentionCount}.`));
  out.append(totalsTable(d.totals || []));
  for (const t of d.byTerminal || []) {
    out.append(el("h3", "Касса " + t.terminalId));
    out.append(totalsTable(t.totals || []));
  }
}
async function downloadCsv(event) {
  // The link works as is without an API key; with one, a navigation cannot send X-Api-Key, so fetch and save a blob.
  const key = sessionStorage.getItem(KEY_STORAGE);
  updateCsvLink();
  if (!key) return;
  if (event) event.preventDefault();
  const response = await fetch(csvUrl(), { headers: { "X-Api-Key": key } });
  if (response.status === 401) { await askKey("Ключ не подошёл. Введите ключ API ещё раз."); return downloadCsv(); }
  if (!response.ok) {
    $("day-result").replaceChildren(el("p", response.status === 404 || response.status === 405 ? "Итоги дня недоступны в этой версии шлюза." : "Ошибка " + response.status, "result bad"));
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = el("a");
  link.href = url;
  link.download = `daily-${dayDate()}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
const WM_STATUS = { Created: "создан", WaitingForPayment: "ожидает оплаты", Paid: "оплачен", Rejected: "отклонён", Expired: "истёк", Cancelled: "отменён" };
function journalStatus(j) { return j.latePaid ? "оплачен поздно" : (STATUS[j.status] || j.status).toLowerCase(); }
function mismatchText(m) {
  const j = m.journal, w = m.webMoney;
  const who = `Платёж ${m.paymentId} (транзакция WebMoney ${m.transactionId})`;
  switch (m.kind) {
    case "missing_in_journal": return `${who}: есть у WebMoney (${WM_STATUS[w.status] || w.status}, ${money.format(w.amount)}), но нет в журнале шлюза.`;
    case "status_differs": return `${who}: в журнале «${journalStatus(j)}», у WebMoney «${WM_STATUS[w.status] || w.status}».`
      + (w.status === "Paid" ? " Деньги поступили: платёж отмечен как оплаченный поздно, проверьте чек." : "");
    case "amount_differs": return `${who}: сумма в журнале ${money.format(j.amount)}, у WebMoney ${money.format(w.amount)}.`;
    case "refund_differs": return m.refund
      ? `${who}: возврат ${money.format(m.refund.amount)} (${m.refund.refundId}) в журнале был «${m.refund.journalStatus === "failed" ? "не выполнен" : "в обработке"}», а WebMoney его выполнил. Теперь он учтён как выполненный: проверьте чек возврата.`
      : `${who}: возвращено по журналу ${money.format(j.refundedAmount)}, по WebMoney ${money.format(w.refundedAmount)}.`;
    default: return `${who}: ${m.kind}.`;
  }
}
async function reconcile() {
  const out = $("reconciliation-result");
  out.replaceChildren(el("p", "Запрашиваем операции дня у WebMoney…"));
  const r = await api("GET", "/reports/reconciliation?date=" + dayDate());
  if (unavailable(r)) { out.replaceChildren(el("p", "Сверка недоступна в этой версии шлюза.", "result bad")); return; }
  if (!r.ok) { out.replaceChildren(el("p", problemText(r), "result bad")); return; }
  const d = r.data;
  const summary = d.mismatches.length
    ? `Сверка за ${d.date} (${time(d.checkedAt)}): совпало операций: ${d.matchedCount}; расхождений: ${d.mismatches.length}.`
    : `Сверка за ${d.date} (${time(d.checkedAt)}): всё сходится — совпало операций: ${d.matchedCount}, расхождений нет.`;
  out.replaceChildren(el("p", summary, "result " + (d.mismatches.length ? "bad" : "good")));
  if (d.mismatches.length) {
    const ul = el("ul", null, "mismatches");
    for (const m of d.mismatches) ul.append(el("li", mismatchText(m)));
    out.append(ul);
  }
}
