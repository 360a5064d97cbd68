using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.ObjectPool;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// HTTP 200 with <c>{"result": envelope}</c>, written by <see cref="SealedEnvelope.WriteReply"/> straight into
/// the response: the same status, content type and body as <c>Results.Json(new BrokerReply(envelope), KemJson.Options)</c>.
/// </summary>
public sealed class EnvelopeReplyResult(SealedEnvelope envelope) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>Reply buffers are reused: a new one per ticket was a sizeable share of what a ticket allocates.</summary>
    private static readonly ObjectPool<ArrayBufferWriter<byte>> Buffers = new DefaultObjectPool<ArrayBufferWriter<byte>>(new ReplyBufferPolicy());

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        // Written out first so that the reply carries a Content-Length: one write, no chunk framing.
        var body = Buffers.Get();
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
            Buffers.Return(body);
        }
    }

    private sealed class ReplyBufferPolicy : PooledObjectPolicy<ArrayBufferWriter<byte>>
    {
        /// <summary>Room for a reply with a script of a few KiB; a buffer that grew past four times this is let go.</summary>
        private const int InitialBytes = 16 * 1024;

        public override ArrayBufferWriter<byte> Create() => new(InitialBytes);

        public override bool Return(ArrayBufferWriter<byte> obj)
        {
            obj.ResetWrittenCount();
            return obj.Capacity <= 4 * InitialBytes;
        }
    }
}
