using Modular.Sdk.Rpc;
using Newtonsoft.Json;

namespace Fixtures.Json13;

public sealed class Json13Rpc : IRpcTarget
{
    /// <summary>The Newtonsoft.Json this plugin got, and proof that it works.</summary>
    public string Version() => $"{typeof(JsonConvert).Assembly.GetName().Version} {JsonConvert.SerializeObject(new { ok = true })}";
}
