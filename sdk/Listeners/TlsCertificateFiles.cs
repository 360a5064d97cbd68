namespace Modular.Sdk.Listeners;

/// <summary>A PEM certificate chain and its private key, as paths already resolved against the config directory.</summary>
public sealed record TlsCertificateFiles(string CertificatePath, string KeyPath);
