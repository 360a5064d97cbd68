using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Modular.Plugins.Htx.Server;

/// <summary>
/// Sends a request on to one origin with YARP's forwarder (X-Forwarded-* added, Host rewritten) and streams the
/// answer back as it is. One instance, with its own connection pool, per origin.
/// </summary>
public sealed class OriginForwarder : IDisposable
{
    private readonly IHttpForwarder _forwarder;
    private readonly string _destination;
    private readonly HttpMessageInvoker _client;
    private readonly ForwarderRequestConfig _config;
    private readonly ILogger _logger;

    public OriginForwarder(IHttpForwarder forwarder, Uri origin, TimeSpan timeout, ILogger logger)
    {
        _forwarder = forwarder;
        _destination = origin.ToString();
        _logger = logger;
        _config = new ForwarderRequestConfig { ActivityTimeout = timeout };
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = timeout,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        });
    }

    public async Task ForwardAsync(HttpContext context)
    {
        var error = await _forwarder.SendAsync(context, _destination, _client, _config, HttpTransformer.Default).ConfigureAwait(false);
        if (error != ForwarderError.None)
        {
            _logger.LogWarning("forwarding to {Destination} failed: {Error}", _destination, error);
        }
    }

    public void Dispose() => _client.Dispose();
}
