using Microsoft.Extensions.Time.Testing;

namespace Modular.Plugins.T3p.Tests.Support;

/// <summary>
/// One T3P and one service host on a fake clock, shared by a test class (its tests run one after
/// another). Tests only move the clock forward and always use tickets of their own.
/// </summary>
public sealed class T3pFixture : IAsyncLifetime
{
    public const string Password = "s3cret pass";

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public T3pTestBed Bed { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Bed = await T3pTestBed.StartAsync(
            [("alice@example.org", Password, ["admin", "ops"], ["staff"]), ("bob@example.org", Password, ["ops"], ["dev"])],
            withService: true, acl: ["srv * : allow : srv * info pubkey", "user alice@example.org : allow : user * info groups"], time: Time);

    public async Task DisposeAsync() => await Bed.DisposeAsync();
}
