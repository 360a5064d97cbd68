using Microsoft.AspNetCore.Http;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// HTTP 200 with <c>{"result": envelope}</c>, written by <see cref="SealedEnvelope.WriteReply"/> into a pooled
/// buffer and sent with its length: the same status, content type and body as
/// <c>Results.Json(new BrokerReply(envelope), KemJson.Options)</c>, in one write instead of chunks.
/// </summary>
public sealed class EnvelopeReplyResult(SealedEnvelope envelope) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        // Written out first so that the reply carries a Content-Length: one write, no chunk framing.
        var body = JsonBuffers.Pool.Get();
        try
        {
            envelope.WriteReply(body);
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ContentType;
            response.ContentLength = body.WrittenCount;
            await response.Body.WriteAsync(body.WrittenMemory, httpContext.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            JsonBuffers.Pool.Return(body);
        }
    }
}
