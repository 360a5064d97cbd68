namespace Modular.Plugins.Htx.Server;

/// <summary>The current ticket key (published) and the previous ones (still accepted), found by key id.</summary>
public sealed class TicketKeyRing
{
    private readonly TicketKey[] _keys;

    public TicketKeyRing(TicketKey current, IEnumerable<TicketKey> previous)
    {
        Current = current;
        _keys = [current, .. previous];
    }

    public TicketKey Current { get; }

    public TicketKey? Find(ReadOnlySpan<byte> keyId)
    {
        foreach (var key in _keys)
        {
            if (key.KeyId.AsSpan().SequenceEqual(keyId))
            {
                return key;
            }
        }
        return null;
    }
}
