namespace Modular.Plugins.Kem.Crypto;

/// <summary>The result of encapsulating to a public key: the ciphertext to send and the 32-byte shared secret to keep.</summary>
public sealed record KemEncapsulation(byte[] Ciphertext, byte[] SharedSecret);
