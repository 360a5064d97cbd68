namespace Modular.Plugins.Kem.Client;

/// <summary>Why <c>modular kem launch</c> stopped, with the process exit code it maps to.</summary>
public sealed class LaunchException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The broker refused the ticket or could not be reached, or the ticket did not decrypt.</summary>
    public const int TicketFailed = 2;

    /// <summary>The script's signature did not verify: nothing ran.</summary>
    public const int SignatureRejected = 3;

    /// <summary>The script failed, broke a limit, or used something it may not.</summary>
    public const int ScriptFailed = 4;

    public int ExitCode { get; } = exitCode;
}
