using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Bench;

/// <summary>
/// B6: GET /reports/daily over a journal of 10 days × 10,000 ended payments (8 terminals, 4 systems, refunds), with the
/// report's indexes and, for comparison, with the completed_at index dropped.
/// </summary>
internal static class B6Reports
{
    private const int Days = 10;
    private const int PerDay = 10_000;
    private const int Requests = 30;
    private static readonly DateOnly Measured = new(2026, 11, 25);
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b6", $"GET /reports/daily over {Days} days × {PerDay:N0} payments");
        var data = Path.Combine(Path.GetTempPath(), "lpg-bench-data-" + Guid.NewGuid().ToString("N")[..8]);
        using var http = Load.NewClient(4);
        try
        {
            await using var gateway = Child.Start(paths.GatewayDll, Net.FreePort(), rig.GatewayArgs(data, "--Gateway:TimeZone=Europe/Moscow"));
            await gateway.WaitAnswerAsync(http, "/health/ready", s => s == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            var database = Path.Combine(data, "payments.db");
            var seeded = Seed(database, out var seedSeconds);
            var url = $"{gateway.BaseUrl}/reports/daily?date={Measured:yyyy-MM-dd}";

            var (daily, counted) = await TimeAsync(http, url);
            var (csv, _) = await TimeAsync(http, $"{gateway.BaseUrl}/reports/daily.csv?date={Measured:yyyy-MM-dd}");
            var (oneTerminal, _) = await TimeAsync(http, url + "&terminalId=t3");
            Execute(database, "DROP INDEX ix_payments_completed");
            var (unindexed, _) = await TimeAsync(http, url);
            Execute(database, "CREATE INDEX ix_payments_completed_only ON payments (completed_at)");
            var (plainIndex, _) = await TimeAsync(http, url);

            section.Row("journal", string.Create(CultureInfo.InvariantCulture,
                $"{Days * PerDay:N0} payments, {seeded.Refunds:N0} refunds (seeded in {seedSeconds:0.0} s)"));
            section.Row("payments paid on the measured day (report = seeded)", $"{counted:N0} = {seeded.PaidOnMeasuredDay:N0}", "equal",
                counted == seeded.PaidOnMeasuredDay);
            section.Row("GET /reports/daily", Percentiles.Summary(daily), "p99 < 1000 ms", Percentiles.Of(daily, 99) < 1000);
            section.Row("GET /reports/daily.csv", Percentiles.Summary(csv));
            section.Row("GET /reports/daily?terminalId=t3", Percentiles.Summary(oneTerminal));
            section.Row("GET /reports/daily without the report index (table scan)", Percentiles.Summary(unindexed));
            section.Row("GET /reports/daily with an index on completed_at only", Percentiles.Summary(plainIndex));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        section.Notes.Add($"Sequential requests ({Requests} each, after one warm-up) from one client to the Release gateway process; the journal is "
            + "seeded straight into payments.db while the gateway runs (ended payments spread over each Moscow day, 90 % paid, ~3 % refunded). "
            + "The last two rows drop the report's covering index (completed_at, sandbox, terminal_id, payment_system, status, late_paid, unresolved, amount) to show what it buys: first no index, then one on completed_at alone.");
        return section;
    }

    private static async Task<(List<double> Ms, int PaidCount)> TimeAsync(HttpClient http, string url)
    {
        var times = new List<double>();
        var paid = 0;
        for (var i = 0; i <= Requests; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            if (i == 0)
            {
                if (url.Contains("/daily?", StringComparison.Ordinal))
                {
                    paid = JsonDocument.Parse(body).RootElement.GetProperty("totals").EnumerateArray().Sum(t => t.GetProperty("paidCount").GetInt32());
                }
                continue; // warm-up
            }
            times.Add(elapsed);
        }
        return (times, paid);
    }

    private sealed record Seeded(int PaidOnMeasuredDay, int Refunds);

    private static Seeded Seed(string database, out double seconds)
    {
        var start = Stopwatch.GetTimestamp();
        var random = new Random(42);
        string[] systems = ["Sbp", "WebMoney", "WeChat", "Alipay"];
        string[] others = ["Declined", "TimedOut", "Cancelled", "Failed"];
        var paidOnDay = 0;
        var refunds = 0;
        using var connection = new SqliteConnection($"Data Source={database};Default Timeout=30");
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var payment = connection.CreateCommand();
        payment.Transaction = tx;
        payment.CommandText = """
            INSERT INTO payments (id, status, terminal_id, amount, currency, payment_system, transaction_id, created_at, deadline,
                                  completed_at, sandbox, version, max_status_errors)
            VALUES ($id, $status, $terminal, $amount, 'RUB', $system, $tx, $created, $deadline, $completed, 0, 2, 3)
            """;
        using var refund = connection.CreateCommand();
        refund.Transaction = tx;
        refund.CommandText = """
            INSERT INTO refunds (id, payment_id, amount, currency, status, created_at, completed_at, unresolved,
                                 transaction_id, version, max_status_errors)
            VALUES ($id, $payment, $amount, 'RUB', 'succeeded', $at, $at, 0, 'T-' || $payment, 1, 3)
            """;
        for (var day = 0; day < Days; day++)
        {
            var midnight = new DateTimeOffset(Measured.AddDays(day - Days / 2).ToDateTime(TimeOnly.MinValue), Moscow);
            for (var i = 0; i < PerDay; i++)
            {
                var id = Guid.NewGuid().ToString("N");
                var completed = midnight.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(1).TotalMilliseconds));
                var paid = random.NextDouble() < 0.9;
                var amount = random.Next(1, 2_000_000);   // kopecks: the journal stores INTEGER kopecks (schema 5)
                payment.Parameters.Clear();
                payment.Parameters.AddWithValue("$id", id);
                payment.Parameters.AddWithValue("$status", paid ? "Paid" : others[random.Next(others.Length)]);
                payment.Parameters.AddWithValue("$terminal", "t" + random.Next(8));
                payment.Parameters.AddWithValue("$amount", amount);
                payment.Parameters.AddWithValue("$system", systems[random.Next(systems.Length)]);
                payment.Parameters.AddWithValue("$tx", "T" + id);
                payment.Parameters.AddWithValue("$created", completed.AddSeconds(-30).ToUnixTimeMilliseconds());
                payment.Parameters.AddWithValue("$deadline", completed.AddMinutes(3).ToUnixTimeMilliseconds());
                payment.Parameters.AddWithValue("$completed", completed.ToUnixTimeMilliseconds());
                payment.ExecuteNonQuery();
                if (paid && day == Days / 2)
                {
                    paidOnDay++;
                }
                if (paid && random.NextDouble() < 0.03)
                {
                    refunds++;
                    refund.Parameters.Clear();
                    refund.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("N"));
                    refund.Parameters.AddWithValue("$payment", id);
                    refund.Parameters.AddWithValue("$amount", amount);
                    refund.Parameters.AddWithValue("$at", completed.AddHours(2).ToUnixTimeMilliseconds());
                    refund.ExecuteNonQuery();
                }
            }
        }
        tx.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
        seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new Seeded(paidOnDay, refunds);
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Default Timeout=30");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
