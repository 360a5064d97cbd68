using Modular.Sdk.Config;

namespace Modular.Plugins.Kem.Configuration;

/// <summary>The <c>broker</c> section: client tickets over HTTP and tunnel tickets for tunnel servers.</summary>
public sealed class BrokerOptions
{
    public string RoutePrefix { get; set; } = "kem";

    /// <summary>Folder of <c>&lt;name&gt;.js</c> scripts, each beside <c>&lt;name&gt;.js.mldsa65.sig</c>.</summary>
    public string ScriptsDir { get; set; } = "";

    public int TicketTtlSeconds { get; set; } = 60;

    /// <summary>The largest <c>ttlSeconds</c> <c>kem.createTicket</c> accepts.</summary>
    public int MaxTicketTtlSeconds { get; set; } = 3600;

    public int TunnelTicketTtlSeconds { get; set; } = 60;

    /// <summary>How long a tunnel server may take to report a tunnel's end with its notify ticket.</summary>
    public int NotifyTicketTtlSeconds { get; set; } = 86400;

    public string MinClientVersion { get; set; } = "5.0.0";

    public List<string> TunnelTokens { get; set; } = [];

    public int MaxScramblerFailures { get; set; } = 5;

    /// <summary>Cap on a request body of the broker routes.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024;

    /// <summary>Cap on a script served in a ticket.</summary>
    public int MaxScriptBytes { get; set; } = 1024 * 1024;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RoutePrefix) || RoutePrefix.Trim('/').Contains('/'))
        {
            throw new ConfigException("kem: broker.routePrefix must be one non-empty path segment");
        }
        if (string.IsNullOrWhiteSpace(ScriptsDir))
        {
            throw new ConfigException("kem: broker.scriptsDir is required (the folder of signed launcher scripts)");
        }
        ConfigChecks.Positive(TicketTtlSeconds, "kem: broker.ticketTtlSeconds");
        ConfigChecks.Positive(MaxTicketTtlSeconds, "kem: broker.maxTicketTtlSeconds");
        ConfigChecks.Positive(TunnelTicketTtlSeconds, "kem: broker.tunnelTicketTtlSeconds");
        ConfigChecks.Positive(NotifyTicketTtlSeconds, "kem: broker.notifyTicketTtlSeconds");
        if (TicketTtlSeconds > MaxTicketTtlSeconds)
        {
            throw new ConfigException($"kem: broker.ticketTtlSeconds ({TicketTtlSeconds}) is above broker.maxTicketTtlSeconds ({MaxTicketTtlSeconds})");
        }
        ConfigChecks.Positive(MaxScramblerFailures, "kem: broker.maxScramblerFailures");
        ConfigChecks.Positive(MaxRequestBytes, "kem: broker.maxRequestBytes");
        ConfigChecks.Positive(MaxScriptBytes, "kem: broker.maxScriptBytes");
        if (!Version.TryParse(MinClientVersion, out _))
        {
            throw new ConfigException($"kem: broker.minClientVersion '{MinClientVersion}' is not a version like 5.0.0");
        }
        if (TunnelTokens.Any(string.IsNullOrWhiteSpace))
        {
            throw new ConfigException("kem: broker.tunnelTokens must not hold empty tokens");
        }
    }
}
