using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;
using Modular.Sdk.Security;
using Modular.Sdk.State;

namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// The broker: creates client tickets, serves each once as an envelope encrypted to the client's fresh
/// ML-KEM key, and hands one-use tunnel tickets to tunnel servers. Every check that can fail runs before
/// the ticket is taken, so an error never consumes a ticket; when the take loses a race the answer is 404.
/// </summary>
public sealed class TicketBroker(
    BrokerOptions options,
    ScriptCatalog scripts,
    IStateStore state,
    IKeyEncapsulation kem,
    ILogger<TicketBroker> logger)
{
    public const string VersionNotSupported = "Client version not supported. Please upgrade it.";
    public const int MaxRemotes = 8;

    private const string TicketPrefix = "ticket:";
    private const string FailuresPrefix = "scrambler-failures:";
    private const string TunnelPrefix = "tunnel:";
    private const string NotifyPrefix = "notify:";

    private readonly Version _minClientVersion = Version.Parse(options.MinClientVersion);
    private readonly BearerTokens _tunnelTokens = new(options.TunnelTokens);

    /// <summary>Creates a client ticket. Throws <see cref="ArgumentException"/> naming the bad parameter.</summary>
    public async Task<CreatedTicket> CreateAsync(string? script, JsonElement? parameters, TunnelSpec? tunnel, int? ttlSeconds, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(script) || !scripts.Exists(script))
        {
            throw new ArgumentException($"script '{script}' is not a signed script in the scripts folder");
        }
        if (parameters is { } p && p.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw new ArgumentException("params must be an object");
        }
        if (tunnel is not null)
        {
            ValidateTunnel(tunnel);
        }
        var ttl = ttlSeconds ?? options.TicketTtlSeconds;
        if (ttl <= 0 || ttl > options.MaxTicketTtlSeconds)
        {
            throw new ArgumentException($"ttlSeconds must be between 1 and {options.MaxTicketTtlSeconds}");
        }
        var paramsObject = parameters is { ValueKind: JsonValueKind.Object } o ? o.Clone() : JsonSerializer.SerializeToElement(new { });
        var created = new CreatedTicket(TicketIds.NewTicket(), TicketIds.NewScrambler());
        var stored = new StoredTicket(created.Scrambler, script, paramsObject, tunnel);
        if (!await state.SetJsonIfAbsentAsync(TicketPrefix + created.Ticket, stored, TimeSpan.FromSeconds(ttl), cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("a freshly drawn ticket id already exists");
        }
        return created;
    }

    /// <summary>Serves a client ticket once. Throws <see cref="BrokerException"/> for every refusal.</summary>
    public async Task<SealedEnvelope> ServeClientTicketAsync(string ticket, ClientTicketRequestBody? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new BrokerException(StatusCodes.Status400BadRequest, "The request body must be a JSON object.");
        }
        if (!Version.TryParse(request.Version, out var version) || version < _minClientVersion)
        {
            throw new BrokerException(StatusCodes.Status426UpgradeRequired, VersionNotSupported);
        }
        var publicKey = CheckKey(request.KemKyberKey);
        var stored = TicketIds.IsTicket(ticket) ? await state.GetJsonAsync<StoredTicket>(TicketPrefix + ticket, cancellationToken).ConfigureAwait(false) : null;
        if (stored is null)
        {
            throw NotFound();
        }
        if (!FixedTimeEquals(request.Scrambler, stored.Scrambler))
        {
            throw await ScramblerFailureAsync(ticket, cancellationToken).ConfigureAwait(false);
        }
        SignedScript script;
        try
        {
            script = await scripts.LoadAsync(stored.Script, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            logger.LogWarning("ticket for script '{Script}' cannot be served: {Reason}", stored.Script, e.Message);
            throw new BrokerException(StatusCodes.Status503ServiceUnavailable, "The launcher script is not available right now.", isRetryable: true);
        }
        var encapsulation = Encapsulate(publicKey);

        string? tunnelTicket = null;
        if (stored.Tunnel is { } tunnel)
        {
            tunnelTicket = TicketIds.NewTicket();
            var grant = new StoredTunnelTicket(tunnel.Remotes, Convert.ToHexStringLower(encapsulation.SharedSecret));
            await state.SetJsonAsync(TunnelPrefix + tunnelTicket, grant, TimeSpan.FromSeconds(options.TunnelTicketTtlSeconds), cancellationToken).ConfigureAwait(false);
        }
        if (await state.TakeAsync(TicketPrefix + ticket, cancellationToken).ConfigureAwait(false) is null)
        {
            if (tunnelTicket is not null)
            {
                await state.DeleteAsync(TunnelPrefix + tunnelTicket, cancellationToken).ConfigureAwait(false);
            }
            throw NotFound();
        }
        await state.DeleteAsync(FailuresPrefix + ticket, cancellationToken).ConfigureAwait(false);

        return LaunchTicketJson.Seal(encapsulation, ticket, script.SourceToken, script.SignatureToken, stored.Params,
            stored.Tunnel is { } t ? new TunnelPointer(t.Server.Host, t.Server.Port, tunnelTicket!) : null);
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer &lt;token&gt;</c> with one of <c>tunnelTokens</c>.</summary>
    public bool IsTunnelServer(string? authorization) => _tunnelTokens.Matches(authorization);

    /// <summary>A tunnel server's <c>start</c> or <c>stop</c>; returns the <c>result</c> object.</summary>
    public async Task<object> ServeTunnelAsync(TunnelTicketRequest? request, CancellationToken cancellationToken)
    {
        switch (request?.Command)
        {
            case KemProtocol.StartCommand:
                return await StartTunnelAsync(request, cancellationToken).ConfigureAwait(false);
            case KemProtocol.StopCommand:
                return await StopTunnelAsync(request, cancellationToken).ConfigureAwait(false);
            default:
                throw new BrokerException(StatusCodes.Status400BadRequest, "command must be 'start' or 'stop'.");
        }
    }

    private async Task<TicketEnvelope> StartTunnelAsync(TunnelTicketRequest request, CancellationToken cancellationToken)
    {
        var encapsulation = Encapsulate(CheckKey(request.KemKyberKey));
        if (!TicketIds.IsTicket(request.Ticket))
        {
            throw NotFound();
        }
        var grant = await state.TakeJsonAsync<StoredTunnelTicket>(TunnelPrefix + request.Ticket, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound();
        var notify = TicketIds.NewTicket();
        await state.SetJsonAsync(NotifyPrefix + notify, new StoredNotifyTicket(request.Ip ?? ""),
            TimeSpan.FromSeconds(options.NotifyTicketTtlSeconds), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("tunnel started for client {Ip} to {Remotes}", request.Ip, string.Join(", ", grant.Remotes.Select(r => $"{r.Host}:{r.Port}")));
        return TicketEnvelope.Seal(encapsulation, request.Ticket!, new TunnelGrant(grant.Remotes, notify, grant.SharedSecret));
    }

    private async Task<object> StopTunnelAsync(TunnelTicketRequest request, CancellationToken cancellationToken)
    {
        var running = TicketIds.IsTicket(request.Ticket)
            ? await state.TakeJsonAsync<StoredNotifyTicket>(NotifyPrefix + request.Ticket, cancellationToken).ConfigureAwait(false)
            : null;
        if (running is null)
        {
            throw NotFound();
        }
        logger.LogInformation("tunnel ended for client {Ip}: {Sent} bytes sent, {Recv} bytes received", running.ClientIp, request.Sent ?? 0, request.Recv ?? 0);
        return new { };
    }

    /// <summary>Counts a wrong scrambler (destroying the ticket at the limit) and returns the 403 to answer.</summary>
    private async Task<BrokerException> ScramblerFailureAsync(string ticket, CancellationToken cancellationToken)
    {
        var failures = await state.IncrementAsync(FailuresPrefix + ticket, 1, TimeSpan.FromSeconds(options.MaxTicketTtlSeconds), cancellationToken).ConfigureAwait(false);
        if (failures < options.MaxScramblerFailures)
        {
            return new BrokerException(StatusCodes.Status403Forbidden, "Invalid scrambler.");
        }
        await state.DeleteAsync(TicketPrefix + ticket, cancellationToken).ConfigureAwait(false);
        await state.DeleteAsync(FailuresPrefix + ticket, cancellationToken).ConfigureAwait(false);
        logger.LogWarning("ticket destroyed after {Failures} wrong scramblers", failures);
        return new BrokerException(StatusCodes.Status403Forbidden, "Invalid scrambler. Too many failures: the ticket was destroyed.");
    }

    private KemEncapsulation Encapsulate(byte[] publicKey)
    {
        try
        {
            return kem.Encapsulate(publicKey);
        }
        catch (CryptographicException)
        {
            throw new BrokerException(StatusCodes.Status400BadRequest, "kem_kyber_key is not a valid ML-KEM-768 public key.");
        }
    }

    /// <summary>The public key of a request, or the 400 that says what is wrong with it.</summary>
    private static byte[] CheckKey(Base64Field? field)
    {
        if (field is null || field.Bytes is [])
        {
            throw new BrokerException(StatusCodes.Status400BadRequest, "kem_kyber_key is required.");
        }
        if (field.Bytes is not { } key)
        {
            throw new BrokerException(StatusCodes.Status400BadRequest, "kem_kyber_key is not standard base64.");
        }
        if (key.Length != BouncyCastleMlKem768.PublicKeyLength)
        {
            throw new BrokerException(StatusCodes.Status400BadRequest, $"kem_kyber_key must be {BouncyCastleMlKem768.PublicKeyLength} bytes, not {key.Length}.");
        }
        return key;
    }

    private static void ValidateTunnel(TunnelSpec tunnel)
    {
        if (tunnel.Server is null || !IsEndpoint(tunnel.Server))
        {
            throw new ArgumentException("tunnel.server must be {host, port} with a port from 1 to 65535");
        }
        if (tunnel.Remotes is null || tunnel.Remotes.Count is < 1 or > MaxRemotes || !tunnel.Remotes.All(IsEndpoint))
        {
            throw new ArgumentException($"tunnel.remotes must hold 1 to {MaxRemotes} {{host, port}} entries with ports from 1 to 65535");
        }
    }

    private static bool IsEndpoint(TunnelEndpoint? endpoint) =>
        endpoint is not null && !string.IsNullOrWhiteSpace(endpoint.Host) && endpoint.Port is > 0 and <= 65535;

    private static bool FixedTimeEquals(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static BrokerException NotFound() => new(StatusCodes.Status404NotFound, "Ticket not found or expired.");
}
