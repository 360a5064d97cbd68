using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Fixtures.Sample;

/// <summary>Writes the largest block its connection's memory pool hands out, in ASCII, and closes.</summary>
public sealed class BlockSizeConnectionHandler : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var size = connection.Features.Get<IMemoryPoolFeature>()?.MemoryPool?.MaxBufferSize ?? -1;
        await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(size.ToString(CultureInfo.InvariantCulture)));
    }
}
