using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tests.KassirClient;

/// <summary>
/// A stand-in for the gateway's REST API (SPEC §3) on a real Kestrel port, scripted by the test: it can drop
/// connections, lose the answer of a create it carried out, refuse with any problem, stop listening and come
/// back on the same port with its payments kept — the network failures the real gateway cannot be asked to
/// make. Its payments behave as the gateway's do: idempotency keys, terminal_busy, long-poll, cancel.
/// </summary>
internal sealed class ScriptedGateway : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock gate = new();
    private readonly Dictionary<string, ScriptedPayment> payments = [];
    private readonly Dictionary<string, string> idByKey = [];
    private readonly List<RecordedRequest> requests = [];
    private readonly List<(Func<RecordedRequest, bool> Match, TaskCompletionSource<RecordedRequest> Done)> waiters = [];
    private readonly TimeProvider time;
    private WebApplication? app;
    private int sequence;

    private ScriptedGateway(TimeProvider time) => this.time = time;

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>What happens to the next create calls, one entry per call; empty: handled normally.</summary>
    public Queue<CreateScript> CreateScripts { get; } = new();

    /// <summary>How many of the next status reads have their connection dropped.</summary>
    public int DropNextGets { get; set; }

    /// <summary>What a cancel finds at WebMoney.</summary>
    public CancelMode OnCancel { get; set; } = CancelMode.Cancels;

    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromSeconds(180);

    public string? RequiredApiKey { get; set; }

    public int PaymentCount
    {
        get
        {
            lock (gate)
            {
                return payments.Count;
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public static async Task<ScriptedGateway> StartAsync(TimeProvider? time = null)
    {
        var gateway = new ScriptedGateway(time ?? TimeProvider.System);
        await gateway.ListenAsync(0);
        return gateway;
    }

    /// <summary>Stops listening: calls now find the port closed (connection refused); open long-polls are cut.</summary>
    public async Task StopAsync()
    {
        if (app is { } running)
        {
            app = null;
            await running.StopAsync();
            await running.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same port, with every payment kept (as the real gateway's journal keeps them).</summary>
    public Task RestartAsync() => ListenAsync(Port);

    /// <summary>
    /// Ends a pending payment as WebMoney would report it. <paramref name="unresolved"/>: the ending had no definite
    /// "not paid" and the gateway keeps checking; <paramref name="latePaid"/>: WebMoney reported it paid afterwards.
    /// </summary>
    public void Settle(
        string paymentId, string status, string? errorCode = null, string? errorMessage = null, bool unresolved = false, bool latePaid = false)
    {
        lock (gate)
        {
            var p = payments[paymentId];
            p.Status = status;
            p.ErrorCode = errorCode;
            p.ErrorMessage = errorMessage;
            p.Unresolved = unresolved;
            p.LatePaid = latePaid;
            p.CompletedAt = time.GetUtcNow();
            p.Changed.TrySetResult();
            p.Changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Waits (bounded) for a request that matches, including one already received.</summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match)
    {
        lock (gate)
        {
            if (requests.FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var done = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public Task<RecordedRequest> LongPollStartedAsync(string paymentId) =>
        WaitForRequestAsync(r => r.Method == "GET" && r.Path == "/payments/" + paymentId && r.WaitSeconds > 0);

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var web = builder.Build();
        web.MapPost("/payments", CreateAsync);
        web.MapGet("/payments/{id}", GetAsync);
        web.MapPost("/payments/{id}/cancel", CancelAsync);
        await web.StartAsync();
        Port = new Uri(web.Urls.First()).Port;
        app = web;
    }

    private async Task CreateAsync(HttpContext http)
    {
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var key = Record(http, body);
        if (!Authorized(http))
        {
            await Problem(http, 401, "unauthorized", "Нужен заголовок X-Api-Key.");
            return;
        }

        CreateScript? script;
        lock (gate)
        {
            CreateScripts.TryDequeue(out script);
        }

        switch (script?.Kind)
        {
            case CreateScriptKind.DropConnection:
                http.Abort();
                return;
            case CreateScriptKind.ServerError:
                http.Response.StatusCode = 500;
                return;
            case CreateScriptKind.Problem:
                await Problem(http, script.Status, script.Code, script.Detail, script.PaymentId);
                return;
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var code = root.GetProperty("paymentTypeCode").GetInt32();
        var system = code switch { 5 => "sbp", 6 => "webMoney", 7 => "weChat", 8 => "alipay", _ => null };
        if (system is null)
        {
            await Problem(http, 422, "payment_type_not_configured", $"Код вида оплаты {code} не настроен.");
            return;
        }

        ScriptedPayment payment;
        bool replay;
        lock (gate)
        {
            replay = key is not null && idByKey.ContainsKey(key);
            if (replay)
            {
                payment = payments[idByKey[key!]];
            }
            else
            {
                var terminal = root.TryGetProperty("terminalId", out var t) ? t.GetString()! : "1";
                if (payments.Values.FirstOrDefault(p => p.TerminalId == terminal && p.Status == "pending") is { } busy)
                {
                    payment = busy;
                    replay = true;
                    key = null;
                }
                else
                {
                    var now = time.GetUtcNow();
                    var id = "pay-" + Interlocked.Increment(ref sequence);
                    payment = new ScriptedPayment
                    {
                        Id = id,
                        TerminalId = terminal,
                        Amount = root.GetProperty("amount").GetDecimal(),
                        PaymentTypeCode = code,
                        PaymentSystem = system,
                        ReceiptId = root.TryGetProperty("receiptId", out var r) ? r.GetString() : null,
                        Description = root.TryGetProperty("description", out var d) ? d.GetString() : null,
                        TransactionId = "wm-" + id,
                        QrPayload = "https://qr.nspk.ru/AS1000" + id,
                        CreatedAt = now,
                        Deadline = now + PaymentTimeout,
                    };
                    payments[id] = payment;
                    if (key is not null)
                    {
                        idByKey[key] = id;
                    }
                }
            }
        }

        if (replay && key is null)
        {
            await Problem(http, 409, "terminal_busy", "На терминале уже есть незавершённая оплата.", payment.Id);
            return;
        }

        if (script?.Kind == CreateScriptKind.CreateThenDrop)
        {
            http.Abort();
            return;
        }

        http.Response.StatusCode = replay ? 200 : 201;
        await Write(http, payment);
    }

    private async Task GetAsync(HttpContext http, string id)
    {
        Record(http, null);
        bool drop;
        ScriptedPayment? payment;
        lock (gate)
        {
            drop = DropNextGets > 0;
            DropNextGets = Math.Max(0, DropNextGets - 1);
            payment = payments.GetValueOrDefault(id);
        }

        if (drop)
        {
            http.Abort();
            return;
        }

        if (payment is null)
        {
            await Problem(http, 404, "not_found", "Платёж не найден.");
            return;
        }

        var waitSeconds = int.TryParse(http.Request.Query["waitSeconds"], out var w) ? w : 0;
        Task changed;
        lock (gate)
        {
            changed = payment.Status == "pending" && waitSeconds > 0 ? payment.Changed.Task : Task.CompletedTask;
        }

        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(waitSeconds), stopping));
        if (stopping.IsCancellationRequested)
        {
            // The process going away mid-long-poll: the client sees its connection cut.
            http.Abort();
            return;
        }

        await Write(http, payment);
    }

    private async Task CancelAsync(HttpContext http, string id)
    {
        Record(http, null);
        ScriptedPayment? payment;
        lock (gate)
        {
            payment = payments.GetValueOrDefault(id);
        }

        if (payment is null)
        {
            await Problem(http, 404, "not_found", "Платёж не найден.");
            return;
        }

        if (payment.Status == "pending")
        {
            switch (OnCancel)
            {
                case CancelMode.Cancels:
                    Settle(id, "cancelled", "cancelled_by_cashier", "Оплата отменена кассиром");
                    break;
                case CancelMode.CustomerPaidFirst:
                    Settle(id, "paid");
                    break;
                case CancelMode.NotConfirmed:
                    Settle(id, "cancelled", "cancelled_by_cashier", "Оплата отменена кассиром. Чек не оплачен. Оплата ещё проверяется.", unresolved: true);
                    break;
                case CancelMode.Drop:
                    http.Abort();
                    return;
            }
        }

        await Write(http, payment);
    }

    private string? Record(HttpContext http, string? body)
    {
        var key = http.Request.Headers.TryGetValue("Idempotency-Key", out var k) ? k.ToString() : null;
        var recorded = new RecordedRequest(
            http.Request.Method,
            http.Request.Path.Value!,
            int.TryParse(http.Request.Query["waitSeconds"], out var w) ? w : 0,
            key,
            http.Request.Headers.TryGetValue("X-Api-Key", out var a) ? a.ToString() : null,
            body);
        lock (gate)
        {
            requests.Add(recorded);
            foreach (var waiter in waiters.Where(x => x.Match(recorded)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Done.TrySetResult(recorded);
            }
        }

        return key;
    }

    private bool Authorized(HttpContext http) =>
        RequiredApiKey is null || http.Request.Headers["X-Api-Key"] == RequiredApiKey;

    private static Task Problem(HttpContext http, int status, string? code, string? detail, string? paymentId = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(
            new { title = "Ошибка", status, detail, code, paymentId }, Json));
    }

    private Task Write(HttpContext http, ScriptedPayment p)
    {
        object snapshot;
        lock (gate)
        {
            snapshot = new
            {
                id = p.Id,
                status = p.Status,
                terminalId = p.TerminalId,
                receiptId = p.ReceiptId,
                description = p.Description,
                amount = p.Amount,
                currency = "RUB",
                paymentSystem = p.PaymentSystem,
                paymentTypeCode = p.PaymentTypeCode,
                transactionId = p.TransactionId,
                qr = new { payload = p.QrPayload, svgUrl = $"/payments/{p.Id}/qr.svg", pngUrl = $"/payments/{p.Id}/qr.png" },
                createdAt = p.CreatedAt,
                deadline = p.Deadline,
                completedAt = p.CompletedAt,
                error = p.ErrorCode is null ? null : new { code = p.ErrorCode, message = p.ErrorMessage },
                sandbox = true,
                latePaid = p.LatePaid,
                unresolved = p.Unresolved,
            };
        }

        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(snapshot, Json));
    }

    private sealed class ScriptedPayment
    {
        public required string Id { get; init; }
        public required string TerminalId { get; init; }
        public required decimal Amount { get; init; }
        public required int PaymentTypeCode { get; init; }
        public required string PaymentSystem { get; init; }
        public string? ReceiptId { get; init; }
        public string? Description { get; init; }
        public required string TransactionId { get; init; }
        public required string QrPayload { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public required DateTimeOffset Deadline { get; init; }
        public DateTimeOffset? CompletedAt { get; set; }
        public string Status { get; set; } = "pending";
        public string? ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }
        public bool Unresolved { get; set; }
        public bool LatePaid { get; set; }
        public TaskCompletionSource Changed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

internal sealed record RecordedRequest(string Method, string Path, int WaitSeconds, string? IdempotencyKey, string? ApiKey, string? Body);

public enum CreateScriptKind
{
    /// <summary>The connection is cut before anything is done.</summary>
    DropConnection,

    /// <summary>The payment is created, then the connection is cut: the answer is lost.</summary>
    CreateThenDrop,

    /// <summary>An unexpected 500 with no problem code.</summary>
    ServerError,

    /// <summary>A deliberate problem answer.</summary>
    Problem,
}

internal sealed record CreateScript(CreateScriptKind Kind, int Status = 0, string? Code = null, string? Detail = null, string? PaymentId = null)
{
    public static CreateScript Refuse(int status, string code, string? detail = null) =>
        new(CreateScriptKind.Problem, status, code, detail);
}

internal enum CancelMode
{
    /// <summary>WebMoney cancels: the payment ends cancelled.</summary>
    Cancels,

    /// <summary>The final status check finds the customer paid just before.</summary>
    CustomerPaidFirst,

    /// <summary>WebMoney does not confirm the cancel: the payment ends cancelled but unresolved (still being checked).</summary>
    NotConfirmed,

    /// <summary>The connection is cut (the gateway died while cancelling).</summary>
    Drop,
}
