namespace Modular.Plugins.Proxy.Protocol;

/// <summary>The result of <c>proxy.subscribe</c>: the id that <c>proxy.connection</c> notifications carry.</summary>
public sealed record SubscribeResult(string Subscription);
