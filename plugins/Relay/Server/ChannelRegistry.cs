using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Relay.Pake;
using Modular.Plugins.Relay.Protocol;

namespace Modular.Plugins.Relay.Server;

/// <summary>
/// The relay's channels, in memory: a channel holds live TCP connections and lasts minutes, so it cannot
/// outlive the process that holds its sockets and gains nothing from the durable store. A channel idle for
/// <c>channelIdleSeconds</c> (no request, no stapled byte) is removed by a periodic sweep of the host's
/// <see cref="TimeProvider"/>, and on access.
/// </summary>
public sealed partial class ChannelRegistry : IDisposable
{
    private const int HexPointMax = 2 * (1 + 2 * 66);
    private const int HexHashLength = 64;

    private readonly Dictionary<string, RelayChannel> _channels = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly RelayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChannelRegistry> _logger;
    private readonly ITimer _sweep;
    private readonly CancellationTokenRegistration _stopping;

    public ChannelRegistry(RelayOptions options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ChannelRegistry> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        var period = TimeSpan.FromSeconds(Math.Clamp(options.ChannelIdleSeconds / 4.0, 1, 60));
        _sweep = time.CreateTimer(_ => Sweep(), null, period, period);
        // Waiting and stapled connections end with their channel; at shutdown that is every channel.
        _stopping = lifetime.ApplicationStopping.Register(CloseAll);
    }

    public JoinResponse Join(JoinRequest request, IPAddress address, IReadOnlyList<int> ports)
    {
        if (!Spake2Curve.TryGet(request.Curve, out var curve))
        {
            throw new ChannelRefusedException(400, $"unknown curve '{request.Curve}': use p256, p384 or p521");
        }
        if (request.Channel is not null && !ChannelNames.IsValid(request.Channel))
        {
            throw new ChannelRefusedException(400, $"a channel name is 1 to {ChannelNames.MaxLength} letters and digits");
        }
        return request.Role switch
        {
            "sender" => JoinSender(request.Channel, curve, address, ports),
            "recipient" => JoinRecipient(request.Channel ?? throw new ChannelRefusedException(400, "a recipient must name the channel"),
                request.Curve is null ? null : curve, address, ports),
            _ => throw new ChannelRefusedException(400, "role must be \"sender\" or \"recipient\""),
        };
    }

    public ChannelState Post(ChannelRequest request, IPAddress address, IReadOnlyList<int> ports)
    {
        if (!ChannelNames.IsValid(request.Channel) || string.IsNullOrEmpty(request.Uuid))
        {
            throw new ChannelRefusedException(400, "channel and uuid are required");
        }
        var channel = Find(request.Channel!);
        lock (channel.Gate)
        {
            // The uuid first: a caller who does not know it must not take one of the two address slots.
            var role = channel.RoleOf(request.Uuid);
            channel.Admit(address);
            channel.LastActive = _time.GetUtcNow();
            if (request.Close == true)
            {
                var state = channel.State(ports);
                Remove(channel, "closed by a peer");
                return state;
            }
            CheckValue(request.X, "x", PeerRole.Sender, role, channel.X, HexPointMax);
            CheckValue(request.HK, "h_k", PeerRole.Sender, role, channel.HK, HexHashLength);
            CheckValue(request.Y, "y", PeerRole.Recipient, role, channel.Y, HexPointMax);
            CheckValue(request.HhK, "hh_k", PeerRole.Recipient, role, channel.HhK, HexHashLength);
            channel.X ??= request.X;
            channel.HK ??= request.HK;
            channel.Y ??= request.Y;
            channel.HhK ??= request.HhK;
            return channel.State(ports);
        }
    }

    /// <summary>
    /// Checks a TCP identify line and reserves the role's seat: the caller answers <c>ok</c>, then calls
    /// <see cref="Activate"/>. Throws <see cref="ChannelRefusedException"/> with the reason to send back.
    /// </summary>
    public (RelayChannel Channel, PeerConnection Peer) Reserve(string name, string uuid, IPAddress address, int localPort, ConnectionContext connection)
    {
        var channel = Find(name);
        lock (channel.Gate)
        {
            var role = channel.RoleOf(uuid);
            channel.Admit(address);
            var peer = new PeerConnection(role, localPort, connection);
            if (role == PeerRole.Sender)
            {
                channel.SenderConnection = channel.SenderConnection is null ? peer : throw new ChannelRefusedException(409, "already connected");
            }
            else
            {
                channel.RecipientConnection = channel.RecipientConnection is null ? peer : throw new ChannelRefusedException(409, "already connected");
            }
            channel.LastActive = _time.GetUtcNow();
            return (channel, peer);
        }
    }

    /// <summary>Marks <paramref name="peer"/> ready; when both seats are ready on one port, staples them.</summary>
    public void Activate(RelayChannel channel, PeerConnection peer)
    {
        StapledPair? pair = null;
        lock (channel.Gate)
        {
            if (channel.IsClosed)
            {
                peer.Close();
                return;
            }
            peer.Ready = true;
            if (channel.SenderConnection is { Ready: true } sender && channel.RecipientConnection is { Ready: true } recipient
                && sender.LocalPort == recipient.LocalPort && !channel.Stapled)
            {
                channel.Stapled = true;
                pair = new StapledPair(sender, recipient, () => Touch(channel), channel.Closed);
            }
        }
        if (pair is not null)
        {
            LogStapled(channel.Name);
            _ = Task.Run(pair.RunAsync);
        }
    }

    /// <summary>
    /// Frees the seat of a peer whose connection ended before it was stapled, so that it can connect
    /// again; bytes it sent after its line go with it. After stapling the staple owns the connection.
    /// </summary>
    public void Leave(RelayChannel channel, PeerConnection peer)
    {
        lock (channel.Gate)
        {
            if (channel.Stapled)
            {
                return;
            }
            if (channel.SenderConnection == peer)
            {
                channel.SenderConnection = null;
            }
            else if (channel.RecipientConnection == peer)
            {
                channel.RecipientConnection = null;
            }
            else
            {
                return;
            }
        }
        peer.Close();
        LogLeft(channel.Name, peer.Role);
    }

    private void Touch(RelayChannel channel) => channel.LastActive = _time.GetUtcNow();

    private JoinResponse JoinSender(string? name, Spake2Curve curve, IPAddress address, IReadOnlyList<int> ports)
    {
        var uuid = ChannelNames.NewUuid();
        RelayChannel? stale = null;
        try
        {
            lock (_gate)
            {
                if (name is not null && _channels.TryGetValue(name, out var existing) && !IsIdle(existing))
                {
                    throw new ChannelRefusedException(409, "the sender's role is already taken on this channel");
                }
                if (_channels.Count >= _options.MaxChannels)
                {
                    throw new ChannelRefusedException(429, "the relay has too many channels; try again later");
                }
                while (name is null || (_channels.TryGetValue(name, out var taken) && !IsIdle(taken)))
                {
                    name = ChannelNames.NewChannel();
                }
                _channels.Remove(name, out stale);
                var channel = new RelayChannel(name, curve.Name, uuid, _time.GetUtcNow());
                channel.Admit(address);
                _channels[name] = channel;
            }
        }
        finally
        {
            // Closed outside the registry's lock: a channel's close takes the channel's own lock.
            stale?.Close();
        }
        return new JoinResponse(name, uuid, curve.Name, ports);
    }

    private JoinResponse JoinRecipient(string name, Spake2Curve? curve, IPAddress address, IReadOnlyList<int> ports)
    {
        var channel = Find(name);
        lock (channel.Gate)
        {
            channel.Admit(address);
            if (channel.RecipientUuid is not null)
            {
                throw new ChannelRefusedException(409, "the recipient's role is already taken on this channel");
            }
            if (curve is not null && curve.Name != channel.Curve)
            {
                throw new ChannelRefusedException(409, $"the channel uses {channel.Curve}, not {curve.Name}");
            }
            channel.RecipientUuid = ChannelNames.NewUuid();
            channel.LastActive = _time.GetUtcNow();
            return new JoinResponse(channel.Name, channel.RecipientUuid, channel.Curve, ports);
        }
    }

    private static void CheckValue(string? value, string key, PeerRole owner, PeerRole caller, string? current, int maxLength)
    {
        if (value is null)
        {
            return;
        }
        if (caller != owner)
        {
            throw new ChannelRefusedException(403, $"only the {owner.ToString().ToLowerInvariant()} sets {key}");
        }
        var lengthOk = maxLength == HexHashLength ? value.Length == HexHashLength : value.Length <= maxLength && value.Length % 2 == 0;
        if (!lengthOk || !value.All(char.IsAsciiHexDigit))
        {
            throw new ChannelRefusedException(400, $"{key} must be {(maxLength == HexHashLength ? "64" : "an even number of")} hex digits");
        }
        if (current is not null && !string.Equals(current, value, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChannelRefusedException(409, $"{key} is already set to another value");
        }
    }

    private RelayChannel Find(string name)
    {
        RelayChannel? expired;
        lock (_gate)
        {
            if (!_channels.TryGetValue(name, out expired))
            {
                throw new ChannelRefusedException(404, "no such channel");
            }
            if (!IsIdle(expired))
            {
                return expired;
            }
            _channels.Remove(name);
        }
        expired.Close();
        LogExpired(name);
        throw new ChannelRefusedException(404, "no such channel");
    }

    private bool IsIdle(RelayChannel channel) => _time.GetUtcNow() - channel.LastActive >= _options.ChannelIdle;

    private void Remove(RelayChannel channel, string why)
    {
        lock (_gate)
        {
            if (_channels.TryGetValue(channel.Name, out var current) && ReferenceEquals(current, channel))
            {
                _channels.Remove(channel.Name);
            }
        }
        channel.Close();
        LogClosed(channel.Name, why);
    }

    private void Sweep()
    {
        List<RelayChannel> expired;
        lock (_gate)
        {
            expired = _channels.Values.Where(IsIdle).ToList();
            foreach (var channel in expired)
            {
                _channels.Remove(channel.Name);
            }
        }
        foreach (var channel in expired)
        {
            channel.Close();
            LogExpired(channel.Name);
        }
    }

    private void CloseAll()
    {
        List<RelayChannel> all;
        lock (_gate)
        {
            all = _channels.Values.ToList();
            _channels.Clear();
        }
        foreach (var channel in all)
        {
            channel.Close();
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _sweep.Dispose();
        CloseAll();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "channel {Channel}: the {Role} disconnected before stapling; its seat is free again")]
    private partial void LogLeft(string channel, PeerRole role);

    [LoggerMessage(Level = LogLevel.Debug, Message = "channel {Channel} stapled")]
    private partial void LogStapled(string channel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "channel {Channel} expired after being idle")]
    private partial void LogExpired(string channel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "channel {Channel} {Why}")]
    private partial void LogClosed(string channel, string why);
}
