namespace Modular.Plugins.Proxy.Protocol;

/// <summary>
/// The one spelling of a routed host: ASCII letters, digits, '-', '.', '_' (or a bracketed IPv6 literal),
/// at most 253 characters, lowercased. Sniffed names and registered names go through the same check.
/// </summary>
public static class HostNames
{
    public const int MaxLength = 253;

    /// <summary>Validates and lowercases a host name given as ASCII bytes (no port).</summary>
    public static bool TryNormalize(ReadOnlySpan<byte> name, out string host)
    {
        host = "";
        if (!IsValid(name))
        {
            return false;
        }
        Span<char> chars = stackalloc char[name.Length];
        System.Text.Ascii.ToLower(name, chars, out _);
        host = new string(chars);
        return true;
    }

    /// <summary>Validates and lowercases a host name given as a string (from RPC or config).</summary>
    public static bool TryNormalize(string? name, out string host)
    {
        host = "";
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }
        Span<byte> ascii = stackalloc byte[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] > 127)
            {
                return false;
            }
            ascii[i] = (byte)name[i];
        }
        return TryNormalize(ascii, out host);
    }

    /// <summary>
    /// Splits an HTTP authority (<c>host[:port]</c>, <c>[v6][:port]</c>, userinfo already removed) and
    /// normalizes the host part.
    /// </summary>
    public static bool TryNormalizeAuthority(ReadOnlySpan<byte> authority, out string host)
    {
        host = "";
        ReadOnlySpan<byte> name;
        ReadOnlySpan<byte> rest;
        if (authority.StartsWith("["u8))
        {
            var close = authority.IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }
            name = authority[..(close + 1)];
            rest = authority[(close + 1)..];
        }
        else
        {
            var colon = authority.IndexOf((byte)':');
            name = colon < 0 ? authority : authority[..colon];
            rest = colon < 0 ? [] : authority[colon..];
        }
        if (!rest.IsEmpty && (rest[0] != (byte)':' || !IsPort(rest[1..])))
        {
            return false;
        }
        return TryNormalize(name, out host);
    }

    private static bool IsValid(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > MaxLength)
        {
            return false;
        }
        if (name[0] == (byte)'[')
        {
            return name.Length > 2 && name[^1] == (byte)']' && !name[1..^1].ContainsAnyExcept("0123456789abcdefABCDEF:."u8);
        }
        foreach (var b in name)
        {
            var ok = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'.' or (byte)'_';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsPort(ReadOnlySpan<byte> digits) =>
        digits.Length is > 0 and <= 5 && !digits.ContainsAnyExceptInRange((byte)'0', (byte)'9');
}
