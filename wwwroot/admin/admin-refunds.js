// LocalPayGateway admin console, refunds: a payment's refunds, «Вернуть», unresolved refunds in «Требуют внимания» (docs/admin.md). Loaded after admin.js, which holds api(), the helpers and the wiring.
"use strict";

// One Idempotency-Key per refund the administrator means: kept while no answer came (a lost connection), so pressing
// «Вернуть» again with the same amount replays that refund instead of making a second one.
let refundKey = null;
function keyFor(request) {
  if (!refundKey || refundKey.request !== request) {
    const id = self.crypto && crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
    refundKey = { request, id };
  }
  return refundKey.id;
}

async function loadRefunds(p) {
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
        el("td", (REFUND[f.status] || f.status) + (f.unresolved ? " · не подтверждён" : "") + (f.error ? ` — ${f.error.message}` : "")),
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
    const key = keyFor(JSON.stringify([currentPayment.id, body]));
    let r;
    try {
      r = await api("POST", `/payments/${encodeURIComponent(currentPayment.id)}/refunds`, body, false, { "Idempotency-Key": key });
    } catch {
      setResult(out, "Нет ответа от шлюза: возврат мог быть выполнен. Нажмите «Вернуть» ещё раз с той же суммой — этот же возврат не будет выполнен дважды.", false);
      return;
    }
    refundKey = null;
    if (unavailable(r)) { setResult(out, "Возвраты недоступны в этой версии шлюза.", false); return; }
    if (!r.ok) {
      const code = r.data && r.data.code;
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
