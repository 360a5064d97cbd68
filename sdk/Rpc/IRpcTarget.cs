namespace Modular.Sdk.Rpc;

/// <summary>
/// Marks a class whose public instance methods are JSON-RPC methods named <c>pluginId.camelCaseName</c>
/// (a trailing <c>Async</c> is dropped). The host creates one instance per connection, in a DI scope,
/// so a target may keep per-connection state and take <see cref="IRpcConnection"/> in its constructor.
/// Parameters bind by name from a <c>params</c> object; results are serialized camelCase.
/// </summary>
public interface IRpcTarget;
