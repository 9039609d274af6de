namespace Gateway.WebMoney;

public static class WebMoneySetup
{
    public static WebApplicationBuilder AddWebMoney(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
