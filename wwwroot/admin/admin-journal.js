// LocalPayGateway admin console, «Журнал», a payment with its history and refunds, «Требуют внимания» (docs/admin.md). Loaded after admin.js, which holds api(), the helpers and the wiring.
"use strict";

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
// The journal opens on today's payments (the filters the administrator set are kept when coming back from a payment):
// an empty page until «Найти» reads as "no payments".
async function openJournal() {
  if (!$("f-date").value) $("f-date").value = browserToday();
  await findPayments(false);
}
let journalRequest = 0;
async function findPayments(more) {
  const q = journalQuery();
  if (more && journalCursor) q.set("cursor", journalCursor);
  const body = $("journal-table").tBodies[0];
  // Only the latest search draws: the list loaded on open must not overwrite a search started meanwhile.
  const request = ++journalRequest;
  const r = await api("GET", "/payments?" + q);
  if (request !== journalRequest) return;
  if (!more) body.replaceChildren();
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
