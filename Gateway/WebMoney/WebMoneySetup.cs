using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.WebMoney;

public static class WebMoneySetup
{
    /// <summary>Registers <see cref="WebMoneyActivity"/> and <see cref="IWebMoneyClientFactory"/> (WCF) as singletons.</summary>
    public static WebApplicationBuilder AddWebMoney(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<WebMoneyActivity>();
        builder.Services.TryAddSingleton<IWebMoneyClientFactory, WebMoneyClientFactory>();
        return builder;
    }
}
