using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace WebMoneyEmulator.Soap;

/// <summary>
/// In front of SoapCore: counts every SOAP call per operation (from its SOAPAction header) and applies
/// the next queued fault for that operation, if any.
/// </summary>
internal sealed class FaultMiddleware(RequestDelegate next, EmulatorState state, IHostApplicationLifetime lifetime)
{
    /// <summary>HttpContext item telling <see cref="PosApiService"/> to answer with a temporary result code.</summary>
    public const string TemporaryItem = "WebMoneyEmulator.TemporaryFault";

    /// <summary>HttpContext item: the <see cref="FaultEntry"/> of a refusal or unknown-status fault, applied by <see cref="PosApiService"/>.</summary>
    public const string AnswerFaultItem = "WebMoneyEmulator.AnswerFault";

    // A hung call is released when the client gives up, the emulator stops, or after this long.
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(5);

    private const string SoapFaultBody =
        """<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring xml:lang="ru-RU">Внутренняя ошибка сервера WebMoney (эмуляция)</faultstring></s:Fault></s:Body></s:Envelope>""";

    public async Task InvokeAsync(HttpContext context)
    {
        var operation = OperationOf(context.Request);
        if (operation is null)
        {
            await next(context);
            return;
        }

        state.Stats.Count(operation);
        var fault = state.Faults.TakeNext(operation);
        if (state.ClockOffset != TimeSpan.Zero)
        {
            // The emulator's clock runs ahead: its HTTP Date header says so too (the gateway measures the offset from it).
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = state.Time.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
        }
        switch (fault?.Kind)
        {
            case null:
                await next(context);
                break;
            case FaultKind.Refusal or FaultKind.UnknownStatus:
                context.Items[AnswerFaultItem] = fault;
                await next(context);
                break;
            case FaultKind.Temporary:
                context.Items[TemporaryItem] = true;
                await next(context);
                break;
            case FaultKind.Http500:
                await Answer(context, StatusCodes.Status500InternalServerError, "text/plain; charset=utf-8", "Internal Server Error");
                break;
            case FaultKind.SoapFault:
                await Answer(context, StatusCodes.Status500InternalServerError, "text/xml; charset=utf-8", SoapFaultBody);
                break;
            case FaultKind.Garbage:
                await Answer(context, StatusCodes.Status200OK, "text/xml; charset=utf-8", "%%% это не XML: <<<@@@ \u0001 %%%");
                break;
            case FaultKind.Drop:
                await DrainBody(context);
                context.Abort();
                break;
            case FaultKind.Hang:
                await Hang(context);
                break;
            case FaultKind.DropAfter:
                await DropAfter(context);
                break;
        }
    }

    /// <summary>Runs the operation for real, keeps its answer from the wire, then closes the connection.</summary>
    private async Task DropAfter(HttpContext context)
    {
        var answer = context.Response.Body;
        using var swallowed = new MemoryStream();
        context.Response.Body = swallowed;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = answer;
        }

        context.Abort();
    }

    private static string? OperationOf(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        var action = request.Headers["SOAPAction"].ToString().Trim('"', ' ');
        var name = action[(action.LastIndexOf('/') + 1)..];
        return name is PosApi.CreateQrPayment or PosApi.GetPaymentStatus or PosApi.CancelPayment
            or PosApi.RefundPayment or PosApi.GetRefundStatus or PosApi.GetTransactions ? name : null;
    }

    private static async Task Answer(HttpContext context, int status, string contentType, string body)
    {
        await DrainBody(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private async Task Hang(HttpContext context)
    {
        await DrainBody(context);
        using var release = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(HangLimit, release.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the emulator is stopping: either way the call ends unanswered.
        }

        context.Abort();
    }

    private static async Task DrainBody(HttpContext context)
    {
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client is gone already; the fault still counts.
        }
    }
}
