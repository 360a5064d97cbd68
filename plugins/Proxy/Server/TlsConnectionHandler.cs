using System.Buffers;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Protocol;

namespace Modular.Plugins.Proxy.Server;

/// <summary>The TLS port: routes by the ClientHello's SNI and never terminates TLS; anything else is closed.</summary>
public sealed class TlsConnectionHandler(TunnelDispatcher dispatcher, ProxyServerOptions options, TimeProvider time, ILogger<TlsConnectionHandler> logger)
    : PublicConnectionHandler(dispatcher, options, time, logger)
{
    protected override SniffStatus Sniff(ReadOnlySequence<byte> buffer, out string? host) =>
        TlsServerNameSniffer.TrySniff(buffer, Options.MaxSniffBytes, out host);
}
