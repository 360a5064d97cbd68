using System.Buffers.Binary;

namespace Modular.Plugins.Relay.Transfer;

/// <summary>
/// The transfer's frames: u32 big-endian length, then AES-256-GCM ciphertext and tag of a plaintext whose
/// first byte is the <see cref="FrameType"/>. Nonce = 4 zero bytes || u64 big-endian frame counter.
/// </summary>
public static class FrameCodec
{
    public const int MaxPlaintext = 1024 * 1024;
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int HeaderSize = 4;

    public static void WriteNonce(Span<byte> nonce, ulong counter)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], counter);
    }
}
