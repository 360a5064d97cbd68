using Microsoft.AspNetCore.Connections;

namespace Modular.Plugins.Relay.Server;

/// <summary>
/// One identified TCP connection of a channel. It becomes <see cref="Ready"/> once the relay has answered
/// <c>ok</c>, so that no stapled byte can overtake that answer. <see cref="Done"/> completes when the
/// connection should close: its staple ended or its channel was closed.
/// </summary>
public sealed class PeerConnection(PeerRole role, int localPort, ConnectionContext connection)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PeerRole Role { get; } = role;

    public int LocalPort { get; } = localPort;

    public ConnectionContext Connection { get; } = connection;

    public bool Ready { get; set; }

    public Task Done => _done.Task;

    public void Close() => _done.TrySetResult();
}
