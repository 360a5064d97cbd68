namespace Modular.Plugins.Proxy.Server;

/// <summary>One public connection offered to one subscriber under a fresh ephemeral secret.</summary>
public sealed class ConnectBackOffer(byte[] secret, string key)
{
    private readonly TaskCompletionSource<DataConnection> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public byte[] Secret { get; } = secret;

    /// <summary>The hex SHA-256 of the secret: the lookup key, so that a lookup never compares secrets.</summary>
    public string Key { get; } = key;

    public Task<DataConnection> Accepted => _accepted.Task;

    public void Accept(DataConnection connection) => _accepted.TrySetResult(connection);
}
