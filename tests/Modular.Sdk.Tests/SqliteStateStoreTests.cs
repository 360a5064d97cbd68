using Modular.Sdk.State;

namespace Modular.Sdk.Tests;

public sealed class SqliteStateStoreTests : StateStoreContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"modular-state-{Guid.NewGuid():N}.db");
    private readonly SqliteStateStore _store;

    public SqliteStateStoreTests() => _store = new SqliteStateStore(_path, Time);

    protected override IStateStore Store => _store;

    public override void Dispose()
    {
        base.Dispose();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Values_and_their_expiry_survive_reopening_the_file()
    {
        await Store.SetAsync("kept", Bytes("v"));
        await Store.SetAsync("expiring", Bytes("v"), TimeSpan.FromSeconds(10));
        _store.Dispose();

        using var reopened = new SqliteStateStore(_path, Time);
        Assert.Equal("v", Text(await reopened.GetAsync("kept")));
        Assert.Equal("v", Text(await reopened.GetAsync("expiring")));
        Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(await reopened.GetAsync("expiring"));
    }
}
