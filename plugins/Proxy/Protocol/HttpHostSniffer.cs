using System.Buffers;
using System.Text;

namespace Modular.Plugins.Proxy.Protocol;

/// <summary>
/// Finds the target host of an HTTP/1.x request from its head: the authority of an absolute-form
/// request target when there is one, else the single <c>Host</c> header; port stripped, lowercased.
/// </summary>
public static class HttpHostSniffer
{
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;
    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    /// <summary>
    /// Looks at <paramref name="data"/> (the connection's first bytes). <see cref="SniffStatus.TooLarge"/>
    /// when the head, with its blank line, does not fit in <paramref name="maxBytes"/>.
    /// </summary>
    public static SniffStatus TrySniff(ReadOnlySequence<byte> data, int maxBytes, out string? host)
    {
        host = null;
        var reader = new SequenceReader<byte>(data);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeadEnd, advancePastDelimiter: true))
        {
            return data.Length >= maxBytes ? SniffStatus.TooLarge : SniffStatus.NeedMore;
        }
        if (reader.Consumed > maxBytes)
        {
            return SniffStatus.TooLarge;
        }
        if (head.IsSingleSegment)
        {
            return ParseHead(head.FirstSpan, out host);
        }
        var copy = ArrayPool<byte>.Shared.Rent((int)head.Length);
        try
        {
            head.CopyTo(copy);
            return ParseHead(copy.AsSpan(0, (int)head.Length), out host);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static SniffStatus ParseHead(ReadOnlySpan<byte> head, out string? host)
    {
        host = null;
        var requestLine = NextLine(ref head);
        if (!TryParseRequestLine(requestLine, out var target))
        {
            return SniffStatus.Invalid;
        }
        var hostHeaders = 0;
        scoped ReadOnlySpan<byte> hostValue = default;
        while (!head.IsEmpty)
        {
            var line = NextLine(ref head);
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAny(" \t"u8))
            {
                return SniffStatus.Invalid;
            }
            if (Ascii.EqualsIgnoreCase(line[..colon], "host"u8))
            {
                hostHeaders++;
                hostValue = line[(colon + 1)..].Trim(" \t"u8);
            }
        }
        if (hostHeaders > 1)
        {
            return SniffStatus.Invalid;
        }
        scoped ReadOnlySpan<byte> authority;
        if (TryGetAbsoluteAuthority(target, out var absolute))
        {
            authority = absolute;
        }
        else if (hostHeaders == 1)
        {
            authority = hostValue;
        }
        else
        {
            return SniffStatus.Missing;
        }
        if (!HostNames.TryNormalizeAuthority(authority, out var normalized))
        {
            return SniffStatus.Invalid;
        }
        host = normalized;
        return SniffStatus.Found;
    }

    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> rest)
    {
        var end = rest.IndexOf(LineEnd);
        ReadOnlySpan<byte> line;
        if (end < 0)
        {
            line = rest;
            rest = [];
        }
        else
        {
            line = rest[..end];
            rest = rest[(end + LineEnd.Length)..];
        }
        return line;
    }

    /// <summary><c>METHOD SP request-target SP HTTP/x.y</c>.</summary>
    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> target)
    {
        target = default;
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0)
        {
            return false;
        }
        var afterMethod = line[(firstSpace + 1)..];
        var secondSpace = afterMethod.IndexOf((byte)' ');
        if (secondSpace <= 0 || !afterMethod[(secondSpace + 1)..].StartsWith("HTTP/"u8))
        {
            return false;
        }
        target = afterMethod[..secondSpace];
        return true;
    }

    /// <summary>The authority of <c>scheme://[userinfo@]authority[/path][?query]</c>, without userinfo.</summary>
    private static bool TryGetAbsoluteAuthority(ReadOnlySpan<byte> target, out ReadOnlySpan<byte> authority)
    {
        authority = default;
        var schemeEnd = target.IndexOf("://"u8);
        if (schemeEnd <= 0 || !IsScheme(target[..schemeEnd]))
        {
            return false;
        }
        var rest = target[(schemeEnd + 3)..];
        var end = rest.IndexOfAny("/?#"u8);
        authority = end < 0 ? rest : rest[..end];
        var at = authority.LastIndexOf((byte)'@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }
        return true;
    }

    /// <summary>RFC 3986: <c>ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )</c>.</summary>
    private static bool IsScheme(ReadOnlySpan<byte> scheme)
    {
        if (!char.IsAsciiLetter((char)scheme[0]))
        {
            return false;
        }
        foreach (var b in scheme)
        {
            if (b is not (>= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }
        return true;
    }
}
