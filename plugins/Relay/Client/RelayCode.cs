namespace Modular.Plugins.Relay.Client;

/// <summary>The code a sender reads to the recipient: <c>&lt;channel&gt;-&lt;password&gt;</c> (the channel has no <c>-</c>).</summary>
public sealed record RelayCode(string Channel, string Password)
{
    public override string ToString() => $"{Channel}-{Password}";

    public static RelayCode Parse(string code)
    {
        var trimmed = code.Trim();
        var dash = trimmed.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == trimmed.Length - 1 || !Protocol.ChannelNames.IsValid(trimmed[..dash]))
        {
            throw new RelayException("a code looks like <channel>-<word>-<word>-...: check what the sender read out");
        }
        return new RelayCode(trimmed[..dash], trimmed[(dash + 1)..]);
    }
}
