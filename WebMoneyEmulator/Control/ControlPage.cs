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
          .Paid { color: #080; } .Rejected, .Expired, .Cancelled { color: #a00; }
        </style>
        </head>
        <body>
        <h1>Эмулятор WebMoney</h1>
        <p id="stats"></p>
        <table>
          <thead><tr><th>Создана</th><th>Транзакция</th><th>Платёжная система</th><th>Сумма</th><th>Статус</th><th>QR</th><th></th></tr></thead>
          <tbody id="rows"><tr><td colspan="7">Загрузка…</td></tr></tbody>
        </table>
        <script>
        const base = "__BASE__";
        function cell(tr, text, cls) { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); return td; }
        async function act(id, action) {
          await fetch(`${base}/emulator/transactions/${encodeURIComponent(id)}/${action}`, { method: "POST" });
          await refresh();
        }
        async function refresh() {
          const [list, stats] = await Promise.all([
            fetch(`${base}/emulator/transactions`).then(r => r.json()),
            fetch(`${base}/emulator/stats`).then(r => r.json())]);
          document.getElementById("stats").textContent =
            `Вызовов: CreateQrPayment ${stats.CreateQrPayment}, GetPaymentStatus ${stats.GetPaymentStatus}, CancelPayment ${stats.CancelPayment}`;
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
