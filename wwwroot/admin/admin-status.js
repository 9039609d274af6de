// LocalPayGateway admin console, «Состояние»: readiness, checks, pending payments per terminal, «Проверить связь» (docs/admin.md). Loaded after admin.js, which holds api(), the helpers and the wiring.
"use strict";

// ---- Состояние.
const CHECK_TITLES = { settings: "Файлы настроек", certificate: "Сертификат кассы", journal: "Журнал", webmoney: "Связь с WebMoney", clock: "Часы" };
const CHECK_STATUS = { healthy: "в порядке", degraded: "есть предупреждения", unhealthy: "ошибка" };
async function loadStatus() {
  // The protected call first: with Gateway:ApiKey set it asks for the key, and /health/ready then shows its details
  // (without the key it answers the status only).
  const pending = await api("GET", "/payments?status=pending&limit=200");
  const ready = await api("GET", "/health/ready");
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
