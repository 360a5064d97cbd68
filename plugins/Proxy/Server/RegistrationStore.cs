using System.Runtime.CompilerServices;
using Modular.Sdk.State;

namespace Modular.Plugins.Proxy.Server;

/// <summary>Registrations in the plugin's state store (SQLite keeps them across restarts), one key per host.</summary>
public sealed class RegistrationStore(IStateStore state)
{
    private const string Prefix = "host:";

    public ValueTask<Registration?> GetAsync(string host, CancellationToken cancellationToken = default) =>
        state.GetJsonAsync<Registration>(Prefix + host, cancellationToken);

    public ValueTask SetAsync(Registration registration, CancellationToken cancellationToken = default) =>
        state.SetJsonAsync(Prefix + registration.Host, registration, cancellationToken: cancellationToken);

    /// <summary>True when the host was registered.</summary>
    public ValueTask<bool> DeleteAsync(string host, CancellationToken cancellationToken = default) =>
        state.DeleteAsync(Prefix + host, cancellationToken);

    public async IAsyncEnumerable<Registration> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (_, registration) in state.ScanJsonAsync<Registration>(Prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return registration;
        }
    }
}
