namespace Modular.Sdk.Config;

/// <summary>
/// A config problem the operator has to fix. <see cref="Exception.Message"/> says what is wrong and
/// where (the file, the JSON path, and the line and column when known); it is shown as it is.
/// </summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
