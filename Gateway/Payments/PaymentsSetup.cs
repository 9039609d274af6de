using Gateway.Operations;

namespace Gateway.Payments;

public static class PaymentsSetup
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<Waiters<Payment>>();
        services.AddSingleton<IPaymentObserver, PaymentLongPolls>();
        services.AddSingleton<PaymentProcessor>();
        services.AddSingleton<PaymentService>();
        // The store, not the service, is the query side: observers (display) read it without depending back on
        // the service that calls them.
        services.AddSingleton<IPaymentQueries, StorePaymentQueries>();
        services.AddHostedService<StatusPoller>();
        services.AddHostedService<PaymentChangesElsewhere>();
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        app.MapPaymentsApi();
        return app;
    }
}
