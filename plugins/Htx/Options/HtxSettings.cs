using System.Buffers.Text;
using Modular.Plugins.Htx.Protocol;
using Modular.Plugins.Htx.Server;
using Modular.Sdk.Config;
using Modular.Sdk.Listeners;
using Modular.Sdk.Net;
using Modular.Sdk.Plugins;

namespace Modular.Plugins.Htx.Options;

/// <summary>The server role's config, validated and resolved (keys loaded, paths absolute) before anything starts.</summary>
public sealed class HtxSettings
{
    public const string DefaultKeyFileName = "htx-ticket.key";

    public required string Listen { get; init; }

    public TlsCertificateFiles? Tls { get; init; }

    public required string SiteName { get; init; }

    public required TicketKeyRing Keys { get; init; }

    public required CarrierPolicy Carriers { get; init; }

    public required PaddingRange Padding { get; init; }

    public required double BucketCapacity { get; init; }

    public required double BucketRefillPerSecond { get; init; }

    public required TimeSpan ReplayWindow { get; init; }

    /// <summary>A folder of static files, when the decoy is one.</summary>
    public string? DecoyFolder { get; init; }

    /// <summary>The decoy origin, when the decoy is one.</summary>
    public Uri? DecoyOrigin { get; init; }

    public required Uri Upstream { get; init; }

    public required int MaxCarrierBytes { get; init; }

    public required int MaxFormBytes { get; init; }

    /// <summary>The largest <c>maxFormBytes</c> allowed: a form is read into memory to be searched.</summary>
    public const int MaxFormBytesLimit = 16 * 1024 * 1024;

    public required TimeSpan ForwardTimeout { get; init; }

    public TicketAnnouncement Announcement => new(Carriers, Padding, Keys.Current.PublicKey, Keys.Current.KeyId, SiteName);

    public static HtxSettings Validate(HtxOptions options, IPluginContext context)
    {
        string Where(string key) => $"plugin 'htx' config.{key}";
        ConfigException Error(string key, string message) => new($"{Where(key)}: {message}");

        if (!ListenAddress.TryParse(options.Listen, out _))
        {
            throw Error("listen", $"'{options.Listen}' is not a listen address (host:port)");
        }
        TlsCertificateFiles? tls = null;
        if (options.Tls is { } tlsOptions)
        {
            if (string.IsNullOrWhiteSpace(tlsOptions.Certificate) || string.IsNullOrWhiteSpace(tlsOptions.Key))
            {
                throw Error("tls", "needs both 'certificate' and 'key' (PEM files)");
            }
            tls = new TlsCertificateFiles(context.ResolvePath(tlsOptions.Certificate), context.ResolvePath(tlsOptions.Key));
        }
        if (string.IsNullOrEmpty(options.SiteName) || !options.SiteName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw Error("siteName", $"'{options.SiteName}' must be a cookie name: letters, digits, '-', '_' or '.'");
        }
        if (!CarrierPolicy.TryParse(options.Carriers, out var carriers, out var carriersError))
        {
            throw Error("carriers", $"'{options.Carriers}' {carriersError}");
        }
        if (!PaddingRange.TryParse(options.Padding, out var padding))
        {
            throw Error("padding", $"'{options.Padding}' must be MIN..MAX with 0 <= MIN <= MAX <= {PaddingRange.Limit}, as in 24..64");
        }
        if (!(options.RateLimit.Capacity >= 1) || !double.IsFinite(options.RateLimit.Capacity))
        {
            throw Error("rateLimit.capacity", "must be a number >= 1");
        }
        if (!(options.RateLimit.RefillPerSecond > 0) || !double.IsFinite(options.RateLimit.RefillPerSecond))
        {
            throw Error("rateLimit.refillPerSecond", "must be a number > 0");
        }
        if (options.ReplayWindowSeconds < 0)
        {
            throw Error("replayWindowSeconds", "must be >= 0");
        }
        var largestCarrier = Base64Url.GetEncodedLength(TicketPayload.FixedLength + padding.Max);
        if (options.MaxCarrierBytes < largestCarrier)
        {
            throw Error("maxCarrierBytes", $"{options.MaxCarrierBytes} is below {largestCarrier}, the size of a ticket with {padding.Max} bytes of padding");
        }
        if (options.MaxFormBytes > MaxFormBytesLimit)
        {
            throw Error("maxFormBytes", $"{options.MaxFormBytes} is above the limit of {MaxFormBytesLimit} (forms are searched in memory)");
        }
        if (options.MaxFormBytes < options.MaxCarrierBytes)
        {
            throw Error("maxFormBytes", $"{options.MaxFormBytes} is below maxCarrierBytes ({options.MaxCarrierBytes})");
        }
        if (options.ForwardTimeoutSeconds <= 0)
        {
            throw Error("forwardTimeoutSeconds", "must be > 0");
        }
        var upstream = ParseOrigin(options.Upstream, Where("upstream")) ?? throw Error("upstream", "is required: the http(s) URL of the protected site");
        var (decoyFolder, decoyOrigin) = ParseDecoy(options.Decoy, context, Where("decoy"));

        var keyFile = context.ResolvePath(options.KeyFile ?? Path.Combine(context.DataDirectory, DefaultKeyFileName));
        var current = new TicketKey(TicketKeyFile.ReadOrCreate(keyFile, Where("keyFile")), ParseKeyId(options.KeyId, Where("keyId")));
        var previous = new List<TicketKey>();
        for (var i = 0; i < options.PreviousKeys.Count; i++)
        {
            var entry = options.PreviousKeys[i];
            var where = Where($"previousKeys[{i}]");
            if (string.IsNullOrWhiteSpace(entry.KeyFile))
            {
                throw new ConfigException($"{where}.keyFile: is required");
            }
            previous.Add(new TicketKey(TicketKeyFile.Read(context.ResolvePath(entry.KeyFile), $"{where}.keyFile"), ParseKeyId(entry.KeyId, $"{where}.keyId")));
        }
        var ids = previous.Prepend(current).Select(k => Convert.ToHexStringLower(k.KeyId)).ToList();
        if (ids.Distinct().Count() != ids.Count)
        {
            throw Error("previousKeys", $"two keys share a key id ({string.Join(", ", ids)}); give each a distinct keyId");
        }

        return new HtxSettings
        {
            Listen = options.Listen,
            Tls = tls,
            SiteName = options.SiteName,
            Keys = new TicketKeyRing(current, previous),
            Carriers = carriers,
            Padding = padding,
            BucketCapacity = options.RateLimit.Capacity,
            BucketRefillPerSecond = options.RateLimit.RefillPerSecond,
            ReplayWindow = TimeSpan.FromSeconds(options.ReplayWindowSeconds),
            DecoyFolder = decoyFolder,
            DecoyOrigin = decoyOrigin,
            Upstream = upstream,
            MaxCarrierBytes = options.MaxCarrierBytes,
            MaxFormBytes = options.MaxFormBytes,
            ForwardTimeout = TimeSpan.FromSeconds(options.ForwardTimeoutSeconds),
        };
    }

    private static (string? Folder, Uri? Origin) ParseDecoy(string? decoy, IPluginContext context, string where)
    {
        if (string.IsNullOrWhiteSpace(decoy))
        {
            throw new ConfigException($"{where}: is required: a folder of static files or the http(s) URL of a decoy origin");
        }
        if (decoy.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || decoy.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ParseOrigin(decoy, where));
        }
        var folder = context.ResolvePath(decoy);
        if (!Directory.Exists(folder))
        {
            throw new ConfigException($"{where}: the folder {folder} does not exist");
        }
        return (folder, null);
    }

    private static Uri? ParseOrigin(string? url, string where)
    {
        if (url is null)
        {
            return null;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ConfigException($"{where}: '{url}' is not an http(s) URL without a query");
        }
        // Credentials in the URL would never be sent, only logged with forwarding errors.
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ConfigException($"{where}: the URL must not carry a user name or password");
        }
        return uri;
    }

    private static byte[]? ParseKeyId(string? hex, string where)
    {
        if (hex is null)
        {
            return null;
        }
        if (hex.Length != AccessTicket.KeyIdLength * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ConfigException($"{where}: '{hex}' must be 8 bytes as 16 hex digits");
        }
        return Convert.FromHexString(hex);
    }
}
