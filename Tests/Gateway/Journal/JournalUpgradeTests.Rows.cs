using System.Globalization;
using Gateway.Journal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tests.Gateway.Journal;

/// <summary>
/// Schema 5 (amounts as INTEGER kopecks): every payment, refund and history row of an earlier journal, as the earlier
/// version stored (and read) it, is compared with the row after the upgrade: each amount the same sum, now in kopecks;
/// every other column unchanged.
/// </summary>
public sealed partial class JournalUpgradeTests
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v4")]
    public async Task EarlierJournal_EveryPaymentRefundAndHistoryRow_KeepsItsValues_AmountsBecomeKopecks(string version)
    {
        var path = CopyTestData(version, _dir.Path);
        var history = Path.Combine(_dir.Path, HistoryJournal.FileName);
        var paymentsBefore = Rows(path, "payments");
        var refundsBefore = version == "v1" ? new() : Rows(path, "refunds");
        var historyBefore = version == "v1" ? new() : Rows(history, "payment_events");

        using (var journal = new PaymentJournal(path))
        using (var refunds = new RefundJournal(path))
        {
            foreach (var (id, row) in paymentsBefore)
            {
                var read = (await journal.GetAsync(id, CancellationToken.None))!.Payment;
                Assert.Equal(decimal.Parse((string)row["amount"]!, CultureInfo.InvariantCulture), read.Amount.Rubles);
            }
            foreach (var (id, row) in refundsBefore)
            {
                Assert.Equal(decimal.Parse((string)row["amount"]!, CultureInfo.InvariantCulture), (await refunds.GetAsync(id, CancellationToken.None))!.Amount.Rubles);
            }
        }

        AssertSameButAmounts(paymentsBefore, Rows(path, "payments"));
        if (version != "v1")
        {
            AssertSameButAmounts(refundsBefore, Rows(path, "refunds"));
            Assert.Equal(historyBefore, Rows(history, "payment_events"));
        }
        Assert.Equal(JournalSchema.Version, UserVersion(path));
        Assert.Equal(SchemaOf(FreshJournal()), SchemaOf(path));
    }

    [Fact]
    public async Task SchemaFourJournal_OpenedFirstByTheRefunds_IsUpgradedWithItsVersion()
    {
        var path = CopyTestData("v4", _dir.Path);
        var before = Rows(path, "refunds");

        using (var refunds = new RefundJournal(path))
        {
            Assert.Equal(0.5m, (await refunds.GetAsync("ref-5-succeeded", CancellationToken.None))!.Amount.Rubles);
        }

        Assert.Equal(JournalSchema.Version, UserVersion(path));
        AssertSameButAmounts(before, Rows(path, "refunds"));
        Assert.Equal("integer", ScalarText(path, "SELECT group_concat(DISTINCT typeof(amount)) FROM payments"));
        using var journal = new PaymentJournal(path);
        Assert.Equal(1234.50m, (await journal.GetAsync("pay-09-paid", CancellationToken.None))!.Payment.Amount);
    }

    [Fact]
    public void EarlierJournal_WithAFractionOfAKopeck_IsRefused_AndLeftAsItWas()
    {
        var path = CopyTestData("v4", _dir.Path);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE refunds SET amount = '1.005' WHERE id = 'ref-5-succeeded'";
            command.ExecuteNonQuery();
        }
        var payments = Rows(path, "payments");
        var refunds = Rows(path, "refunds");

        var refused = Assert.Throws<SqliteException>(() => new PaymentJournal(path));

        Assert.Contains("1.005", refused.Message);
        Assert.Equal(4, UserVersion(path));
        Assert.Equal(payments, Rows(path, "payments"));
        Assert.Equal(refunds, Rows(path, "refunds"));
    }

    /// <summary>Every amount the same sum (text rubles before, INTEGER kopecks after); every other column as it was.</summary>
    private static void AssertSameButAmounts(Dictionary<string, Dictionary<string, object?>> before, Dictionary<string, Dictionary<string, object?>> after)
    {
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (id, old) in before)
        {
            var now = after[id];
            foreach (var (column, value) in old)
            {
                if (column == "amount")
                {
                    var kopecks = Assert.IsType<long>(now[column]);
                    Assert.Equal(decimal.Parse((string)value!, CultureInfo.InvariantCulture), kopecks / 100m);
                }
                else
                {
                    Assert.Equal(value, now[column]);
                }
            }
        }
    }

    /// <summary>Every row of <paramref name="table"/> by its first column (the id), each column with its stored value.</summary>
    private static Dictionary<string, Dictionary<string, object?>> Rows(string path, string table)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, Dictionary<string, object?>>();
        var n = 0;
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            // History rows are keyed by (payment_id, seq); the others by id.
            rows[table == "payment_events" ? $"{row["payment_id"]}#{row["seq"]}#{n++}" : (string)row["id"]!] = row;
        }
        return rows;
    }

    /// <summary>A journal this version creates from nothing (payments, idempotency, refunds and their indexes).</summary>
    private string FreshJournal()
    {
        var path = Path.Combine(_dir.Path, "fresh", JournalSetup.FileName);
        using (new PaymentJournal(path))
        using (new RefundJournal(path))
        {
        }
        return path;
    }

    /// <summary>The two rebuilt tables and their indexes, each with its definition as SQLite keeps it.</summary>
    private static List<string> SchemaOf(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master WHERE tbl_name IN ('payments', 'refunds') ORDER BY type, name";
        using var reader = command.ExecuteReader();
        var items = new List<string>();
        while (reader.Read())
        {
            items.Add(reader.GetString(0));
        }
        return items;
    }

    private static string? ScalarText(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }
}
