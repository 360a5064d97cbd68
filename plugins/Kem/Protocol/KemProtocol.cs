namespace Modular.Plugins.Kem.Protocol;

/// <summary>Constants of the OpenUDS 5.0 ticket protocol.</summary>
public static class KemProtocol
{
    /// <summary>The client version this implementation speaks (the broker compares it with <c>minClientVersion</c>).</summary>
    public const string ClientVersion = "5.0.0";

    public const string ScriptType = "javascript";

    public const string SignatureAlgorithm = "MLDSA65";

    public const string StartCommand = "start";

    public const string StopCommand = "stop";
}
