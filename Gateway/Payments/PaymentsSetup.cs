namespace Gateway.Payments;

public static class PaymentsSetup
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        return app;
    }
}
