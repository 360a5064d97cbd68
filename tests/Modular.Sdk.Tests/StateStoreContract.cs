using System.Text;
using Microsoft.Extensions.Time.Testing;
using Modular.Sdk.State;

namespace Modular.Sdk.Tests;

/// <summary>What every <see cref="IStateStore"/> must do; one subclass per implementation.</summary>
public abstract class StateStoreContract : IDisposable
{
    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    protected abstract IStateStore Store { get; }

    public virtual void Dispose() => (Store as IDisposable)?.Dispose();

    [Fact]
    public async Task Get_of_a_missing_key_is_null()
    {
        Assert.Null(await Store.GetAsync("missing"));
    }

    [Fact]
    public async Task Set_then_get_returns_the_value_and_set_replaces_it()
    {
        await Store.SetAsync("k", Bytes("one"));
        await Store.SetAsync("k", Bytes("two"));

        Assert.Equal("two", Text(await Store.GetAsync("k")));
    }

    [Fact]
    public async Task A_value_expires_after_its_ttl_by_the_time_provider()
    {
        await Store.SetAsync("k", Bytes("v"), TimeSpan.FromSeconds(10));

        Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("v", Text(await Store.GetAsync("k")));
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await Store.GetAsync("k"));
    }

    [Fact]
    public async Task Set_if_absent_sets_once_and_again_after_expiry()
    {
        Assert.True(await Store.SetIfAbsentAsync("k", Bytes("first"), TimeSpan.FromSeconds(5)));
        Assert.False(await Store.SetIfAbsentAsync("k", Bytes("second"), TimeSpan.FromSeconds(5)));
        Assert.Equal("first", Text(await Store.GetAsync("k")));

        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await Store.SetIfAbsentAsync("k", Bytes("third")));
        Assert.Equal("third", Text(await Store.GetAsync("k")));
    }

    [Fact]
    public async Task Take_returns_the_value_once()
    {
        await Store.SetAsync("k", Bytes("v"));

        Assert.Equal("v", Text(await Store.TakeAsync("k")));
        Assert.Null(await Store.TakeAsync("k"));
        Assert.Null(await Store.GetAsync("k"));
    }

    [Fact]
    public async Task Concurrent_takes_hand_the_value_to_exactly_one_caller()
    {
        await Store.SetAsync("k", Bytes("v"));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await Store.TakeAsync("k"))));

        Assert.Single(results, r => r is not null);
    }

    [Fact]
    public async Task Take_of_an_expired_value_is_null()
    {
        await Store.SetAsync("k", Bytes("v"), TimeSpan.FromSeconds(1));
        Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(await Store.TakeAsync("k"));
    }

    [Fact]
    public async Task Increment_counts_from_zero_and_keeps_the_first_ttl()
    {
        Assert.Equal(1, await Store.IncrementAsync("n", ttl: TimeSpan.FromSeconds(10)));
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(6, await Store.IncrementAsync("n", 5, TimeSpan.FromSeconds(10)));
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await Store.IncrementAsync("n"));
    }

    [Fact]
    public async Task Concurrent_increments_lose_no_update()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await Store.IncrementAsync("n"))));

        Assert.Equal(51, await Store.IncrementAsync("n"));
    }

    [Fact]
    public async Task Increment_of_a_value_that_is_not_a_counter_is_an_error()
    {
        await Store.SetAsync("k", Bytes("not a number"));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Store.IncrementAsync("k"));
    }

    [Fact]
    public async Task Delete_reports_whether_a_live_key_existed()
    {
        await Store.SetAsync("k", Bytes("v"));

        Assert.True(await Store.DeleteAsync("k"));
        Assert.False(await Store.DeleteAsync("k"));
    }

    [Fact]
    public async Task Scan_returns_live_keys_with_the_prefix_only()
    {
        await Store.SetAsync("a:1", Bytes("1"));
        await Store.SetAsync("a:2", Bytes("2"), TimeSpan.FromSeconds(1));
        await Store.SetAsync("a:3", Bytes("3"));
        await Store.SetAsync("b:1", Bytes("x"));
        Time.Advance(TimeSpan.FromSeconds(1));

        var found = new Dictionary<string, string>();
        await foreach (var (key, value) in Store.ScanAsync("a:"))
        {
            found[key] = Encoding.UTF8.GetString(value);
        }

        Assert.Equal(new Dictionary<string, string> { ["a:1"] = "1", ["a:3"] = "3" }, found);
    }

    [Fact]
    public async Task A_prefixed_view_sees_only_its_own_keys()
    {
        var proxy = new PrefixedStateStore(Store, "proxy:");
        var relay = new PrefixedStateStore(Store, "relay:");
        await proxy.SetAsync("k", Bytes("p"));
        await relay.SetAsync("k", Bytes("r"));

        Assert.Equal("p", Text(await proxy.GetAsync("k")));
        Assert.Equal("r", Text(await relay.GetAsync("k")));
        var keys = new List<string>();
        await foreach (var (key, _) in proxy.ScanAsync(""))
        {
            keys.Add(key);
        }
        Assert.Equal(["k"], keys);
    }

    [Fact]
    public async Task Json_helpers_round_trip_a_record()
    {
        await Store.SetJsonAsync("r", new Sample("x", 3));

        Assert.Equal(new Sample("x", 3), await Store.GetJsonAsync<Sample>("r"));
        Assert.Equal(new Sample("x", 3), await Store.TakeJsonAsync<Sample>("r"));
        Assert.Null(await Store.GetJsonAsync<Sample>("r"));
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);

    public sealed record Sample(string Name, int Count);
}
