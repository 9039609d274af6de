using System.Text;
using Gateway.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Gateway.Payments;

/// <summary>The <c>/payments</c> group and <c>/payment-types</c> (SPEC §3).</summary>
public static class PaymentsApi
{
    public const int MaxListLimit = 200;
    public const int MaxWaitSeconds = 60;

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/payments").WithTags("Payments").AddEndpointFilter<Refunds.RefundTotalsFilter>();

        group.MapPost("/", CreatePayment)
            .WithName(nameof(CreatePayment))
            .WithSummary("Create a QR payment; answers once WebMoney has issued the QR")
            .WithDescription("Body: amount and exactly one of paymentTypeCode / paymentSystem. Optional header Idempotency-Key: "
                + "the same key with the same body within 24 h returns the original payment (200); with another body, 409 idempotency_key_reused. "
                + "Errors: 400 validation_failed / malformed_json, 415 unsupported_media_type, 409 terminal_busy, "
                + "422 payment_type_not_configured, 502 webmoney_rejected / webmoney_unavailable, 503 not_configured.")
            .Accepts<CreatePaymentRequest>("application/json")
            .HonoursIdempotencyKey()
            .Produces<PaymentResponse>(StatusCodes.Status201Created)
            .Produces<PaymentResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/{id}", GetPayment)
            .WithName(nameof(GetPayment))
            .WithSummary("The payment's current state; ?waitSeconds=N (0–60) answers as soon as it is final or N s have passed")
            .Produces<PaymentResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/cancel", CancelPayment)
            .WithName(nameof(CancelPayment))
            .WithSummary("The cashier cancels: cancel at WebMoney, then one final status check; if WebMoney says paid, the payment is paid")
            .Produces<PaymentResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // As a Delegate: the request delegate generator (Gateway.csproj) writes uncompilable code for an [AsParameters]
        // record with nullable members (typeof(string?)), so this one endpoint keeps the runtime-built delegate.
        Delegate list = ListPayments;
#pragma warning disable RDG002 // skipped by the generator on purpose (above)
        group.MapGet("/", list)
            .WithName(nameof(ListPayments))
            .WithSummary("The journal, newest first; filters status, terminalId, paymentSystem, from, to, attention (late-paid or unresolved), limit ≤ 200, cursor")
            .Produces<PaymentListResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
#pragma warning restore RDG002

        group.MapGet("/{id}/qr.svg", GetQrSvg)
            .WithName(nameof(GetQrSvg))
            .WithSummary("The QR as SVG")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/svg+xml")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/qr.png", GetQrPng)
            .WithName(nameof(GetQrPng))
            .WithSummary("The QR as PNG; ?scale=N pixels per module (1–40, default 8)")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/payment-types", GetPaymentTypes)
            .WithTags("Payments")
            .WithName(nameof(GetPaymentTypes))
            .WithSummary("The 4 WebMoney payment systems with their Russian title and mapped Кассир Code (null if unmapped)")
            .Produces<PaymentTypeResponse[]>();
        return app;
    }

    public static async Task<Results<Created<PaymentResponse>, Ok<PaymentResponse>, ProblemHttpResult>> CreatePayment(
        HttpRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, PaymentService payments,
        IOptions<GatewayOptions> options)
    {
        // The body is read here, not bound: a malformed or mistyped body must answer the precise problem (SPEC §3).
        var (body, problem) = await JsonBody.ReadAsync<CreatePaymentRequest>(request);
        if (problem is not null)
        {
            return problem;
        }
        PaymentRequestValidator.TryValidate(body!, options.Value, out var valid, out var errors);
        var key = idempotencyKey ?? "";
        if (key.Length > 128)
        {
            errors["Idempotency-Key"] = ["At most 128 characters."];
        }
        if (valid is null || errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // Not the request's token: once WebMoney is asked, the answer must be journalled even if the POS hangs up.
        var result = await payments.CreateAsync(valid, key.Length == 0 ? null : key, CancellationToken.None);
        return result switch
        {
            CreateResult.Created { Payment: var p } when p.Status == PaymentStatus.Failed => Problems.Create(
                StatusCodes.Status502BadGateway, p.Error!.Code, p.Error.Code == PaymentErrorCodes.WebMoneyRejected
                    ? "WebMoney refused to create the QR" : "WebMoney did not answer in time",
                p.Error.Message, new Dictionary<string, object?> { ["paymentId"] = p.Id }),
            CreateResult.Created { Payment: var p } => TypedResults.Created($"/payments/{p.Id}", p.ToResponse()),
            CreateResult.Replayed { Payment: { } p } => TypedResults.Ok(p.ToResponse()),
            CreateResult.Replayed => Problems.Create(StatusCodes.Status409Conflict, "idempotency_key_reused", "The original payment is gone"),
            CreateResult.KeyReused reused => Problems.Create(StatusCodes.Status409Conflict, "idempotency_key_reused",
                "This Idempotency-Key was used with a different body", "Use a new key for a new payment.",
                new Dictionary<string, object?> { ["paymentId"] = reused.PaymentId }),
            CreateResult.TerminalBusy busy => Problems.Create(StatusCodes.Status409Conflict, "terminal_busy",
                "A payment is already pending on this terminal", "Wait for it to end or cancel it first.",
                new Dictionary<string, object?> { ["paymentId"] = busy.PaymentId }),
            CreateResult.NotConfigured nc => Problems.NotConfigured(nc.Reason),
            CreateResult.TypeNotConfigured t => Problems.Create(StatusCodes.Status422UnprocessableEntity, "payment_type_not_configured",
                "This payment-type Code is not mapped to a WebMoney payment system",
                CashierMessages.TypeNotConfigured(t.Code)),
            CreateResult.SystemNotConfigured s => Problems.Create(StatusCodes.Status422UnprocessableEntity, "payment_type_not_configured",
                "This payment system has no Кассир Code", $"{s.System} has no code in WebMoneyPaymentTypes.txt."),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> GetPayment(string id, int? waitSeconds,
        PaymentService payments, CancellationToken ct)
    {
        if (waitSeconds is < 0 or > MaxWaitSeconds)
        {
            return Problems.Validation("waitSeconds", $"0–{MaxWaitSeconds}.");
        }
        var payment = waitSeconds is > 0
            ? await payments.WaitAsync(id, TimeSpan.FromSeconds(waitSeconds.Value), ct)
            : await payments.GetAsync(id, ct);
        return payment is null ? Problems.NotFound("payment", id) : TypedResults.Ok(payment.ToResponse());
    }

    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> CancelPayment(string id, PaymentService payments)
    {
        var payment = await payments.CancelAsync(id, CancellationToken.None);
        return payment is null ? Problems.NotFound("payment", id) : TypedResults.Ok(payment.ToResponse());
    }

    public static async Task<Results<Ok<PaymentListResponse>, ProblemHttpResult>> ListPayments(
        [AsParameters] PaymentListQuery query, PaymentService payments, CancellationToken ct)
    {
        if (query.ToJournalQuery(out var errors) is not { } journalQuery)
        {
            return Problems.Validation(errors);
        }
        var page = await payments.ListAsync(journalQuery, ct);
        return TypedResults.Ok(new PaymentListResponse(page.Items.Select(p => p.ToResponse()).ToList(),
            page.Last is null ? null : PaymentListQuery.EncodeCursor(page.Last)));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetQrSvg(string id, PaymentService payments, CancellationToken ct)
    {
        var payment = await payments.GetAsync(id, ct);
        return payment?.QrPayload is { } payload
            ? TypedResults.Content(QrImages.Svg(payload), "image/svg+xml", Encoding.UTF8)
            : Problems.NotFound("qr", id);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetQrPng(string id, int? scale, PaymentService payments,
        CancellationToken ct)
    {
        if (scale is < 1 or > 40)
        {
            return Problems.Validation("scale", "1–40 pixels per module.");
        }
        var payment = await payments.GetAsync(id, ct);
        return payment?.QrPayload is { } payload
            ? TypedResults.File(QrImages.Png(payload, scale ?? 8), "image/png")
            : Problems.NotFound("qr", id);
    }

    public static Ok<PaymentTypeResponse[]> GetPaymentTypes(Settings.ISettingsStore settings)
    {
        var map = settings.Current.PaymentTypes;
        return TypedResults.Ok(Enum.GetValues<PaymentSystem>().Select(s => new PaymentTypeResponse(s, s.Title(), map.CodeOf(s))).ToArray());
    }
}
