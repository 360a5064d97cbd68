using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Modular.Plugins.Proxy.Protocol;

/// <summary>
/// The PROXY protocol version 2 header (HAProxy, "The PROXY protocol", section 2.2): the binary
/// signature, version and command, family, length, then the original source and destination.
/// </summary>
public static class ProxyProtocolV2
{
    /// <summary>Signature, version/command, family, length, and the largest address block (IPv6).</summary>
    public const int MaxLength = 16 + 36;

    private const byte VersionProxy = 0x21;
    private const byte VersionLocal = 0x20;
    private const byte TcpOverIPv4 = 0x11;
    private const byte TcpOverIPv6 = 0x21;
    private const byte Unspecified = 0x00;

    public static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// Writes the header for a connection from <paramref name="source"/> to <paramref name="destination"/>
    /// and returns its length. IPv4-mapped IPv6 addresses are written as IPv4; when the addresses are not
    /// both IP, or of different families, the header is a LOCAL one without addresses.
    /// </summary>
    public static int Write(Span<byte> header, EndPoint? source, EndPoint? destination)
    {
        Signature.CopyTo(header);
        if (source is IPEndPoint from && destination is IPEndPoint to)
        {
            var fromAddress = Unmap(from.Address);
            var toAddress = Unmap(to.Address);
            if (fromAddress.AddressFamily == toAddress.AddressFamily)
            {
                var addressLength = fromAddress.AddressFamily == AddressFamily.InterNetwork ? 4 : 16;
                header[12] = VersionProxy;
                header[13] = addressLength == 4 ? TcpOverIPv4 : TcpOverIPv6;
                BinaryPrimitives.WriteUInt16BigEndian(header[14..], (ushort)(2 * addressLength + 4));
                var addresses = header[16..];
                fromAddress.TryWriteBytes(addresses, out _);
                toAddress.TryWriteBytes(addresses[addressLength..], out _);
                BinaryPrimitives.WriteUInt16BigEndian(addresses[(2 * addressLength)..], (ushort)from.Port);
                BinaryPrimitives.WriteUInt16BigEndian(addresses[(2 * addressLength + 2)..], (ushort)to.Port);
                return 16 + 2 * addressLength + 4;
            }
        }
        header[12] = VersionLocal;
        header[13] = Unspecified;
        BinaryPrimitives.WriteUInt16BigEndian(header[14..], 0);
        return 16;
    }

    private static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
