using Modular.Sdk.Rpc;

namespace ExamplePlugin;

/// <summary>JSON-RPC methods <c>example.*</c>; one instance per connection.</summary>
public sealed class ExamplePluginRpc(ExamplePluginOptions options) : IRpcTarget
{
    /// <summary><c>example.greet {"name": "ada"}</c> answers <c>"hello, ada"</c>.</summary>
    public string Greet(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw RpcErrors.InvalidParams("name must not be empty") : $"{options.Greeting}, {name}";
}
