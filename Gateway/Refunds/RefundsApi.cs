using System.Text.Json;
using Gateway.OpenApi;
using Gateway.Payments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Refunds;

/// <summary><c>POST|GET /payments/{id}/refunds</c>, <c>GET /refunds/{refundId}</c>, <c>GET /refunds</c> (SPEC §10).</summary>
public static class RefundsApi
{
    public const int MaxListLimit = 200;

    public static IEndpointRouteBuilder MapRefundsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/payments/{id}/refunds", CreateRefund)
            .WithTags("Refunds")
            .WithName(nameof(CreateRefund))
            .WithSummary("Refund a paid payment, in full or in part; answers once WebMoney has answered")
            .WithDescription("Body {amount?, reason?}: no amount refunds the whole amount still refundable. Optional header Idempotency-Key: "
                + "the same key with the same body within 24 h returns the original refund (200); with another body, 409 idempotency_key_reused. "
                + "The refund is journalled before it is sent and never sent twice under another RefundId. "
                + "Errors: 400 validation_failed / malformed_json, 404 payment_not_found, 409 payment_not_paid / refund_exceeds_payment "
                + "(with refundableAmount) / idempotency_key_reused, 415 unsupported_media_type, 502 webmoney_rejected (with refundId; the refund is failed) / "
                + "webmoney_unavailable (with refundId; the refund is pending and unresolved, still checked), 503 not_configured.")
            .Accepts<CreateRefundRequest>("application/json")
            .HonoursIdempotencyKey()
            .Produces<RefundResponse>(StatusCodes.Status201Created)
            .Produces<RefundResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapGet("/payments/{id}/refunds", ListPaymentRefunds)
            .WithTags("Refunds")
            .WithName(nameof(ListPaymentRefunds))
            .WithSummary("The payment's refunds, oldest first")
            .Produces<RefundListResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/refunds/{refundId}", GetRefund)
            .WithTags("Refunds")
            .WithName(nameof(GetRefund))
            .WithSummary("The refund's current state; ?waitSeconds=N (0–60) answers as soon as it is final or N s have passed")
            .Produces<RefundResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/refunds", ListRefunds)
            .WithTags("Refunds")
            .WithName(nameof(ListRefunds))
            .WithSummary("Refunds, newest first; attention=true: only unresolved ones (no well-formed answer from WebMoney yet); limit ≤ 200")
            .Produces<RefundListResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Results<Created<RefundResponse>, Ok<RefundResponse>, ProblemHttpResult>> CreateRefund(
        string id, HttpRequest request, RefundService refunds)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateRefundRequest>(request);
        if (problem is not null)
        {
            return problem;
        }
        RefundRequestValidator.TryValidate(body!, out var valid, out var errors);
        // Read by hand; the document declares it through .HonoursIdempotencyKey().
        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 128)
        {
            errors["Idempotency-Key"] = ["At most 128 characters."];
        }
        if (valid is null || errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // Not the request's token: once WebMoney is asked, the answer must be journalled even if the POS hangs up.
        var result = await refunds.CreateAsync(id, valid, key.Length == 0 ? null : key, CancellationToken.None);
        return result switch
        {
            RefundResult.Created { Refund: var r } when r.Status == RefundStatus.Failed => Problems.Create(StatusCodes.Status502BadGateway,
                RefundErrorCodes.WebMoneyRejected, "WebMoney refused the refund", r.Error?.Message, RefundIdOf(r)),
            RefundResult.Created { Refund: var r } when r.Unresolved => Problems.Create(StatusCodes.Status502BadGateway,
                RefundErrorCodes.WebMoneyUnavailable, "WebMoney did not answer about the refund", r.Error?.Message, RefundIdOf(r)),
            RefundResult.Created { Refund: var r } => TypedResults.Created($"/refunds/{r.Id}", r.ToResponse()),
            RefundResult.Replayed { Refund: { } r } => TypedResults.Ok(r.ToResponse()),
            RefundResult.Replayed => Problems.Create(StatusCodes.Status409Conflict, "idempotency_key_reused", "The original refund is gone"),
            RefundResult.NotConfigured nc => Problems.NotConfigured(nc.Reason),
            RefundResult.Refused { Why: var why } => Refused(id, why),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    public static async Task<Results<Ok<RefundListResponse>, ProblemHttpResult>> ListPaymentRefunds(string id, RefundService refunds,
        PaymentService payments, CancellationToken ct)
    {
        var list = await refunds.ListForPaymentAsync(id, ct);
        if (list.Count == 0 && await payments.GetAsync(id, ct) is null)
        {
            return Problems.NotFound("payment", id);
        }
        return TypedResults.Ok(new RefundListResponse(list.Select(r => r.ToResponse()).ToList()));
    }

    public static async Task<Results<Ok<RefundResponse>, ProblemHttpResult>> GetRefund(string refundId, int? waitSeconds, RefundService refunds, CancellationToken ct)
    {
        if (waitSeconds is < 0 or > PaymentsApi.MaxWaitSeconds)
        {
            return Problems.Validation("waitSeconds", $"0–{PaymentsApi.MaxWaitSeconds}.");
        }
        var refund = waitSeconds is > 0 ? await refunds.WaitAsync(refundId, TimeSpan.FromSeconds(waitSeconds.Value), ct) : await refunds.GetAsync(refundId, ct);
        return refund is null ? Problems.NotFound("refund", refundId) : TypedResults.Ok(refund.ToResponse());
    }

    public static async Task<Results<Ok<RefundListResponse>, ProblemHttpResult>> ListRefunds(bool? attention, int? limit, RefundService refunds,
        CancellationToken ct)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            return Problems.Validation("limit", $"1–{MaxListLimit}.");
        }
        return TypedResults.Ok(new RefundListResponse((await refunds.ListAsync(attention ?? false, limit ?? 50, ct)).Select(r => r.ToResponse()).ToList()));
    }

    private static ProblemHttpResult Refused(string paymentId, ReserveResult why) => why switch
    {
        ReserveResult.PaymentNotFound => Problems.NotFound("payment", paymentId),
        ReserveResult.NotPaid notPaid => Problems.Create(StatusCodes.Status409Conflict, "payment_not_paid", "Only a paid payment can be refunded",
            CashierMessages.RefundOfUnpaid(notPaid.Status),
            new Dictionary<string, object?> { ["paymentId"] = paymentId, ["paymentStatus"] = JsonNamingPolicy.CamelCase.ConvertName(notPaid.Status) }),
        ReserveResult.Exceeds exceeds => Problems.Create(StatusCodes.Status409Conflict, "refund_exceeds_payment",
            "The refunds would exceed the payment's amount",
            CashierMessages.RefundExceeds(exceeds.Refundable),
            new Dictionary<string, object?> { ["paymentId"] = paymentId, ["refundableAmount"] = exceeds.Refundable }),
        ReserveResult.KeyReused reused => Problems.Create(StatusCodes.Status409Conflict, "idempotency_key_reused",
            "This Idempotency-Key was used with a different body", "Use a new key for a new refund.",
            new Dictionary<string, object?> { ["refundId"] = reused.RefundId }),
        _ => throw new InvalidOperationException("unreachable"),
    };

    private static Dictionary<string, object?> RefundIdOf(Refund r) => new() { ["refundId"] = r.Id, ["paymentId"] = r.PaymentId };
}
