namespace Modular.Sdk.Rpc;

/// <summary>How a C# method name becomes a JSON-RPC method name.</summary>
public static class RpcMethodNames
{
    /// <summary><c>("proxy", "RegisterAsync")</c> becomes <c>proxy.register</c>.</summary>
    public static string For(string pluginId, string clrMethodName)
    {
        var name = clrMethodName.EndsWith("Async", StringComparison.Ordinal) && clrMethodName.Length > 5
            ? clrMethodName[..^5]
            : clrMethodName;
        return $"{pluginId}.{char.ToLowerInvariant(name[0])}{name[1..]}";
    }
}
