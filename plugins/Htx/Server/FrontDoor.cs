using System.Buffers;
using System.Buffers.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Htx.Internal;
using Modular.Plugins.Htx.Options;
using Modular.Plugins.Htx.Protocol;
using Yarp.ReverseProxy.Forwarder;

namespace Modular.Plugins.Htx.Server;

/// <summary>
/// The pipeline of the <c>front</c> listener: every request loses its carriers; one with exactly one valid, fresh
/// ticket goes to the upstream, every other one gets the decoy. The reason is counted and logged, never shown.
/// </summary>
public sealed class FrontDoor : IDisposable
{
    private readonly HtxSettings _settings;
    private readonly CarrierExtractor _extractor;
    private readonly PrefixRateLimiter _limiter;
    private readonly TicketVerifier _verifier;
    private readonly ReplayGuard _replay;
    private readonly HtxMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<FrontDoor> _logger;
    private readonly OriginForwarder _upstream;
    private readonly OriginForwarder? _decoyOrigin;
    private DecoySite? _decoy;

    public FrontDoor(HtxSettings settings, IHttpForwarder forwarder, PrefixRateLimiter limiter, ReplayGuard replay, HtxMetrics metrics,
        TimeProvider time, ILogger<FrontDoor> logger)
    {
        _settings = settings;
        _extractor = new CarrierExtractor(settings.SiteName, settings.MaxFormBytes);
        _limiter = limiter;
        _verifier = new TicketVerifier(settings.Keys, settings.Padding);
        _replay = replay;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _upstream = new OriginForwarder(forwarder, settings.Upstream, settings.ForwardTimeout, logger);
        _decoyOrigin = settings.DecoyOrigin is { } origin ? new OriginForwarder(forwarder, origin, settings.ForwardTimeout, logger) : null;
    }

    /// <summary>Builds the listener's pipeline (the decoy folder needs the listener's application builder).</summary>
    public void Configure(IApplicationBuilder app)
    {
        var announcement = _settings.Announcement;
        _decoy = _decoyOrigin is not null
            ? DecoySite.FromOrigin(_decoyOrigin, announcement)
            : DecoySite.FromFolder(app, _settings.DecoyFolder!, announcement);
        app.Run(HandleAsync);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var scan = await _extractor.ExtractAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        // A form too large to search may hide a carrier: it never reaches the upstream, whatever else it carries.
        var reason = scan.FormTooLarge ? RejectionReason.FormTooLarge
            : scan.Carriers.Count == 0 ? RejectionReason.NoCarrier
            : await CheckOrFailAsync(context, scan.Carriers).ConfigureAwait(false);
        if (reason is null)
        {
            _metrics.Accepted();
            await _upstream.ForwardAsync(context).ConfigureAwait(false);
            return;
        }
        _metrics.Decoy(reason);
        if (reason != RejectionReason.NoCarrier)
        {
            _logger.LogDebug("decoy for {Client}: {Reason}", context.Connection.RemoteIpAddress, reason);
        }
        await _decoy!.ServeAsync(context).ConfigureAwait(false);
    }

    /// <summary>A fault while checking (the state store, say) still ends in the decoy: the peer never sees an error page.</summary>
    private async Task<string?> CheckOrFailAsync(HttpContext context, IReadOnlyList<FoundCarrier> carriers)
    {
        try
        {
            return await CheckAsync(context, carriers).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "checking a ticket failed; serving the decoy");
            return RejectionReason.InternalError;
        }
    }

    private async Task<string?> CheckAsync(HttpContext context, IReadOnlyList<FoundCarrier> carriers)
    {
        if (context.Connection.RemoteIpAddress is { } address && !_limiter.TryTake(ClientPrefix.Of(address)))
        {
            return RejectionReason.RateLimited;
        }
        if (carriers.Count > 1)
        {
            return RejectionReason.MultipleCarriers;
        }
        var carrier = carriers[0];
        if (!_settings.Carriers.Offers(carrier.Kind))
        {
            return RejectionReason.CarrierNotOffered;
        }
        if (carrier.RawText.Length > _settings.MaxCarrierBytes)
        {
            return RejectionReason.CarrierTooLarge;
        }
        var text = carrier.Kind == CarrierKind.Cookie ? carrier.RawText : UrlEncodedPairs.Decode(carrier.RawText);
        var payload = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, payload, out _, out var length) != OperationStatus.Done)
        {
            return RejectionReason.BadEncoding;
        }
        payload = payload[..length];
        var failure = _verifier.Verify(payload, _time.GetUtcNow(), out var hour);
        if (failure is not null)
        {
            return failure;
        }
        var clientPublicKey = payload.AsMemory(1, Curve25519Dh.KeyLength);
        return await _replay.TryRecordAsync(clientPublicKey, hour, context.RequestAborted).ConfigureAwait(false) ? null : RejectionReason.Replay;
    }

    public void Dispose()
    {
        _upstream.Dispose();
        _decoyOrigin?.Dispose();
    }
}
