using Gateway.Operations;

namespace Gateway.Refunds;

public static class RefundsSetup
{
    public static WebApplicationBuilder AddRefunds(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<Waiters<Refund>>();
        services.AddSingleton<IOperationObserver<Refund>>(sp => new LongPolls<Refund>(sp.GetRequiredService<Waiters<Refund>>(), r => r.Id));
        services.AddSingleton<RefundProcessor>();
        services.AddSingleton<RefundService>();
        services.AddHostedService<RefundPoller>();
        services.AddHostedService<RefundChangesElsewhere>();
        // After the host's own filters (AddGatewayHost), so the refund examples replace the payment ones on these paths.
        services.ConfigureSwaggerGen(o => o.OperationFilter<RefundSwaggerExamples>());
        return builder;
    }

    public static WebApplication MapRefunds(this WebApplication app)
    {
        app.MapRefundsApi();
        return app;
    }
}
