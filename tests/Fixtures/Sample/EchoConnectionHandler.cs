using Microsoft.AspNetCore.Connections;

namespace Fixtures.Sample;

/// <summary>Echoes every byte back: the smallest TCP listener there is.</summary>
public sealed class EchoConnectionHandler : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        await connection.Transport.Input.CopyToAsync(connection.Transport.Output, connection.ConnectionClosed);
    }
}
