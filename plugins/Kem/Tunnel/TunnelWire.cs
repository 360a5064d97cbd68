namespace Modular.Plugins.Kem.Tunnel;

/// <summary>Constants of the tunnel wire: the client's opening bytes and the packet layout.</summary>
public static class TunnelWire
{
    /// <summary>The 8 bytes a client sends first.</summary>
    public static ReadOnlySpan<byte> Magic => [0x5A, 0x4D, 0x47, 0x42, 0xA5, 0x02, 0x00, 0x00];

    public const byte TestCommand = 0;
    public const byte OpenCommand = 1;

    /// <summary>The reply to <see cref="TestCommand"/>.</summary>
    public static ReadOnlySpan<byte> TestReply => "OK"u8;

    /// <summary><c>seq</c> (u64) and <c>length</c> (u16), big-endian.</summary>
    public const int HeaderLength = 10;
    public const int ChannelLength = 2;
    public const int TagLength = 16;

    /// <summary>The largest <c>length</c>: the bytes after the header.</summary>
    public const int MaxLength = 4096;
    public const int MinLength = ChannelLength + TagLength;
    public const int MaxData = MaxLength - MinLength;
    public const int MaxPacket = HeaderLength + MaxLength;
}
