using System.Text.Encodings.Web;

namespace WebMoneyEmulator.Control;

/// <summary>The demo page: the transactions with Pay / Decline buttons, refreshed every 2 seconds.</summary>
internal static class ControlPage
{
    public static string Render(string basePath) =>
        Template.Replace("__BASE__", JavaScriptEncoder.Default.Encode(basePath), StringComparison.Ordinal);

    private const string Template = """
        <!DOCTYPE html>
        <html lang="ru">
        <head>
        <meta charset="utf-8">
        <title>Эмулятор WebMoney</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 2em; }
          table { border-collapse: collapse; width: 100%; }
          th, td { border-bottom: 1px solid #ddd; padding: .4em; text-align: left; font-size: 14px; }
          td.qr { max-width: 28em; overflow-wrap: anywhere; font-family: monospace; font-size: 12px; }
          button { margin-right: .3em; }
          .Paid, .Completed { color: #080; } .Rejected, .Expired, .Cancelled { color: #a00; }
        </style>
        </head>
        <body>
        <h1>Эмулятор WebMoney</h1>
        <p id="stats"></p>
        <table>
          <thead><tr><th>Создана</th><th>Транзакция</th><th>Платёжная система</th><th>Сумма</th><th>Статус</th><th>QR</th><th></th></tr></thead>
          <tbody id="rows"><tr><td colspan="7">Загрузка…</td></tr></tbody>
        </table>
        <h2>Возвраты</h2>
        <table>
          <thead><tr><th>Создан</th><th>Возврат</th><th>Транзакция</th><th>Сумма</th><th>Статус</th><th></th></tr></thead>
          <tbody id="refunds"><tr><td colspan="6">Загрузка…</td></tr></tbody>
        </table>
        <script>
        const base = "__BASE__";
        function cell(tr, text, cls) { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); return td; }
        async function act(id, action) {
          await fetch(`${base}/emulator/transactions/${encodeURIComponent(id)}/${action}`, { method: "POST" });
          await refresh();
        }
        async function actRefund(id, action) {
          await fetch(`${base}/emulator/refunds/${encodeURIComponent(id)}/${action}`, { method: "POST" });
          await refresh();
        }
        function renderRefunds(refunds) {
          const rows = document.getElementById("refunds");
          rows.replaceChildren();
          if (refunds.length === 0) { const tr = rows.insertRow(); cell(tr, "Возвратов пока нет").colSpan = 6; }
          for (const r of refunds.slice().reverse()) {
            const tr = rows.insertRow();
            cell(tr, new Date(r.createdAt).toLocaleString("ru-RU"));
            cell(tr, r.refundTransactionId);
            cell(tr, r.transactionId);
            cell(tr, Number(r.amount).toLocaleString("ru-RU", { minimumFractionDigits: 2 }) + " ₽");
            cell(tr, r.status, r.status);
            const actions = cell(tr, "");
            if (r.status === "Pending") {
              for (const [action, label] of [["complete", "Выполнить"], ["reject", "Отклонить"]]) {
                const b = document.createElement("button");
                b.textContent = label;
                b.dataset.refundAction = action;
                b.onclick = () => actRefund(r.refundTransactionId, action);
                actions.appendChild(b);
              }
            }
          }
        }
        async function refresh() {
          const [list, stats, refunds] = await Promise.all([
            fetch(`${base}/emulator/transactions`).then(r => r.json()),
            fetch(`${base}/emulator/stats`).then(r => r.json()),
            fetch(`${base}/emulator/refunds`).then(r => r.json())]);
          document.getElementById("stats").textContent = "Вызовов: " + Object.entries(stats).map(([op, n]) => `${op} ${n}`).join(", ");
          renderRefunds(refunds);
          const rows = document.getElementById("rows");
          rows.replaceChildren();
          if (list.length === 0) { const tr = rows.insertRow(); cell(tr, "Транзакций пока нет").colSpan = 7; }
          for (const t of list.slice().reverse()) {
            const tr = rows.insertRow();
            cell(tr, new Date(t.createdAt).toLocaleString("ru-RU"));
            cell(tr, t.transactionId);
            cell(tr, t.paymentSystem);
            cell(tr, Number(t.amount).toLocaleString("ru-RU", { minimumFractionDigits: 2 }) + " ₽");
            cell(tr, t.status, t.status);
            cell(tr, t.qrPayload, "qr");
            const actions = cell(tr, "");
            if (t.status === "Created" || t.status === "WaitingForPayment") {
              for (const [action, label] of [["pay", "Оплатить"], ["decline", "Отклонить"]]) {
                const b = document.createElement("button");
                b.textContent = label;
                b.dataset.action = action;
                b.onclick = () => act(t.transactionId, action);
                actions.appendChild(b);
              }
            }
          }
        }
        refresh();
        setInterval(refresh, 2000);
        </script>
        </body>
        </html>
        """;
}
