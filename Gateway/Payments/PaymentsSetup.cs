namespace Gateway.Payments;

public static class PaymentsSetup
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PaymentWaiters>();
        services.AddSingleton<IPaymentObserver>(sp => sp.GetRequiredService<PaymentWaiters>());
        services.AddSingleton<PaymentProcessor>();
        services.AddSingleton<PaymentService>();
        // The journal, not the service, is the query side: observers (display) read it without depending back on
        // the service that calls them.
        services.AddSingleton<IPaymentQueries>(sp => sp.GetRequiredService<Journal.PaymentJournal>());
        services.AddHostedService<StatusPoller>();
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        app.MapPaymentsApi();
        return app;
    }
}
