namespace Modular.Plugins.Proxy.Protocol;

/// <summary>What a sniffer made of the first bytes of a public connection.</summary>
public enum SniffStatus
{
    /// <summary>The bytes so far are a valid prefix; wait for more.</summary>
    NeedMore,

    /// <summary>The host was found.</summary>
    Found,

    /// <summary>A well-formed request or ClientHello that names no host (no Host header, no SNI).</summary>
    Missing,

    /// <summary>Not the expected protocol, or malformed (two Host headers, a bad host name, a broken ClientHello).</summary>
    Invalid,

    /// <summary>More than the sniff limit would be needed.</summary>
    TooLarge,
}
