using System.Text;
using Modular.Sdk.Rpc;
using Modular.Sdk.State;

namespace Fixtures.Sample;

public sealed class SampleRpc(SampleOptions options, IRpcConnection connection, IStateStore state, TimeProvider time) : IRpcTarget
{
    private int _calls;

    public string Greet(string name) => $"{options.Greeting}, {name} (level {options.Nested.Level})";

    public int Add(int a, int b) => a + b;

    /// <summary>Counts calls on this connection: targets are per connection.</summary>
    public int Count() => ++_calls;

    public string Throw() => throw new InvalidOperationException("sensitive detail that must not reach the peer");

    public string Fail(int code) => throw RpcErrors.Create(code, "failed on purpose");

    [AdminOnly]
    public string AdminOnly() => "admin ok";

    public async Task<string?> RememberAsync(string key, string? value)
    {
        if (value is not null)
        {
            await state.SetAsync(key, Encoding.UTF8.GetBytes(value));
        }
        return await state.GetAsync(key) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
    }

    public Task NotifyMeAsync(string text) => connection.NotifyAsync("sample.notice", new { text });

    public DateTimeOffset Now() => time.GetUtcNow();

    public string WhoAmI() => connection.RemoteEndPoint.Address.ToString();
}
