using Microsoft.AspNetCore.Http.HttpResults;
using WebMoneyEmulator.Transactions;

namespace WebMoneyEmulator.Control;

/// <summary>Body of <c>POST /emulator/faults</c>.</summary>
/// <remarks><see cref="ResultCode"/> (1–99, default 30) goes with kind <c>refusal</c>, <see cref="Status"/> (default <c>Frozen</c>) with <c>unknownStatus</c>.</remarks>
public sealed record FaultRequest(string? Operation, string? Kind, int? Count, int? ResultCode = null, string? Status = null);

/// <summary>Body of <c>POST /emulator/options</c>.</summary>
/// <param name="AutoPayAfterSeconds">Pending transactions get paid that many seconds after creation; null (or absent) turns it off.</param>
/// <param name="RefundsPending">Refunds stay Pending until completed by hand (default false); null leaves it as it is.</param>
/// <param name="ClockOffsetSeconds">The emulator's clock runs that far ahead of the machine's (negative: behind); null keeps the offset.</param>
public sealed record EmulatorOptionsRequest(int? AutoPayAfterSeconds, bool? RefundsPending = null, double? ClockOffsetSeconds = null);

/// <summary>
/// The emulator's control API and demo page. The emulator maps it on its own loopback listener; a host
/// (the gateway's sandbox mode) can map it again under a prefix of its own with
/// <see cref="MapEmulatorControl"/>: the page then calls the API under that prefix.
/// </summary>
public static class ControlApi
{
    /// <summary>
    /// Maps <c>GET {prefix}/</c> (demo page), <c>GET {prefix}/emulator/stats</c>, <c>GET {prefix}/emulator/transactions</c>,
    /// <c>POST {prefix}/emulator/transactions/{id}/pay|decline|expire</c>, <c>GET|POST|DELETE {prefix}/emulator/faults</c>,
    /// <c>GET|POST {prefix}/emulator/options</c>, all acting on <paramref name="host"/>.
    /// </summary>
    /// <param name="routes">Where to map.</param>
    /// <param name="host">The running emulator the endpoints control.</param>
    /// <param name="prefix">Path prefix, e.g. <c>/sandbox</c>; empty for none.</param>
    public static RouteGroupBuilder MapEmulatorControl(this IEndpointRouteBuilder routes, EmulatorHost host, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(host);
        var basePath = "/" + prefix.Trim('/');
        basePath = basePath == "/" ? "" : basePath;
        var group = routes.MapGroup(basePath).WithTags("WebMoney emulator");

        group.MapGet("/", () => TypedResults.Content(ControlPage.Render(basePath), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        group.MapGet("/emulator/stats", () => TypedResults.Ok(host.GetStats()))
            .WithSummary("SOAP calls received per operation (faulted ones included).");
        group.MapGet("/emulator/transactions", () => TypedResults.Ok(host.GetTransactions()))
            .WithSummary("Every transaction, oldest first.");
        group.MapPost("/emulator/transactions/{transactionId}/pay", (string transactionId) => Act(host.Pay(transactionId, out var t), t, transactionId))
            .WithSummary("The customer pays the QR.");
        group.MapPost("/emulator/transactions/{transactionId}/decline", (string transactionId) => Act(host.Decline(transactionId, out var t), t, transactionId))
            .WithSummary("The payment system rejects the payment.");
        group.MapPost("/emulator/transactions/{transactionId}/expire", (string transactionId) => Act(host.Expire(transactionId, out var t), t, transactionId))
            .WithSummary("The QR expires now.");
        group.MapGet("/emulator/faults", () => TypedResults.Ok(host.GetFaults()))
            .WithSummary("Faults still queued.");
        group.MapPost("/emulator/faults", (FaultRequest request) => AddFault(host, request))
            .WithSummary("The next N calls of an operation (or * for any) fail in the given way; faults apply in the order posted.");
        group.MapDelete("/emulator/faults", () =>
        {
            host.ClearFaults();
            return TypedResults.NoContent();
        }).WithSummary("Clears every queued fault.");
        group.MapGet("/emulator/options", () => TypedResults.Ok(OptionsOf(host)));
        group.MapPost("/emulator/options", (EmulatorOptionsRequest request) => SetOptions(host, request))
            .WithSummary("autoPayAfterSeconds: pending transactions get paid that many seconds after creation; null turns it off. "
                + "refundsPending: refunds stay Pending until completed by hand (default false); absent leaves it unchanged; "
                + "clockOffsetSeconds: the emulator's clock runs that far ahead (RequestTime check, every time it reports, HTTP Date).");
        group.MapRefundControl(host);
        return group;
    }

    private static Results<Ok<EmulatorTransaction>, ProblemHttpResult> Act(ControlResult result, EmulatorTransaction? transaction, string id) => result switch
    {
        ControlResult.Done => TypedResults.Ok(transaction!),
        ControlResult.NotFound => Problem(StatusCodes.Status404NotFound, "transaction_not_found", $"Транзакция {id} не найдена."),
        _ => Problem(StatusCodes.Status409Conflict, "transaction_final", $"Транзакция {id} уже в конечном статусе {transaction!.Status}."),
    };

    private static Results<Ok<IReadOnlyList<FaultEntry>>, ValidationProblem> AddFault(EmulatorHost host, FaultRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!FaultQueue.TryParseOperation(request.Operation, out var operation))
        {
            errors["operation"] = ["Ожидается CreateQrPayment, GetPaymentStatus, CancelPayment, RefundPayment, GetRefundStatus или *."];
        }

        if (!FaultQueue.TryParseKind(request.Kind, out var kind))
        {
            errors["kind"] = ["Ожидается http500, hang, drop, dropAfter, soapFault, garbage, temporary, refusal или unknownStatus."];
        }

        if (request.ResultCode is { } code && (kind != FaultKind.Refusal || code is < 1 or > 99))
        {
            errors["resultCode"] = ["Только для kind = refusal: от 1 до 99."];
        }

        if (request.Status is { } status && (kind != FaultKind.UnknownStatus || string.IsNullOrWhiteSpace(status) || status.Length > 64))
        {
            errors["status"] = ["Только для kind = unknownStatus: от 1 до 64 символов."];
        }

        var count = request.Count ?? 1;
        if (count is < 1 or > 1000)
        {
            errors["count"] = ["От 1 до 1000."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });
        }

        host.AddFault(operation, kind, count, request.ResultCode, request.Status);
        return TypedResults.Ok(host.GetFaults());
    }

    private static Results<Ok<EmulatorOptionsRequest>, ValidationProblem> SetOptions(EmulatorHost host, EmulatorOptionsRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.AutoPayAfterSeconds is < 0)
        {
            errors["autoPayAfterSeconds"] = ["Не меньше 0, или null."];
        }

        if (request.ClockOffsetSeconds is { } offset && (double.IsNaN(offset) || Math.Abs(offset) > 366 * 86400))
        {
            errors["clockOffsetSeconds"] = ["Не больше года в любую сторону."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });
        }

        host.AutoPayAfter = request.AutoPayAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        if (request.RefundsPending is { } refundsPending)
        {
            host.RefundsPending = refundsPending;
        }
        if (request.ClockOffsetSeconds is { } clock)
        {
            host.ClockOffset = TimeSpan.FromSeconds(clock);
        }

        return TypedResults.Ok(OptionsOf(host));
    }

    private static EmulatorOptionsRequest OptionsOf(EmulatorHost host) =>
        new(host.AutoPayAfter is { } after ? (int)after.TotalSeconds : null, host.RefundsPending, host.ClockOffset.TotalSeconds);

    private static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });
}
