using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Protocol;

namespace Modular.Plugins.Proxy.Server;

/// <summary>The HTTP port: routes by the request's Host (or absolute-form target); a bad head gets 400.</summary>
public sealed class HttpConnectionHandler(TunnelDispatcher dispatcher, ProxyServerOptions options, TimeProvider time, ILogger<HttpConnectionHandler> logger)
    : PublicConnectionHandler(dispatcher, options, time, logger)
{
    private static readonly byte[] BadRequest = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\n\r\nBad Request\n"u8.ToArray();

    protected override SniffStatus Sniff(ReadOnlySequence<byte> buffer, out string? host) =>
        HttpHostSniffer.TrySniff(buffer, Options.MaxSniffBytes, out host);

    protected override async ValueTask RejectAsync(ConnectionContext connection, SniffStatus status)
    {
        try
        {
            await connection.Transport.Output.WriteAsync(BadRequest).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            logger.LogDebug("{Connection}: could not send 400: {Reason}", connection.ConnectionId, e.Message);
        }
    }
}
