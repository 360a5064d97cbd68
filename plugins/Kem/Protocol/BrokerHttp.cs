using System.Net.Http.Json;
using System.Text.Json;

namespace Modular.Plugins.Kem.Protocol;

/// <summary>The client half of the broker's HTTP routes, shared by <c>modular kem launch</c> and the tunnel server.</summary>
public static class BrokerHttp
{
    /// <summary>Posts <paramref name="body"/> and returns the reply's <c>result</c>. Throws <see cref="BrokerCallException"/>.</summary>
    public static async Task<T> PostAsync<T>(HttpClient http, Uri uri, object body, CancellationToken cancellationToken) where T : class
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(uri, body, KemJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new BrokerCallException($"the broker at {uri} is unreachable: {e.Message}", inner: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrokerCallException($"the broker at {uri} did not answer in time", inner: e);
        }
        using (response)
        {
            BrokerReply<T>? reply;
            try
            {
                reply = await response.Content.ReadFromJsonAsync<BrokerReply<T>>(KemJson.Options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or HttpRequestException)
            {
                throw new BrokerCallException($"the broker answered HTTP {(int)response.StatusCode} without a broker reply", (int)response.StatusCode, inner: e);
            }
            if (reply?.Error is { } error)
            {
                throw new BrokerCallException($"the broker refused (HTTP {(int)response.StatusCode}): {error.Message}", (int)response.StatusCode, error.IsRetryable);
            }
            if (!response.IsSuccessStatusCode || reply?.Result is not { } result)
            {
                throw new BrokerCallException($"the broker answered HTTP {(int)response.StatusCode} without a result", (int)response.StatusCode);
            }
            return result;
        }
    }
}
