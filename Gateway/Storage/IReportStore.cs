namespace Gateway.Storage;

/// <summary>End of day (SPEC §11): the sums of a period and the rows a reconciliation compares. Read only.</summary>
public interface IReportStore
{
    /// <summary>
    /// Per terminal and system: payments paid (status paid, or latePaid) that ended in [from, to), and refunds that
    /// succeeded in [from, to); plus the payments ended in the period that need the administrator (attention).
    /// </summary>
    Task<DaySums> ReadDaySumsAsync(DateTimeOffset from, DateTimeOffset to, bool sandbox, string? terminalId, CancellationToken ct);

    /// <summary>The journal's view of the given payments (by id; unknown ids are absent), with the sum of their succeeded refunds.</summary>
    Task<IReadOnlyDictionary<string, ReconciledEntry>> ReadForReconciliationAsync(IReadOnlyCollection<string> paymentIds, CancellationToken ct);
}
