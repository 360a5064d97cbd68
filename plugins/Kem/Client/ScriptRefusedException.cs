namespace Modular.Plugins.Kem.Client;

/// <summary>A script asked for something the launcher does not allow; the script stops with this message.</summary>
public sealed class ScriptRefusedException(string message) : Exception(message);
