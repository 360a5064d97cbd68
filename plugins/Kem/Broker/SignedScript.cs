namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// A launcher script and its detached ML-DSA-65 signature, read from the scripts folder and kept as the
/// standard base64 the ticket carries, so that no ticket encodes them again.
/// </summary>
public sealed record SignedScript(string SourceBase64, string SignatureBase64);
