namespace Modular.Sdk.Noise;

/// <summary>
/// A Noise HandshakeState (Noise spec 5.3) for <c>Noise_&lt;pattern&gt;_25519_ChaChaPoly_BLAKE2s</c>,
/// generic over the patterns of <see cref="NoiseHandshakePattern"/>. Call <see cref="WriteMessage"/>
/// and <see cref="ReadMessage"/> in turn until <see cref="IsComplete"/>, then <see cref="Split"/>.
/// </summary>
public sealed class NoiseHandshake : IDisposable
{
    private readonly NoiseHandshakePattern _pattern;
    private readonly NoiseSymmetricState _symmetric;
    private readonly NoiseKeyPair? _s;
    private NoiseKeyPair? _e;
    private byte[]? _rs;
    private byte[]? _re;
    private int _messageIndex;

    /// <param name="pattern">The handshake pattern.</param>
    /// <param name="initiator">True on the side that sends the first message.</param>
    /// <param name="prologue">Data both sides must agree on; mixed into the handshake hash.</param>
    /// <param name="localStatic">This side's static key, when the pattern sends or pre-shares one.</param>
    /// <param name="remoteStatic">The peer's static public key, when the pattern pre-shares it.</param>
    /// <param name="localEphemeral">A fixed ephemeral key for known-answer tests only; null makes a fresh one.</param>
    public NoiseHandshake(NoiseHandshakePattern pattern, bool initiator, ReadOnlySpan<byte> prologue,
        NoiseKeyPair? localStatic = null, ReadOnlySpan<byte> remoteStatic = default, NoiseKeyPair? localEphemeral = null)
    {
        _pattern = pattern;
        IsInitiator = initiator;
        _s = localStatic;
        _e = localEphemeral;
        _rs = remoteStatic.IsEmpty ? null : remoteStatic.ToArray();
        _symmetric = new NoiseSymmetricState($"Noise_{pattern.Name}_25519_ChaChaPoly_BLAKE2s");
        _symmetric.MixHash(prologue);
        if (pattern.InitiatorStaticPreMessage)
        {
            _symmetric.MixHash(initiator ? Require(_s).PublicKey.Span : Require(_rs, "the initiator's static key"));
        }
        if (pattern.ResponderStaticPreMessage)
        {
            _symmetric.MixHash(initiator ? Require(_rs, "the responder's static key") : Require(_s).PublicKey.Span);
        }
    }

    public bool IsInitiator { get; }

    public bool IsComplete => _messageIndex == _pattern.Messages.Count;

    /// <summary>True when the next message is this side's to write.</summary>
    public bool IsMyTurn => !IsComplete && (_messageIndex % 2 == 0) == IsInitiator;

    /// <summary>The handshake hash: a channel binding, identical on both sides after the handshake.</summary>
    public ReadOnlySpan<byte> HandshakeHash => _symmetric.HandshakeHash;

    /// <summary>The peer's static public key once known (pre-shared or received).</summary>
    public ReadOnlyMemory<byte>? RemoteStaticKey => _rs;

    /// <summary>The length of the next message carrying a payload of <paramref name="payloadLength"/> bytes.</summary>
    public int NextMessageLength(int payloadLength)
    {
        var hasKey = _symmetric.Cipher.HasKey;
        var length = 0;
        foreach (var token in _pattern.Messages[_messageIndex])
        {
            if (token == NoiseToken.E)
            {
                length += NoiseKeyPair.KeyLength;
            }
            else if (token == NoiseToken.S)
            {
                length += NoiseKeyPair.KeyLength + (hasKey ? NoiseCipherState.TagLength : 0);
            }
            else
            {
                hasKey = true;
            }
        }
        return length + payloadLength + (hasKey ? NoiseCipherState.TagLength : 0);
    }

    public byte[] WriteMessage(ReadOnlySpan<byte> payload)
    {
        if (!IsMyTurn)
        {
            throw new InvalidOperationException("it is not this side's turn to write a handshake message");
        }
        var message = new byte[NextMessageLength(payload.Length)];
        var offset = 0;
        foreach (var token in _pattern.Messages[_messageIndex])
        {
            switch (token)
            {
                case NoiseToken.E:
                    _e ??= NoiseKeyPair.Generate();
                    _e.PublicKey.Span.CopyTo(message.AsSpan(offset));
                    _symmetric.MixHash(_e.PublicKey.Span);
                    offset += NoiseKeyPair.KeyLength;
                    break;
                case NoiseToken.S:
                    offset += _symmetric.EncryptAndHash(Require(_s).PublicKey.Span, message.AsSpan(offset));
                    break;
                default:
                    MixDh(token);
                    break;
            }
        }
        offset += _symmetric.EncryptAndHash(payload, message.AsSpan(offset));
        _messageIndex++;
        return message;
    }

    /// <summary>Reads the peer's next handshake message and returns its payload; throws <see cref="NoiseException"/> when it is malformed or forged.</summary>
    public byte[] ReadMessage(ReadOnlySpan<byte> message)
    {
        if (IsComplete || IsMyTurn)
        {
            throw new NoiseException("a handshake message arrived out of turn");
        }
        var offset = 0;
        foreach (var token in _pattern.Messages[_messageIndex])
        {
            switch (token)
            {
                case NoiseToken.E:
                    _re = Take(message, ref offset, NoiseKeyPair.KeyLength).ToArray();
                    _symmetric.MixHash(_re);
                    break;
                case NoiseToken.S:
                    var length = NoiseKeyPair.KeyLength + (_symmetric.Cipher.HasKey ? NoiseCipherState.TagLength : 0);
                    var rs = new byte[NoiseKeyPair.KeyLength];
                    _symmetric.DecryptAndHash(Take(message, ref offset, length), rs);
                    _rs = rs;
                    break;
                default:
                    MixDh(token);
                    break;
            }
        }
        var rest = message[offset..];
        var tag = _symmetric.Cipher.HasKey ? NoiseCipherState.TagLength : 0;
        if (rest.Length < tag)
        {
            throw new NoiseException("a handshake message is truncated");
        }
        var payload = new byte[rest.Length - tag];
        _symmetric.DecryptAndHash(rest, payload);
        _messageIndex++;
        return payload;
    }

    /// <summary>The transport cipher states, once the handshake is complete.</summary>
    public NoiseTransport Split()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException("the handshake is not complete");
        }
        var (first, second) = _symmetric.Split();
        return IsInitiator ? new NoiseTransport(first, second) : new NoiseTransport(second, first);
    }

    private void MixDh(NoiseToken token)
    {
        // es: the initiator's ephemeral with the responder's static; se the other way round.
        var (local, remote) = token switch
        {
            NoiseToken.EE => (_e, _re),
            NoiseToken.SS => (_s, _rs),
            NoiseToken.ES => IsInitiator ? (_e, _rs) : (_s, _re),
            NoiseToken.SE => IsInitiator ? (_s, _re) : (_e, _rs),
            _ => throw new InvalidOperationException($"{token} is not a DH token"),
        };
        Span<byte> shared = stackalloc byte[NoiseKeyPair.KeyLength];
        Require(local).Agree(Require(remote, "a peer key"), shared);
        _symmetric.MixKey(shared);
        shared.Clear();
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> message, ref int offset, int length)
    {
        if (message.Length - offset < length)
        {
            throw new NoiseException("a handshake message is truncated");
        }
        var slice = message.Slice(offset, length);
        offset += length;
        return slice;
    }

    private static NoiseKeyPair Require(NoiseKeyPair? key) =>
        key ?? throw new InvalidOperationException("the handshake pattern needs a local key that was not given");

    private static ReadOnlySpan<byte> Require(byte[]? key, string what) =>
        key ?? throw new InvalidOperationException($"the handshake pattern needs {what}, which was not given");

    public void Dispose() => _symmetric.Dispose();
}
