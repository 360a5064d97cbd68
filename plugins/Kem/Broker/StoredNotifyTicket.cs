namespace Modular.Plugins.Kem.Broker;

/// <summary>A running tunnel, under <c>notify:&lt;ticket&gt;</c> until its tunnel server reports the end.</summary>
public sealed record StoredNotifyTicket(string ClientIp);
