using System.Runtime.CompilerServices;
using System.ServiceModel;
using WebMoneyContract;

namespace Gateway.WebMoney;

/// <summary>
/// One client (and one WCF <see cref="ChannelFactory{TChannel}"/>) per <see cref="WebMoneyConnection"/> instance,
/// created on first use and reused: a settings snapshot keeps its factory for every payment that started with it.
/// Keyed by reference, not by value: a reloaded snapshot carries freshly loaded certificates (the old ones may be
/// disposed by their owner), so it must get a factory of its own. The entry goes when the connection is collected.
/// </summary>
public sealed class WebMoneyClientFactory(TimeProvider time, WebMoneyActivity activity, ILogger<WcfWebMoneyClient> logger)
    : IWebMoneyClientFactory, IDisposable
{
    private readonly ConditionalWeakTable<WebMoneyConnection, Entry> _clients = [];

    public IWebMoneyClient GetClient(WebMoneyConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return _clients.GetValue(connection, c =>
        {
            var factory = WebMoneyBindings.CreateFactory(c);
            factory.Endpoint.EndpointBehaviors.Add(new ServerClockBehavior(activity, time));
            return new Entry(factory, new WcfWebMoneyClient(c, factory, time, activity, logger));
        }).Client;
    }

    public void Dispose()
    {
        foreach (var (_, entry) in _clients)
        {
            entry.Factory.Abort();
        }

        _clients.Clear();
    }

    private sealed record Entry(ChannelFactory<IPosApiService> Factory, WcfWebMoneyClient Client);
}
