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
        services.AddSingleton<IPaymentQueries>(sp => sp.GetRequiredService<PaymentService>());
        services.AddHostedService<StatusPoller>();
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        app.MapPaymentsApi();
        return app;
    }
}
