using System.Text;
using Gateway.Journal;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Payments;

/// <summary>
/// The query string of <c>GET /payments</c>, bound with <c>[AsParameters]</c>. Names are given explicitly so the
/// wire (and the OpenAPI document) keep their camelCase names; the values arrive as text and are checked here, so
/// a bad one is a precise validation problem rather than a binding failure.
/// </summary>
public sealed record PaymentListQuery(
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "terminalId")] string? TerminalId,
    [FromQuery(Name = "from")] DateTimeOffset? From,
    [FromQuery(Name = "to")] DateTimeOffset? To,
    [FromQuery(Name = "attention")] bool? Attention,
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "cursor")] string? Cursor,
    [FromQuery(Name = "paymentSystem")] string? PaymentSystem = null)
{
    /// <summary>The journal query, or the errors by field (then the query is null).</summary>
    public JournalQuery? ToJournalQuery(out Dictionary<string, string[]> errors)
    {
        errors = [];
        global::Gateway.Storage.PaymentSystem? systemFilter = null;
        if (PaymentSystem is not null)
        {
            if (Enum.TryParse<global::Gateway.Storage.PaymentSystem>(PaymentSystem, ignoreCase: true, out var system) && Enum.IsDefined(system) && !int.TryParse(PaymentSystem, out _))
            {
                systemFilter = system;
            }
            else
            {
                errors["paymentSystem"] = ["One of sbp, webMoney, weChat, alipay."];
            }
        }
        PaymentStatus? statusFilter = null;
        if (Status is not null)
        {
            if (Enum.TryParse<PaymentStatus>(Status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(Status, out _))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = ["One of pending, paid, declined, timedOut, cancelled, failed."];
            }
        }
        if (Limit is < 1 or > PaymentsApi.MaxListLimit)
        {
            errors["limit"] = [$"1–{PaymentsApi.MaxListLimit}."];
        }
        if (TerminalId is not null && !PaymentRequestValidator.TerminalIdPattern().IsMatch(TerminalId))
        {
            errors["terminalId"] = ["1–32 characters: latin letters, digits, '_' or '-'."];
        }
        (DateTimeOffset, string)? after = null;
        if (Cursor is not null)
        {
            after = DecodeCursor(Cursor);
            if (after is null)
            {
                errors["cursor"] = ["Not a cursor returned by this endpoint."];
            }
        }
        return errors.Count > 0
            ? null
            : new JournalQuery(statusFilter, TerminalId, From, To, Attention ?? false, Limit ?? 50, after, systemFilter);
    }

    /// <summary>The opaque cursor that continues a list after <paramref name="last"/>.</summary>
    public static string EncodeCursor(Payment last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.CreatedAt.ToUnixTimeMilliseconds()}|{last.Id}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (DateTimeOffset, string)? DecodeCursor(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|');
            return parts.Length == 2 && long.TryParse(parts[0], out var ms) && parts[1].Length > 0
                ? (DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
