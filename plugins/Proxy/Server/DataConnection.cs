using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Modular.Plugins.Proxy.Server;

/// <summary>
/// A client's connection on the data port that presented a valid secret. Its handler waits on
/// <see cref="Finished"/>: the connection lives until the tunnel that took it is done.
/// </summary>
public sealed class DataConnection(ConnectionContext context, Socket socket)
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConnectionContext Context { get; } = context;

    public Socket Socket { get; } = socket;

    public Task Finished => _finished.Task;

    public void Finish() => _finished.TrySetResult();
}
