using System.Buffers;
using System.Buffers.Binary;

namespace Modular.Plugins.Proxy.Protocol;

/// <summary>
/// Finds the SNI host name of a TLS ClientHello (RFC 8446 §4.1.2, RFC 6066 §3) without terminating TLS.
/// The ClientHello may be fragmented over several handshake records and those over any number of TCP
/// segments: record payloads are reassembled into one pooled buffer of at most the sniff limit.
/// </summary>
public static class TlsServerNameSniffer
{
    private const byte HandshakeContentType = 22;
    private const byte ClientHelloType = 1;
    private const int RecordHeaderLength = 5;
    private const int HandshakeHeaderLength = 4;
    private const int MaxRecordLength = 1 << 14;
    private const ushort ServerNameExtension = 0;
    private const byte HostNameType = 0;

    /// <summary>
    /// Looks at <paramref name="data"/> (the connection's first bytes). <see cref="SniffStatus.TooLarge"/>
    /// when the records carrying the ClientHello would not fit in <paramref name="maxBytes"/>.
    /// </summary>
    public static SniffStatus TrySniff(ReadOnlySequence<byte> data, int maxBytes, out string? serverName)
    {
        serverName = null;
        var handshake = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var status = TryReassemble(data, maxBytes, handshake, out var length);
            return status == SniffStatus.Found
                ? ParseClientHello(handshake.AsSpan(HandshakeHeaderLength, length - HandshakeHeaderLength), out serverName)
                : status;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(handshake);
        }
    }

    /// <summary>Copies handshake record payloads into <paramref name="handshake"/> until the ClientHello is whole.</summary>
    private static SniffStatus TryReassemble(ReadOnlySequence<byte> data, int maxBytes, byte[] handshake, out int messageLength)
    {
        messageLength = -1;
        var reader = new SequenceReader<byte>(data);
        var have = 0;
        while (messageLength < 0 || have < messageLength)
        {
            if (reader.Remaining < RecordHeaderLength)
            {
                return NeedMoreWithin(reader, maxBytes, RecordHeaderLength);
            }
            reader.TryRead(out var contentType);
            reader.TryRead(out var majorVersion);
            reader.Advance(1);
            reader.TryReadBigEndian(out short signedLength);
            var recordLength = (ushort)signedLength;
            // Zero-length handshake fragments are forbidden (RFC 8446 §5.1); a record is at most 2^14 bytes.
            if (contentType != HandshakeContentType || majorVersion != 3 || recordLength is 0 or > MaxRecordLength)
            {
                return SniffStatus.Invalid;
            }
            if (reader.Remaining < recordLength)
            {
                return NeedMoreWithin(reader, maxBytes, recordLength);
            }
            if (reader.Consumed + recordLength > maxBytes)
            {
                return SniffStatus.TooLarge;
            }
            reader.UnreadSequence.Slice(0, recordLength).CopyTo(handshake.AsSpan(have));
            reader.Advance(recordLength);
            have += recordLength;
            if (messageLength < 0 && have >= HandshakeHeaderLength)
            {
                if (handshake[0] != ClientHelloType)
                {
                    return SniffStatus.Invalid;
                }
                messageLength = HandshakeHeaderLength + (handshake[1] << 16 | handshake[2] << 8 | handshake[3]);
                if (messageLength > maxBytes)
                {
                    return SniffStatus.TooLarge;
                }
            }
        }
        return SniffStatus.Found;
    }

    private static SniffStatus NeedMoreWithin(SequenceReader<byte> reader, int maxBytes, int needed) =>
        reader.Consumed + needed > maxBytes ? SniffStatus.TooLarge : SniffStatus.NeedMore;

    private static SniffStatus ParseClientHello(ReadOnlySpan<byte> body, out string? serverName)
    {
        serverName = null;
        // legacy_version, random, legacy_session_id, cipher_suites, legacy_compression_methods
        if (!TrySkip(ref body, 2 + 32)
            || !TryVector8(ref body, out var sessionId) || sessionId.Length > 32
            || !TryVector16(ref body, out var cipherSuites) || cipherSuites.Length < 2 || cipherSuites.Length % 2 != 0
            || !TryVector8(ref body, out var compression) || compression.IsEmpty)
        {
            return SniffStatus.Invalid;
        }
        if (body.IsEmpty)
        {
            return SniffStatus.Missing;
        }
        if (!TryVector16(ref body, out var extensions) || !body.IsEmpty)
        {
            return SniffStatus.Invalid;
        }
        var seenServerName = false;
        while (!extensions.IsEmpty)
        {
            if (!TryU16(ref extensions, out var type) || !TryVector16(ref extensions, out var extension))
            {
                return SniffStatus.Invalid;
            }
            if (type != ServerNameExtension)
            {
                continue;
            }
            if (seenServerName)
            {
                return SniffStatus.Invalid;
            }
            seenServerName = true;
            var status = ParseServerNameList(extension, out serverName);
            if (status != SniffStatus.Found)
            {
                return status;
            }
        }
        return serverName is null ? SniffStatus.Missing : SniffStatus.Found;
    }

    private static SniffStatus ParseServerNameList(ReadOnlySpan<byte> extension, out string? hostName)
    {
        hostName = null;
        if (!TryVector16(ref extension, out var list) || !extension.IsEmpty || list.IsEmpty)
        {
            return SniffStatus.Invalid;
        }
        while (!list.IsEmpty)
        {
            if (!TryU8(ref list, out var nameType) || !TryVector16(ref list, out var name))
            {
                return SniffStatus.Invalid;
            }
            if (nameType != HostNameType)
            {
                continue;
            }
            // At most one name per type (RFC 6066 §3), and it must be a DNS host name.
            if (hostName is not null || !HostNames.TryNormalize(name, out var normalized))
            {
                return SniffStatus.Invalid;
            }
            hostName = normalized;
        }
        return hostName is null ? SniffStatus.Missing : SniffStatus.Found;
    }

    private static bool TrySkip(ref ReadOnlySpan<byte> span, int count)
    {
        if (span.Length < count)
        {
            return false;
        }
        span = span[count..];
        return true;
    }

    private static bool TryU8(ref ReadOnlySpan<byte> span, out byte value)
    {
        value = 0;
        if (span.IsEmpty)
        {
            return false;
        }
        value = span[0];
        span = span[1..];
        return true;
    }

    private static bool TryU16(ref ReadOnlySpan<byte> span, out ushort value)
    {
        value = 0;
        if (span.Length < 2)
        {
            return false;
        }
        value = BinaryPrimitives.ReadUInt16BigEndian(span);
        span = span[2..];
        return true;
    }

    private static bool TryVector8(ref ReadOnlySpan<byte> span, out ReadOnlySpan<byte> vector)
    {
        vector = default;
        return TryU8(ref span, out var length) && TryTake(ref span, length, out vector);
    }

    private static bool TryVector16(ref ReadOnlySpan<byte> span, out ReadOnlySpan<byte> vector)
    {
        vector = default;
        return TryU16(ref span, out var length) && TryTake(ref span, length, out vector);
    }

    private static bool TryTake(ref ReadOnlySpan<byte> span, int count, out ReadOnlySpan<byte> taken)
    {
        taken = default;
        if (span.Length < count)
        {
            return false;
        }
        taken = span[..count];
        span = span[count..];
        return true;
    }
}
