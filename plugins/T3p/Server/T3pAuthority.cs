using Microsoft.Extensions.Logging;
using Modular.Plugins.T3p.Acl;
using Modular.Plugins.T3p.Configuration;
using Modular.Plugins.T3p.Passwords;
using Modular.Plugins.T3p.Storage;
using Modular.Plugins.T3p.Tickets;
using Modular.Sdk.Noise;

namespace Modular.Plugins.T3p.Server;

/// <summary>The T3P's process-wide parts, shared by every connection's <see cref="T3pRpcTarget"/>.</summary>
public sealed class T3pAuthority(
    T3pOptions options,
    AclRules acl,
    T3pDatabase database,
    T3pSigningKey signingKey,
    TicketIssuer issuer,
    Argon2PasswordHasher hasher,
    LoginThrottle throttle,
    INoiseHostKey hostKey,
    TimeProvider time,
    ILogger<T3pAuthority> logger)
{
    /// <summary>Distinguishes this process's connection ids from an earlier run's in the tickets table.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public T3pOptions Options => options;

    public AclRules Acl => acl;

    public T3pDatabase Database => database;

    public T3pSigningKey SigningKey => signingKey;

    public TicketIssuer Issuer => issuer;

    public Argon2PasswordHasher Hasher => hasher;

    public LoginThrottle Throttle => throttle;

    public INoiseHostKey HostKey => hostKey;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    /// <summary>Revokes the tickets that die with <paramref name="connectionTag"/>.</summary>
    public void ConnectionEnded(string connectionTag)
    {
        var revoked = database.RevokeConnection(connectionTag);
        if (revoked > 0)
        {
            logger.LogDebug("t3p: revoked {Count} ticket(s) of the closed session {Session}", revoked, connectionTag);
        }
    }
}
