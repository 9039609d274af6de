// LocalPayGateway admin console, «Настройки»: the settings form, the certificate upload, the payment types (docs/admin.md). Loaded after admin.js, which holds api(), the helpers and the wiring.
"use strict";

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
      // Said only now that /settings answered (after the API key, if one is asked for): nothing about secrets before.
      $(field + "-state").textContent = s[field + "Set"] ? "задан" : "не задан";
      $(field + "-state").parentElement.hidden = false;
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
