using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Modular.Plugins.Htx.Protocol;

namespace Modular.Plugins.Htx.Client;

/// <summary>
/// Adds a fresh Betanet access ticket to every request of an <see cref="HttpClient"/>. It learns a site's key and
/// carrier policy from the <c>BN-Ticket</c> header of one plain <c>GET /</c> (cached per origin), then sends each
/// request with a new client key, a carrier drawn by the site's weights and random padding in range. A decoy answer
/// (one carrying <c>BN-Ticket</c>) makes it learn the site again and retry once with a new ticket.
/// </summary>
public sealed class HtxTicketHandler : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, TicketAnnouncement> _sites = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;

    public HtxTicketHandler(TimeProvider time) => _time = time;

    public HtxTicketHandler(HttpMessageHandler innerHandler, TimeProvider? time = null) : base(innerHandler) => _time = time ?? TimeProvider.System;

    /// <summary>Forces one carrier; null (the default) draws it by the site's weights among those the request can use.</summary>
    public CarrierKind? Carrier { get; set; }

    /// <summary>True when <paramref name="response"/> is the site's decoy rather than the protected upstream.</summary>
    public static bool IsDecoy(HttpResponseMessage response) => response.Headers.Contains(CarrierNames.AnnouncementHeader);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        var content = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var site = await LearnAsync(uri, refresh: false, cancellationToken).ConfigureAwait(false);
        var first = WithTicket(request, content, site);
        var response = await base.SendAsync(first, cancellationToken).ConfigureAwait(false);
        if (!IsDecoy(response))
        {
            return response;
        }
        response.Dispose();
        first.Dispose();
        site = await LearnAsync(uri, refresh: true, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(WithTicket(request, content, site), cancellationToken).ConfigureAwait(false);
    }

    private async Task<TicketAnnouncement> LearnAsync(Uri uri, bool refresh, CancellationToken cancellationToken)
    {
        var origin = uri.GetLeftPart(UriPartial.Authority);
        if (!refresh && _sites.TryGetValue(origin, out var known))
        {
            return known;
        }
        using var probe = new HttpRequestMessage(HttpMethod.Get, origin + "/");
        using var response = await base.SendAsync(probe, cancellationToken).ConfigureAwait(false);
        var header = response.Headers.TryGetValues(CarrierNames.AnnouncementHeader, out var values) ? values.FirstOrDefault() : null;
        if (!TicketAnnouncement.TryParse(header, out var announcement))
        {
            throw new HttpRequestException($"{origin} publishes no usable {CarrierNames.AnnouncementHeader} header");
        }
        _sites[origin] = announcement!;
        return announcement!;
    }

    private HttpRequestMessage WithTicket(HttpRequestMessage original, byte[]? content, TicketAnnouncement site)
    {
        var carrier = ChooseCarrier(original, site);
        var ticket = Base64Url.EncodeToString(ClientTicket.Create(site, _time.GetUtcNow()));
        var uri = original.RequestUri!;
        if (carrier == CarrierKind.Query)
        {
            var query = uri.Query.TrimStart('?');
            uri = new UriBuilder(uri) { Query = (query.Length == 0 ? "" : query + "&") + CarrierNames.Field + "=" + ticket }.Uri;
        }
        var request = new HttpRequestMessage(original.Method, uri) { Version = original.Version, VersionPolicy = original.VersionPolicy };
        foreach (var (name, values) in original.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }
        if (carrier == CarrierKind.Cookie)
        {
            var cookie = CarrierNames.CookieName(site.SiteName, uri.Scheme == Uri.UriSchemeHttps) + "=" + ticket;
            var existing = request.Headers.TryGetValues("Cookie", out var cookies) ? string.Join("; ", cookies) : null;
            request.Headers.Remove("Cookie");
            request.Headers.TryAddWithoutValidation("Cookie", existing is null ? cookie : existing + "; " + cookie);
        }
        if (carrier == CarrierKind.Body)
        {
            var form = content is { Length: > 0 } ? Encoding.Latin1.GetString(content) + "&" : "";
            request.Content = new ByteArrayContent(Encoding.Latin1.GetBytes(form + CarrierNames.Field + "=" + ticket));
            request.Content.Headers.ContentType = original.Content?.Headers.ContentType ?? new MediaTypeHeaderValue(CarrierNames.FormContentType);
        }
        else if (content is not null)
        {
            request.Content = new ByteArrayContent(content);
            foreach (var (name, values) in original.Content!.Headers)
            {
                request.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }
        return request;
    }

    private CarrierKind ChooseCarrier(HttpRequestMessage request, TicketAnnouncement site)
    {
        var formOrEmpty = request.Content is null
            || string.Equals(request.Content.Headers.ContentType?.MediaType, CarrierNames.FormContentType, StringComparison.OrdinalIgnoreCase);
        List<CarrierKind> usable = request.Method == HttpMethod.Post && formOrEmpty
            ? [CarrierKind.Cookie, CarrierKind.Query, CarrierKind.Body]
            : [CarrierKind.Cookie, CarrierKind.Query];
        if (Carrier is { } forced)
        {
            return usable.Contains(forced)
                ? forced
                : throw new InvalidOperationException($"a {request.Method} request cannot carry the ticket in the {forced.ToString().ToLowerInvariant()}");
        }
        return site.Carriers.Draw(usable, Random.Shared.NextDouble())
            ?? throw new HttpRequestException($"the site offers only carriers this request cannot use ({site.Carriers})");
    }
}
