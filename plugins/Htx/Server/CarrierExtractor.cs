using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Modular.Plugins.Htx.Internal;
using Modular.Plugins.Htx.Protocol;

namespace Modular.Plugins.Htx.Server;

/// <summary>
/// Finds every ticket carrier in a request and removes it in place (cookie, query parameter, form field), so that
/// what remains is the same request without any carrier: what the upstream gets on success and the decoy on failure.
/// </summary>
public sealed class CarrierExtractor(string siteName, int maxFormBytes)
{
    private readonly string[] _cookieNames = [CarrierNames.CookieName(siteName, secure: true), CarrierNames.CookieName(siteName, secure: false)];

    public async Task<CarrierScan> ExtractAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var carriers = new List<FoundCarrier>();
        ExtractCookies(request, carriers);
        ExtractQuery(request, carriers);
        var formTooLarge = IsForm(request) && !await ExtractFormAsync(request, carriers, cancellationToken).ConfigureAwait(false);
        return new CarrierScan(carriers, formTooLarge);
    }

    /// <summary>
    /// Cuts carrier cookies out of each Cookie header and leaves every other byte as sent (the separators
    /// and spacing between the remaining cookies included), so the header reads as it would without a carrier.
    /// </summary>
    private void ExtractCookies(HttpRequest request, List<FoundCarrier> carriers)
    {
        var headers = request.Headers.Cookie;
        if (headers.Count == 0)
        {
            return;
        }
        var rewritten = new List<string>(headers.Count);
        var found = false;
        foreach (var header in headers)
        {
            var kept = new List<string>();
            foreach (var segment in (header ?? "").Split(';'))
            {
                var cookie = segment.Trim();
                var equals = cookie.IndexOf('=');
                var name = equals < 0 ? cookie : cookie[..equals].TrimEnd();
                if (_cookieNames.Contains(name, StringComparer.Ordinal))
                {
                    var value = equals < 0 ? "" : cookie[(equals + 1)..].TrimStart();
                    carriers.Add(new FoundCarrier(CarrierKind.Cookie, value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value));
                    found = true;
                }
                else
                {
                    kept.Add(segment);
                }
            }
            if (kept.Count > 0 && kept.Count < (header ?? "").Split(';').Length)
            {
                kept[0] = kept[0].TrimStart();
            }
            var rest = string.Join(';', kept);
            if (rest.Trim().Length > 0)
            {
                rewritten.Add(rest);
            }
        }
        if (!found)
        {
            return;
        }
        if (rewritten.Count == 0)
        {
            request.Headers.Remove(HeaderNames.Cookie);
        }
        else
        {
            request.Headers.Cookie = rewritten.ToArray();
        }
    }

    private static void ExtractQuery(HttpRequest request, List<FoundCarrier> carriers)
    {
        if (!request.QueryString.HasValue)
        {
            return;
        }
        var values = new List<string>();
        var rest = UrlEncodedPairs.Remove(request.QueryString.Value![1..], CarrierNames.Field, values);
        if (values.Count > 0)
        {
            carriers.AddRange(values.Select(v => new FoundCarrier(CarrierKind.Query, v)));
            request.QueryString = rest.Length == 0 ? QueryString.Empty : new QueryString("?" + rest);
        }
    }

    private static bool IsForm(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals(CarrierNames.FormContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>False when the form is over <c>maxFormBytes</c>: it is then left as it is, unsearched.</summary>
    private async Task<bool> ExtractFormAsync(HttpRequest request, List<FoundCarrier> carriers, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxFormBytes)
        {
            return false;
        }
        // In memory up to the limit: a form within it is never spooled to disk.
        request.EnableBuffering(bufferThreshold: maxFormBytes + 1);
        // Sized to the form when it declares its length: most forms are small, and the limit may be megabytes.
        // One byte more than the form may hold shows a chunked form that goes over the limit.
        var capacity = (int)(request.ContentLength ?? maxFormBytes) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var length = 0;
            int read;
            while (length < capacity && (read = await request.Body.ReadAsync(buffer.AsMemory(length, capacity - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
            request.Body.Position = 0;
            if (length > maxFormBytes)
            {
                return false;
            }
            // Latin-1 maps bytes to chars one to one, so the pairs that stay are written back byte for byte.
            var values = new List<string>();
            var rest = UrlEncodedPairs.Remove(Encoding.Latin1.GetString(buffer, 0, length), CarrierNames.Field, values);
            if (values.Count > 0)
            {
                carriers.AddRange(values.Select(v => new FoundCarrier(CarrierKind.Body, v)));
                var body = Encoding.Latin1.GetBytes(rest);
                request.Body = new MemoryStream(body, writable: false);
                request.Headers.Remove(HeaderNames.TransferEncoding);
                request.ContentLength = body.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return true;
    }
}
