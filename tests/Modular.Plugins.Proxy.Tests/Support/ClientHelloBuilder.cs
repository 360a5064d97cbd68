using System.Buffers.Binary;
using System.Text;

namespace Modular.Plugins.Proxy.Tests.Support;

/// <summary>Hand-built TLS 1.3 style ClientHellos, so that each field can be broken on purpose.</summary>
internal static class ClientHelloBuilder
{
    /// <summary>
    /// A ClientHello handshake message (type 1, 3-byte length, body) with an SNI extension for
    /// <paramref name="serverName"/> (none when null) and a padding extension of <paramref name="padding"/>
    /// bytes, like the large key shares of a post-quantum hello.
    /// </summary>
    public static byte[] Message(string? serverName, int padding = 0, byte[]? extraExtension = null)
    {
        var extensions = new List<byte>();
        if (serverName is not null)
        {
            var name = Encoding.ASCII.GetBytes(serverName);
            var entry = Concat([0], U16(name.Length), name);
            extensions.AddRange(Extension(0, Concat(U16(entry.Length), entry)));
        }
        extensions.AddRange(Extension(43, [2, 3, 4]));
        if (extraExtension is not null)
        {
            extensions.AddRange(extraExtension);
        }
        if (padding > 0)
        {
            extensions.AddRange(Extension(21, new byte[padding]));
        }
        var body = Concat(
            [3, 3], new byte[32],
            [32], new byte[32],
            U16(4), [0x13, 0x01, 0x13, 0x02],
            [1, 0],
            U16(extensions.Count), extensions.ToArray());
        return Concat([1, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length], body);
    }

    public static byte[] Extension(int type, byte[] data) => Concat(U16(type), U16(data.Length), data);

    /// <summary>Wraps a handshake message in handshake records of at most <paramref name="fragment"/> bytes.</summary>
    public static byte[] Records(byte[] message, int fragment = 16384)
    {
        var records = new List<byte>();
        for (var offset = 0; offset < message.Length; offset += fragment)
        {
            var length = Math.Min(fragment, message.Length - offset);
            records.AddRange(Concat([22, 3, 1], U16(length), message.AsSpan(offset, length).ToArray()));
        }
        return records.ToArray();
    }

    public static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
