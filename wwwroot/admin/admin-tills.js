// LocalPayGateway admin console, Настройки → «Кассы» (SPEC §15): each till's own Номер POS and certificate (docs/admin.md).
// Loaded after admin.js (api(), the helpers) and admin-settings.js (showErrors, clearErrors); wires its own controls.
"use strict";

const TILL_FIELDS = { terminalId: "till-id", posNumber: "till-pos", certificatePassword: "till-password", certificate: "till-certificate" };

async function loadTills() {
  const r = await api("GET", "/settings/terminals");
  const body = $("tills-body");
  body.replaceChildren();
  if (!r.ok || !r.data) { show($("tills-errors"), problemText(r)); return; }
  show($("tills-errors"), "");
  for (const till of r.data.items) body.append(tillRow(till));
  body.append(tillRow(r.data.store));
}

function tillRow(till) {
  const row = el("tr");
  row.dataset.terminal = till.terminalId || "";
  row.append(el("td", till.terminalId || "остальные кассы (общие настройки)"));
  row.append(el("td", till.posNumber || "—"));
  const c = till.certificate;
  row.append(el("td", c ? `${c.subject}, до ${time(c.notAfter)}` : "не загружен", c && c.expiresSoon ? "warn" : ""));
  const problems = (till.errors || []).concat(till.warnings || []);
  row.append(el("td", till.usable ? (problems.length ? "работает; " + problems.join(" • ") : "работает") : "не работает: " + problems.join(" • "),
    till.usable ? (problems.length ? "warn" : "good") : "bad"));
  const actions = el("td");
  if (till.terminalId) {
    const edit = el("button", "Изменить");
    edit.type = "button";
    edit.setAttribute("aria-label", `Изменить кассу ${till.terminalId}`);
    edit.addEventListener("click", () => editTill(till));
    const remove = el("button", "Удалить");
    remove.type = "button";
    remove.setAttribute("aria-label", `Удалить кассу ${till.terminalId}`);
    remove.addEventListener("click", () => deleteTill(till.terminalId));
    actions.append(edit, " ", remove);
  }
  row.append(actions);
  return row;
}

function editTill(till) {
  const form = $("till-form");
  clearErrors(form);
  $("till-id").value = till.terminalId;
  $("till-pos").value = till.posNumber || "";
  $("till-password").value = "";
  $("till-certificate").value = "";
  $("till-password-state").textContent = till.certificatePasswordSet ? "задан" : "не задан (используется общий)";
  setResult($("till-result"), `Изменение кассы ${till.terminalId}.`);
  $("till-pos").focus();
}

async function saveTill(event) {
  event.preventDefault();
  const form = $("till-form");
  clearErrors(form);
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const out = $("till-result");
  const id = $("till-id").value.trim();
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) { show($("err-till-id"), "Номер кассы: от 1 до 32 латинских букв, цифр, «-» или «_» — как terminalId в Кассире."); return; }
  const update = { posNumber: $("till-pos").value.trim() };
  const password = $("till-password").value;
  if (password !== "") update.certificatePassword = password;
  setResult(out, "Сохраняем…");
  const r = await api("PUT", "/settings/terminals/" + encodeURIComponent(id), update);
  if (!r.ok) {
    const general = showErrors(r.data && r.data.errors, TILL_FIELDS);
    setResult(out, "Касса не сохранена: исправьте ошибки" + (general.length ? ": " + general.join(" ") : " у полей."), false);
    return;
  }
  let till = r.data;
  const file = $("till-certificate").files[0];
  if (file) {
    const data = new FormData();
    data.append("certificate", file, file.name);
    if (password !== "") data.append("certificatePassword", password);
    const c = await api("PUT", "/settings/terminals/" + encodeURIComponent(id) + "/certificate", data, true);
    if (!c.ok) {
      const general = showErrors(c.data && c.data.errors, TILL_FIELDS);
      setResult(out, "Касса сохранена, но сертификат не принят" + (general.length ? ": " + general.join(" ") : ": см. сообщение у поля."), false);
      await loadTills();
      return;
    }
    till = c.data;
  }
  $("till-password").value = "";
  $("till-certificate").value = "";
  await loadTills();
  setResult(out, till.usable
    ? `Касса ${id} сохранена: платежи идут с номером POS ${till.posNumber}.`
    : `Касса ${id} сохранена, но пока не может принимать платежи: ${(till.errors || []).join(" • ")}`, till.usable);
}

async function deleteTill(terminalId) {
  if (!confirm(`Удалить кассу ${terminalId}? Её папка с сертификатом будет удалена, касса будет платить с общими настройками.`)) return;
  const r = await api("DELETE", "/settings/terminals/" + encodeURIComponent(terminalId));
  setResult($("till-result"), r.ok ? `Касса ${terminalId} удалена: теперь она платит с общими настройками.` : problemText(r), r.ok);
  await loadTills();
}

document.addEventListener("DOMContentLoaded", () => {
  $("till-form").addEventListener("submit", saveTill);
  $("till-new").addEventListener("click", () => {
    clearErrors($("till-form"));
    for (const id of ["till-id", "till-pos", "till-password", "till-certificate"]) $(id).value = "";
    $("till-password-state").textContent = "";
    setResult($("till-result"), "");
    $("till-id").focus();
  });
  // «Настройки» loads the tills together with the store's settings.
  window.addEventListener("hashchange", () => { if (location.hash.startsWith("#settings")) loadTills(); });
  if (location.hash.startsWith("#settings")) loadTills();
});
