// LocalPayGateway admin console, refunds: a payment's refunds, «Вернуть», unresolved refunds in «Требуют внимания» (docs/admin.md). Loaded after admin.js, which holds api(), the helpers and the wiring.
"use strict";

// One Idempotency-Key per refund the administrator means: kept while no answer came (a lost connection), so pressing
// «Вернуть» again with the same amount replays that refund instead of making a second one.
// Also kept while the refund's outcome is not known (pending or unresolved at WebMoney): it is journalled and reserved,
// and a second press must replay it, not make another. Dropped once the refund has a definite end.
let refundKey = null;
function keyFor(request) {
  if (!refundKey || refundKey.request !== request) {
    const id = self.crypto && crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
    refundKey = { request, id, refundId: null };
  }
  return refundKey.id;
}

// The refund of unknown outcome the page follows: GET /refunds/{id}?waitSeconds= answers the moment the refund ends, and
// otherwise after the wait; a short wait keeps the status line current through the changes before the end too
// (unresolved → accepted by WebMoney) without polling the gateway in a tight loop.
let watched = null;
const WATCH_SECONDS = 5;
function onPaymentPage(paymentId) { return location.hash.slice(1) === "payment/" + paymentId; }
function sleep(ms) { return new Promise(resolve => setTimeout(resolve, ms)); }
function unknownText(refund) {
  return (refund.unresolved
    ? "Результат возврата пока не известен: WebMoney не ответил. "
    : `Возврат ${money.format(refund.amount)} принят WebMoney, но результат пока не известен. `)
    + "Возврат записан в журнал, сумма зарезервирована, шлюз продолжает его проверять — статус ниже обновится сам. "
    + "Не возвращайте деньги покупателю другим способом. Повторное нажатие «Вернуть» с той же суммой не создаст второй возврат.";
}
function watchLine(refund) {
  return `Статус возврата: ${REFUND[refund.status] || refund.status}`
    + (refund.unresolved ? " · WebMoney ещё не подтвердил, шлюз проверяет" : " · WebMoney принял, ждём платёжную систему")
    + ` (на ${new Date().toLocaleTimeString("ru-RU")}).`;
}
function refundStatusText(f) {
  return (REFUND[f.status] || f.status) + (f.unresolved ? " · не подтверждён" : "") + (f.error ? ` — ${f.error.message}` : "");
}
// The refund's row in the payment's list follows the status line.
function refreshRow(f) {
  const tr = document.querySelector(`#refunds tr[data-id="${CSS.escape(f.id)}"]`);
  if (!tr) return;
  tr.cells[2].textContent = refundStatusText(f);
  tr.cells[4].textContent = f.refundTransactionId || "—";
}
async function watchRefund(refundId, paymentId) {
  const mine = watched = { refundId, paymentId };
  const line = $("refund-watch");
  const current = () => watched === mine && onPaymentPage(paymentId);
  while (current()) {
    let r;
    try {
      r = await api("GET", `/refunds/${encodeURIComponent(refundId)}?waitSeconds=${WATCH_SECONDS}`);
    } catch {
      if (current()) show(line, "Нет связи со шлюзом: статус возврата обновится, когда связь вернётся.");
      await sleep(3000);
      continue;
    }
    if (!current()) return;
    if (!r.ok) {
      show(line, "Статус возврата сейчас не получить: " + problemText(r) + " Шлюз продолжает проверять возврат.");
      await sleep(5000);
      continue;
    }
    const f = r.data;
    if (f.status === "pending") { show(line, watchLine(f)); refreshRow(f); continue; }
    watched = null;
    show(line, "");
    if (refundKey && refundKey.refundId === refundId) refundKey = null;
    const out = $("refund-result");
    const done = f.status === "succeeded";
    setResult(out, done ? `Возврат ${money.format(f.amount)}: ${REFUND.succeeded}. WebMoney подтвердил возврат.`
      : `Возврат не выполнен: ${f.error ? f.error.message : "WebMoney отказал"}. Сумма снова доступна для возврата.`, done);
    if (done) { $("refund-amount").value = ""; $("refund-reason").value = ""; }
    await reloadPaymentKeeping(out);
    return;
  }
}

async function loadRefunds(p) {
  if (watched && watched.paymentId !== p.id) { watched = null; show($("refund-watch"), ""); }
  const box = $("refunds");
  box.replaceChildren();
  const form = $("refund-form");
  form.hidden = true;
  const r = await api("GET", `/payments/${encodeURIComponent(p.id)}/refunds`);
  if (unavailable(r)) { box.append(el("p", "Возвраты недоступны в этой версии шлюза.")); return; }
  if (!r.ok) { box.append(el("p", problemText(r), "error")); return; }
  const refunds = Array.isArray(r.data) ? r.data : (r.data && r.data.items) || [];
  if (!refunds.length) box.append(el("p", "Возвратов не было."));
  else {
    const table = el("table", null, "list");
    table.append(el("thead"));
    table.tHead.append(el("tr"));
    for (const h of ["Создан", "Сумма", "Статус", "Причина", "Транзакция возврата"]) table.tHead.rows[0].append(el("th", h));
    const body = el("tbody");
    for (const f of refunds) {
      const tr = el("tr");
      tr.dataset.id = f.id;
      tr.append(el("td", time(f.createdAt)), el("td", money.format(f.amount)),
        el("td", refundStatusText(f)),
        el("td", f.reason || "—"), el("td", f.refundTransactionId || "—"));
      body.append(tr);
    }
    table.append(body);
    box.append(table);
  }
  const refundable = p.refundableAmount ?? (p.status === "paid" ? p.amount : 0);
  if ((p.status === "paid" || p.latePaid) && refundable > 0) {
    $("refundable").textContent = money.format(refundable);
    form.hidden = false;
  }
}
async function refund(event) {
  event.preventDefault();
  const form = $("refund-form");
  clearErrors(form);
  $("refund-amount").removeAttribute("aria-invalid");
  const out = $("refund-result");
  const body = {};
  const amount = $("refund-amount").value.trim().replace(",", ".").replace(/\s/g, "");
  if (amount) {
    if (!/^\d+(\.\d{1,2})?$/.test(amount)) { show($("err-amount"), "Укажите сумму в рублях, например 100,50."); return; }
    body.amount = Number(amount);
  }
  if ($("refund-reason").value.trim()) body.reason = $("refund-reason").value.trim();
  const button = $("refund");
  button.disabled = true;
  setResult(out, "Отправляем возврат в WebMoney…");
  try {
    const paymentId = currentPayment.id;
    const key = keyFor(JSON.stringify([paymentId, body]));
    let r;
    try {
      r = await api("POST", `/payments/${encodeURIComponent(paymentId)}/refunds`, body, false, { "Idempotency-Key": key });
    } catch {
      setResult(out, "Нет ответа от шлюза: возврат мог быть выполнен. Нажмите «Вернуть» ещё раз с той же суммой — этот же возврат не будет выполнен дважды.", false);
      return;
    }
    if (unavailable(r)) { refundKey = null; setResult(out, "Возвраты недоступны в этой версии шлюза.", false); return; }
    // Pending at WebMoney (accepted, not yet done) or unresolved (502 webmoney_unavailable): not failed, not done.
    const code = r.data && r.data.code;
    const pending = r.ok ? (r.data.status === "pending" ? r.data : null)
      : (code === "webmoney_unavailable" && r.data.refundId ? { id: r.data.refundId, amount: body.amount, unresolved: true } : null);
    if (pending) {
      refundKey.refundId = pending.id;
      setResult(out, unknownText(pending));
      show($("refund-watch"), r.ok ? watchLine(r.data) : "Статус возврата: проверяется…");
      await reloadPaymentKeeping(out);
      watchRefund(pending.id, paymentId);
      return;
    }
    refundKey = null;
    if (!r.ok) {
      // A refund over what is left is about the amount typed: its message (with what is left) goes to that field.
      if (code === "refund_exceeds_payment") {
        show($("err-amount"), problemText(r));
        $("refund-amount").setAttribute("aria-invalid", "true");
        setResult(out, "Возврат не выполнен: исправьте сумму.", false);
        return;
      }
      const general = showErrors(r.data && r.data.errors);
      setResult(out, "Возврат не выполнен: " + (general.length ? general.join(" ") : problemText(r)), false);
      // A 502 still names the refund (failed or unresolved): the list shows it with its status.
      if (r.data && r.data.refundId) await reloadPaymentKeeping(out);
      return;
    }
    const message = `Возврат ${money.format(r.data.amount)}: ${REFUND[r.data.status] || r.data.status}.`;
    $("refund-amount").value = "";
    $("refund-reason").value = "";
    await reloadPaymentKeeping(out);
    setResult(out, message, r.data.status !== "failed");
  } finally {
    button.disabled = false;
  }
}

async function reloadPaymentKeeping(out) {
  // loadPayment hides and refills the refund block; the answer to «Вернуть» must stay readable.
  const text = out.textContent, className = out.className;
  await loadPayment(currentPayment.id);
  out.textContent = text;
  out.className = className;
}

async function loadAttentionRefunds() {
  const r = await api("GET", "/refunds?attention=true&limit=200");
  const body = $("attention-refunds").tBodies[0];
  body.replaceChildren();
  if (unavailable(r)) { show($("attention-refunds-error"), "Возвраты недоступны в этой версии шлюза."); return; }
  if (!r.ok) { show($("attention-refunds-error"), problemText(r)); return; }
  show($("attention-refunds-error"), "");
  for (const f of r.data.items) {
    const tr = el("tr");
    tr.dataset.id = f.id;
    const link = el("a", f.paymentId);
    link.href = "#payment/" + encodeURIComponent(f.paymentId);
    tr.append(el("td", time(f.createdAt)), el("td"), el("td", money.format(f.amount)),
      el("td", (REFUND[f.status] || f.status) + " · не подтверждён WebMoney"),
      el("td", f.error ? f.error.message : "WebMoney не ответил о возврате: проверяется в фоне."));
    tr.cells[1].append(link);
    body.append(tr);
  }
  $("attention-refunds-empty").hidden = r.data.items.length > 0;
  $("attention-refunds").hidden = r.data.items.length === 0;
}
