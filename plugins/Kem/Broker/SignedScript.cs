namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// A launcher script and its detached ML-DSA-65 signature, read from the scripts folder and kept as the JSON
/// string tokens of their standard base64 that the ticket carries (<see cref="Protocol.KemJsonBase64"/>), so that
/// no ticket encodes them again.
/// </summary>
public sealed record SignedScript(byte[] SourceToken, byte[] SignatureToken);
