using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Modular.Host.Transport;

/// <summary>
/// Binds plugin raw TCP listeners with Kestrel's own socket transport, but with 64 KiB memory blocks
/// (see <see cref="LargeBlockMemoryPool"/>). Kestrel tries the transport registered last first and
/// asks it <see cref="CanBind"/>; every other address falls through to the default socket transport.
/// </summary>
internal sealed class RawTcpTransportFactory(SocketTransportFactory sockets) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is RawTcpEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var address = (RawTcpEndPoint)endpoint;
        using (ListenerMemoryPoolFactory.LargeBlocksScope())
        {
            return sockets.BindAsync(new IPEndPoint(address.Address, address.Port), cancellationToken);
        }
    }
}
