using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// Reads a broker request's JSON body: buffered whole (it is at most <c>broker.maxRequestBytes</c>) and parsed in one
/// pass, which cost less per ticket than the serializer's streaming read of the request stream.
/// </summary>
public static class BrokerRequestBody
{
    /// <summary>The body as <typeparamref name="T"/>, or null for a JSON <c>null</c>. Throws <see cref="BrokerException"/> (400).</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext http, int maxBytes) where T : class
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        var body = http.Request.BodyReader;
        try
        {
            while (true)
            {
                var read = await body.ReadAsync(http.RequestAborted).ConfigureAwait(false);
                // Kestrel enforces the limit set above; this check holds where it could not be set.
                if (read.Buffer.Length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
                if (read.IsCompleted)
                {
                    try
                    {
                        return Parse<T>(read.Buffer);
                    }
                    finally
                    {
                        body.AdvanceTo(read.Buffer.End);
                    }
                }
                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e)
        {
            throw e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(maxBytes)
                : new BrokerException(StatusCodes.Status400BadRequest, $"The request body could not be read: {e.Message}");
        }
    }

    private static T? Parse<T>(ReadOnlySequence<byte> json) where T : class
    {
        try
        {
            // One pass over a contiguous body; the reader overload for a sequence reads every value twice.
            return json.IsSingleSegment
                ? JsonSerializer.Deserialize<T>(json.FirstSpan, KemJson.Options)
                : JsonSerializer.Deserialize<T>(json.ToArray(), KemJson.Options);
        }
        catch (JsonException)
        {
            throw new BrokerException(StatusCodes.Status400BadRequest, "The request body is not valid JSON.");
        }
    }

    private static BrokerException TooLarge(int maxBytes) =>
        new(StatusCodes.Status400BadRequest, $"The request body is larger than {maxBytes} bytes.");
}
