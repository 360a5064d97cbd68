using System.Text.Json;

namespace Modular.Sdk.State;

/// <summary>JSON values in an <see cref="IStateStore"/>.</summary>
public static class StateStoreJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async ValueTask<T?> GetJsonAsync<T>(this IStateStore store, string key, CancellationToken cancellationToken = default)
    {
        var bytes = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? default : JsonSerializer.Deserialize<T>(bytes, Options);
    }

    public static ValueTask SetJsonAsync<T>(this IStateStore store, string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        store.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Options), ttl, cancellationToken);

    public static ValueTask<bool> SetJsonIfAbsentAsync<T>(this IStateStore store, string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        store.SetIfAbsentAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Options), ttl, cancellationToken);

    public static async ValueTask<T?> TakeJsonAsync<T>(this IStateStore store, string key, CancellationToken cancellationToken = default)
    {
        var bytes = await store.TakeAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? default : JsonSerializer.Deserialize<T>(bytes, Options);
    }

    public static async IAsyncEnumerable<KeyValuePair<string, T>> ScanJsonAsync<T>(this IStateStore store, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (key, bytes) in store.ScanAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return new(key, JsonSerializer.Deserialize<T>(bytes, Options)!);
        }
    }
}
