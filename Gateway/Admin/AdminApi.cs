using Gateway.History;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.WebMoney;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Admin;

/// <summary>
/// The endpoints the admin console adds. They live under /payments and /settings, so the API key, the
/// loopback-only rule of /settings and the cross-site guard apply to them exactly as to the rest of the API.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/payments/{id}/events", GetPaymentEvents)
            .WithTags("Payments")
            .WithName(nameof(GetPaymentEvents))
            .WithSummary("The payment's history: every state change and WebMoney call result, with times, oldest first")
            .WithDescription("Append-only. Consecutive identical WebMoney answers (e.g. \"still waiting\" every 5 s) are one event with `count` and `lastAt`. Errors: 404 payment_not_found.")
            .Produces<PaymentEventsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/payments/{id}/recheck", RecheckPayment)
            .WithTags("Payments")
            .WithName(nameof(RecheckPayment))
            .WithSummary("«Проверить сейчас»: ask WebMoney once about a payment that ended unresolved")
            .WithDescription("One GetPaymentStatus for a final payment still checked in the background (unresolved). Paid → the payment becomes latePaid; rejected / expired / cancelled → resolved; anything else changes nothing. "
                + "Errors: 404 payment_not_found, 409 nothing_to_check (pending, or already resolved), 503 not_configured.")
            .Produces<RecheckResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapPost("/settings/connection-check", CheckConnection)
            .WithTags("Settings")
            .WithName(nameof(CheckConnection))
            .WithSummary("«Проверить связь»: one signed call to WebMoney, the result in words")
            .WithDescription("A status query for a transaction id that cannot exist: WebMoney's refusal \"unknown transaction\" proves that DNS, TLS, the POS certificate, the signature and the clock were accepted (ok: true). Otherwise `stage` names what failed: dns, connect, tls, certificate, signature, clock, agent, refusal, http, timeout, soap, temporary, answer. "
                + "Errors: 503 not_configured (the settings or the certificate are not usable yet).")
            .Produces<ConnectionCheckResult>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapPut("/settings/certificate", CertificateUpload.PutCertificate)
            .WithTags("Settings")
            .WithName("PutSettingsCertificate")
            .WithSummary("Upload the POS certificate <PosNumber>.pfx (checked before it replaces the old one)")
            .WithDescription("multipart/form-data: `certificate` (the .pfx file) and optionally `certificatePassword` (saved as CertificatePassword when given). The file must open with the password, hold a private key and be within its validity; otherwise 400 validation_failed naming the field (certificate or certificatePassword) and nothing is written. The file is replaced atomically. 415 unsupported_media_type for another body.")
            .Accepts<CertificateUploadForm>("multipart/form-data")
            .Produces<CertificateUploadResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Ok<PaymentEventsResponse>, ProblemHttpResult>> GetPaymentEvents(
        string id, IPaymentStore journal, PaymentHistory history, CancellationToken ct)
    {
        if (await journal.GetAsync(id, ct) is null)
        {
            return Problems.NotFound("payment", id);
        }
        return TypedResults.Ok(new PaymentEventsResponse(id, await history.ReadAsync(id, ct)));
    }

    public static async Task<Results<Ok<RecheckResponse>, ProblemHttpResult>> RecheckPayment(string id, PaymentRecheck recheck)
    {
        // Not the request's token: once WebMoney is asked, what it said is committed even if the page is closed.
        return await recheck.RunAsync(id, CancellationToken.None) switch
        {
            RecheckOutcome.NotFound => Problems.NotFound("payment", id),
            RecheckOutcome.NothingToCheck { Payment: var p } => Problems.Create(StatusCodes.Status409Conflict, "nothing_to_check",
                p.IsFinal ? "The payment is resolved: nothing left to check" : "The payment is pending: it is polled every few seconds anyway",
                p.IsFinal ? "Платёж уже завершён окончательно — проверять нечего." : "Платёж ещё идёт: его статус и так запрашивается каждые несколько секунд."),
            RecheckOutcome.NotConfigured nc => Problems.NotConfigured(nc.Reason),
            RecheckOutcome.Checked c => TypedResults.Ok(new RecheckResponse(c.Payment.ToResponse(), c.Changed, c.Message)),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    public static async Task<Results<Ok<ConnectionCheckResult>, ProblemHttpResult>> CheckConnection(
        ISettingsStore settings, IWebMoneyClientFactory clients, WebMoneyActivity activity, TimeProvider time, CancellationToken ct)
    {
        var snapshot = settings.Current;
        if (snapshot.Connection is not { } connection)
        {
            return Problems.NotConfigured(snapshot.Problem);
        }
        return TypedResults.Ok(await ConnectionCheck.RunAsync(connection, clients, activity, time, ct));
    }
}

/// <summary>The form of PUT /settings/certificate (for Swagger).</summary>
/// <param name="Certificate">The .pfx file.</param>
/// <param name="CertificatePassword">Its password; when given, saved as CertificatePassword.</param>
public sealed record CertificateUploadForm(IFormFile Certificate, string? CertificatePassword);
