using System.Security.Cryptography;
using Gateway.Journal;
using Gateway.Payments;
using Gateway.Refunds;
using Gateway.Storage;
using Microsoft.Data.Sqlite;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Journal;

/// <summary>
/// Journals written by earlier versions (TestData/v1: the first release's schema 1; TestData/v2: schema 2 with refunds
/// and history; how they were made: TestData/README.md) open in this version with every row intact, their pending
/// payments and refunds resume, and a journal from a newer version is refused without a byte changed.
/// </summary>
public sealed class JournalUpgradeTests : IDisposable
{
    private static readonly PaymentStatus[] Statuses =
        [PaymentStatus.Pending, PaymentStatus.Paid, PaymentStatus.Declined, PaymentStatus.TimedOut, PaymentStatus.Cancelled, PaymentStatus.Failed, PaymentStatus.TimedOut, PaymentStatus.Failed];

    private static readonly string[] ErrorCodes = ["", "", "declined", "timeout", "cancelled_by_cashier", "technical_errors", "timeout", "technical_errors"];

    private readonly TempDirectory _dir = new("journal-upgrade");

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task EarlierJournal_OpensWithEveryPaymentIntact_AndTakesThisSchemaVersion(string version)
    {
        var path = CopyTestData(version, _dir.Path);
        var t0 = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

        using var journal = new PaymentJournal(path);

        for (var i = 0; i < Statuses.Length; i++)
        {
            var id = $"pay-{i + 1:00}-{Statuses[i].ToString().ToLowerInvariant()}";
            var p = (await journal.GetAsync(id, CancellationToken.None))!.Payment;
            Assert.Equal(Statuses[i], p.Status);
            Assert.Equal(100.50m * (i + 1), p.Amount);
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), p.TerminalId);
            Assert.Equal($"R{i + 1:0000}", p.ReceiptId);
            Assert.Equal($"Чек {i + 1}", p.Description);
            Assert.Equal(Enum.GetValues<PaymentSystem>()[i % 4], p.PaymentSystem);
            Assert.Equal(5 + (i % 4), p.PaymentTypeCode);
            Assert.Equal($"tx-{i + 1:00}", p.TransactionId);
            Assert.StartsWith("https://qr.nspk.ru/AD10", p.QrPayload, StringComparison.Ordinal);
            Assert.Equal(t0.AddMinutes(i), p.CreatedAt);
            Assert.Equal(t0.AddMinutes(i + 3), p.Deadline);
            Assert.Equal(i == 0 ? null : t0.AddMinutes(i).AddSeconds(30 + i), p.CompletedAt);
            Assert.Equal(ErrorCodes[i], p.Error?.Code ?? "");
            Assert.Equal(i == 6, p.LatePaid);
            Assert.Equal(i == 7, p.Unresolved);
        }
        Assert.Equal(JournalSchema.Version, UserVersion(path));
    }

    [Fact]
    public async Task SchemaTwoJournal_KeepsItsRefundsAndHistory()
    {
        var path = CopyTestData("v2", _dir.Path);
        using var payments = new PaymentJournal(path);

        using var refunds = new RefundJournal(path);

        var list = await refunds.ListForPaymentAsync("pay-02-paid", CancellationToken.None);
        Assert.Equal(["ref-1-succeeded", "ref-2-failed", "ref-3-pending", "ref-4-unresolved"], list.Select(r => r.Id));
        Assert.Equal([RefundStatus.Succeeded, RefundStatus.Failed, RefundStatus.Pending, RefundStatus.Pending], list.Select(r => r.Status));
        Assert.Equal([50m, 20m, 10m, 5m], list.Select(r => r.Amount));
        Assert.Equal([false, false, false, true], list.Select(r => r.Unresolved));
        Assert.Equal("rtx-1", list[0].RefundTransactionId);
        Assert.Equal("webmoney_rejected", list[1].Error?.Code);
        Assert.Equal(new RefundTotals(50m, 65m), (await refunds.TotalsForAsync(["pay-02-paid"], CancellationToken.None))["pay-02-paid"]);
        Assert.Equal(3, HistoryCount(Path.Combine(_dir.Path, "history.db"), "pay-02-paid"));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task EarlierJournal_ItsPendingPaymentResumes_InTheGateway(string version)
    {
        await using var gateway = new GatewayHarness().UseScriptedWebMoney();
        CopyTestData(version, gateway.Data.Path);
        gateway.Scripted!.DefaultStatus = WireStatus.Paid;
        using var http = gateway.CreateClient();

        var resumed = await http.WaitPaymentAsync("pay-01-pending", "paid");
        var paid = await http.GetPaymentAsync("pay-02-paid");

        Assert.Equal("tx-01", resumed.GetProperty("transactionId").GetString());
        Assert.Contains(PosApi.GetPaymentStatus, gateway.Scripted.Calls);
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        if (version == "v2")
        {
            var refund = await http.WaitRefundFinalAsync("ref-3-pending");
            Assert.Equal("succeeded", refund.GetProperty("status").GetString());
            Assert.Equal(3, (await http.EventsAsync("pay-02-paid")).GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public void NewerJournal_IsRefusedNamingBothVersions_AndNotAByteChanges()
    {
        var path = CopyTestData("v2", _dir.Path);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version={JournalSchema.Version + 1}";
            command.ExecuteNonQuery();
        }
        var before = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

        var refused = Assert.Throws<JournalTooNewException>(() => new PaymentJournal(path));

        Assert.Contains($"схема журнала {JournalSchema.Version + 1}", refused.Message);
        Assert.Contains($"понимает схему не новее {JournalSchema.Version}", refused.Message);
        Assert.Contains($"journal schema {JournalSchema.Version + 1}", refused.Message);
        Assert.Equal(before, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
        Assert.False(File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Copies TestData/&lt;version&gt; (payments.db, and history.db from v2) into the folder; answers the journal's path.</summary>
    public static string CopyTestData(string version, string directory)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "JournalTestData", version);
        foreach (var file in Directory.GetFiles(source, "*.db"))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        }
        return Path.Combine(directory, JournalSetup.FileName);
    }

    private static long UserVersion(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }

    private static long HistoryCount(string path, string paymentId)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM payment_events WHERE payment_id = $p";
        command.Parameters.AddWithValue("$p", paymentId);
        return (long)command.ExecuteScalar()!;
    }
}
