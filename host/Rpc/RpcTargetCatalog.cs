using System.Reflection;
using Modular.Sdk.Rpc;
using StreamJsonRpc;

namespace Modular.Host.Rpc;

/// <summary>Which target types serve which namespace, and the JSON-RPC method names they expose.</summary>
public sealed class RpcTargetCatalog
{
    private readonly List<(string Namespace, Type Type)> _targets = [];

    public IReadOnlyList<(string Namespace, Type Type)> Targets => _targets;

    public void Add(string ns, Type type) => _targets.Add((ns, type));

    public void RemoveNamespace(string ns) => _targets.RemoveAll(t => t.Namespace == ns);

    public IReadOnlyList<string> MethodsOf(string ns) =>
        _targets.Where(t => t.Namespace == ns)
            .SelectMany(t => PublicMethods(t.Type).Select(m => MethodName(ns, m)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static JsonRpcTargetOptions OptionsFor(string ns) => new()
    {
        MethodNameTransform = name => RpcMethodNames.For(ns, name),
        NotifyClientOfEvents = false,
        DisposeOnDisconnect = false,
    };

    private static string MethodName(string ns, MethodInfo method) =>
        method.GetCustomAttribute<JsonRpcMethodAttribute>()?.Name is { } explicitName
            ? RpcMethodNames.For(ns, explicitName)
            : RpcMethodNames.For(ns, method.Name);

    private static IEnumerable<MethodInfo> PublicMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType != typeof(object) && !m.IsSpecialName)
            .Where(m => m.GetCustomAttribute<JsonRpcIgnoreAttribute>() is null)
            .Where(m => m.Name is not ("Dispose" or "DisposeAsync"));
}
