using NT = Modular.Sdk.Noise.NoiseToken;

namespace Modular.Sdk.Noise;

/// <summary>
/// A Noise handshake pattern: the pre-messages (keys each side knows in advance) and the message
/// tokens, alternating initiator, responder, initiator. The fundamental patterns of the Noise spec
/// (section 7.4 and 7.5) are here; the transport uses <see cref="XK"/>.
/// </summary>
public sealed class NoiseHandshakePattern
{
    private NoiseHandshakePattern(string name, bool initiatorStaticKnown, bool responderStaticKnown, params NT[][] messages)
    {
        Name = name;
        InitiatorStaticPreMessage = initiatorStaticKnown;
        ResponderStaticPreMessage = responderStaticKnown;
        Messages = messages;
    }

    public string Name { get; }

    /// <summary>The responder knows the initiator's static key before the handshake (<c>-&gt; s</c> pre-message).</summary>
    public bool InitiatorStaticPreMessage { get; }

    /// <summary>The initiator knows the responder's static key before the handshake (<c>&lt;- s</c> pre-message).</summary>
    public bool ResponderStaticPreMessage { get; }

    public IReadOnlyList<NT[]> Messages { get; }

    /// <summary>Only the initiator sends transport messages (N, K, X).</summary>
    public bool IsOneWay => Messages.Count == 1;

    public static readonly NoiseHandshakePattern N = new("N", false, true, [NT.E, NT.ES]);
    public static readonly NoiseHandshakePattern K = new("K", true, true, [NT.E, NT.ES, NT.SS]);
    public static readonly NoiseHandshakePattern X = new("X", false, true, [NT.E, NT.ES, NT.S, NT.SS]);
    public static readonly NoiseHandshakePattern NN = new("NN", false, false, [NT.E], [NT.E, NT.EE]);
    public static readonly NoiseHandshakePattern NK = new("NK", false, true, [NT.E, NT.ES], [NT.E, NT.EE]);
    public static readonly NoiseHandshakePattern NX = new("NX", false, false, [NT.E], [NT.E, NT.EE, NT.S, NT.ES]);
    public static readonly NoiseHandshakePattern KN = new("KN", true, false, [NT.E], [NT.E, NT.EE, NT.SE]);
    public static readonly NoiseHandshakePattern KK = new("KK", true, true, [NT.E, NT.ES, NT.SS], [NT.E, NT.EE, NT.SE]);
    public static readonly NoiseHandshakePattern KX = new("KX", true, false, [NT.E], [NT.E, NT.EE, NT.SE, NT.S, NT.ES]);
    public static readonly NoiseHandshakePattern XN = new("XN", false, false, [NT.E], [NT.E, NT.EE], [NT.S, NT.SE]);
    public static readonly NoiseHandshakePattern XK = new("XK", false, true, [NT.E, NT.ES], [NT.E, NT.EE], [NT.S, NT.SE]);
    public static readonly NoiseHandshakePattern XX = new("XX", false, false, [NT.E], [NT.E, NT.EE, NT.S, NT.ES], [NT.S, NT.SE]);
    public static readonly NoiseHandshakePattern IN = new("IN", false, false, [NT.E, NT.S], [NT.E, NT.EE, NT.SE]);
    public static readonly NoiseHandshakePattern IK = new("IK", false, true, [NT.E, NT.ES, NT.S, NT.SS], [NT.E, NT.EE, NT.SE]);
    public static readonly NoiseHandshakePattern IX = new("IX", false, false, [NT.E, NT.S], [NT.E, NT.EE, NT.SE, NT.S, NT.ES]);

    private static readonly NoiseHandshakePattern[] All = [N, K, X, NN, NK, NX, KN, KK, KX, XN, XK, XX, IN, IK, IX];

    /// <summary>The pattern named <paramref name="name"/> (<c>"XK"</c>), or null when it is not one of these.</summary>
    public static NoiseHandshakePattern? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
