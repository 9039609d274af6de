using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.WebMoney;

public static class WebMoneySetup
{
    /// <summary>
    /// Registers <see cref="WebMoneyActivity"/> and <see cref="IWebMoneyClientFactory"/>: the WCF clients behind the one
    /// <see cref="ObservedWebMoneyClientFactory"/>. Features that watch the calls (history, metrics, traces) register an
    /// <see cref="IWebMoneyCallObserver"/>, before or after this: the observers are read when the factory is made.
    /// </summary>
    public static WebApplicationBuilder AddWebMoney(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebMoneyActivity>();
        services.TryAddSingleton<WebMoneyClientFactory>();
        services.TryAddSingleton<IWebMoneyClientFactory>(sp => new ObservedWebMoneyClientFactory(
            sp.GetRequiredService<WebMoneyClientFactory>(), sp.GetServices<IWebMoneyCallObserver>()));
        return builder;
    }
}
