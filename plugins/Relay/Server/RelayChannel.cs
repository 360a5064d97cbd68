using System.Net;
using System.Security.Cryptography;
using System.Text;
using Modular.Plugins.Relay.Protocol;

namespace Modular.Plugins.Relay.Server;

/// <summary>
/// One channel: two seats, the values each peer posts once, the (at most two) source addresses it admits
/// and its TCP connections. Every member is used under <see cref="Gate"/>.
/// </summary>
public sealed class RelayChannel(string name, string curve, string senderUuid, DateTimeOffset now)
{
    public const int MaxAddresses = 2;

    private readonly List<IPAddress> _addresses = [];
    private readonly CancellationTokenSource _closed = new();

    public object Gate { get; } = new();

    public string Name { get; } = name;

    public string Curve { get; } = curve;

    public string SenderUuid { get; } = senderUuid;

    public string? RecipientUuid { get; set; }

    public string? X { get; set; }

    public string? Y { get; set; }

    public string? HhK { get; set; }

    public string? HK { get; set; }

    public PeerConnection? SenderConnection { get; set; }

    public PeerConnection? RecipientConnection { get; set; }

    public bool Stapled { get; set; }

    private long _lastActiveTicks = now.UtcTicks;

    /// <summary>When a peer last used the channel; read without <see cref="Gate"/> by the sweep, hence atomic.</summary>
    public DateTimeOffset LastActive
    {
        get => new(Interlocked.Read(ref _lastActiveTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastActiveTicks, value.UtcTicks);
    }

    public CancellationToken Closed => _closed.Token;

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>Admits <paramref name="address"/> unless two other addresses already use the channel.</summary>
    public void Admit(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (_addresses.Contains(address))
        {
            return;
        }
        if (_addresses.Count >= MaxAddresses)
        {
            throw new ChannelRefusedException(403, "channel full");
        }
        _addresses.Add(address);
    }

    /// <summary>The role whose uuid <paramref name="uuid"/> is, compared in constant time; 403 for neither.</summary>
    public PeerRole RoleOf(string uuid)
    {
        if (UuidEquals(SenderUuid, uuid))
        {
            return PeerRole.Sender;
        }
        if (RecipientUuid is not null && UuidEquals(RecipientUuid, uuid))
        {
            return PeerRole.Recipient;
        }
        throw new ChannelRefusedException(403, "wrong uuid");
    }

    public ChannelState State(IReadOnlyList<int> ports) => new(Name, Curve, X, Y, HhK, HK, Stapled, ports);

    /// <summary>
    /// Closes the channel's connections; the registry has already forgotten it. Stapled connections are
    /// closed by their <see cref="StapledPair"/> once its copies have stopped, so that no copy outlives its pipes.
    /// </summary>
    public void Close()
    {
        lock (Gate)
        {
            _closed.Cancel();
            if (!Stapled)
            {
                SenderConnection?.Close();
                RecipientConnection?.Close();
            }
        }
    }

    private static bool UuidEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
