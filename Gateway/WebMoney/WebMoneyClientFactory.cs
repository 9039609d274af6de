using System.Collections.Concurrent;
using System.ServiceModel;
using WebMoneyContract;

namespace Gateway.WebMoney;

/// <summary>
/// One client (and one WCF <see cref="ChannelFactory{TChannel}"/>) per <see cref="WebMoneyConnection"/>, created on
/// first use and reused: a settings snapshot keeps its factory for every payment that started with it.
/// </summary>
public sealed class WebMoneyClientFactory(TimeProvider time, WebMoneyActivity activity, ILogger<WcfWebMoneyClient> logger)
    : IWebMoneyClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<WebMoneyConnection, Lazy<(ChannelFactory<IPosApiService> Factory, WcfWebMoneyClient Client)>> _clients = new();

    public IWebMoneyClient GetClient(WebMoneyConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return _clients.GetOrAdd(connection, c => new(() =>
        {
            var factory = WebMoneyBindings.CreateFactory(c);
            return (factory, new WcfWebMoneyClient(c, factory, time, activity, logger));
        })).Value.Client;
    }

    public void Dispose()
    {
        foreach (var entry in _clients.Values.Where(v => v.IsValueCreated))
        {
            entry.Value.Factory.Abort();
        }

        _clients.Clear();
    }
}
