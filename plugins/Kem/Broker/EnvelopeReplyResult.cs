using Microsoft.AspNetCore.Http;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// HTTP 200 with <c>{"result": envelope}</c>, written by <see cref="SealedEnvelope.WriteReply"/> straight into
/// the response: the same status, content type and body as <c>Results.Json(new BrokerReply(envelope), KemJson.Options)</c>.
/// </summary>
public sealed class EnvelopeReplyResult(SealedEnvelope envelope) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        envelope.WriteReply(response.BodyWriter);
        return response.BodyWriter.FlushAsync(httpContext.RequestAborted).AsTask();
    }
}
