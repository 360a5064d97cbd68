namespace Modular.Plugins.Relay.Protocol;

/// <summary>The body of every 4xx answer.</summary>
public sealed record RelayError(string Error);
