using Modular.Plugins.T3p.Storage;
using Modular.Testing;

namespace Modular.Plugins.T3p.Tests.Storage;

public sealed class T3pDatabaseTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Revocation_follows_the_parent_chain_and_pruning_forgets_only_old_tickets()
    {
        var directory = TestHost.CreateTempDirectory();
        var database = new T3pDatabase(Path.Combine(directory, "t3p.db"));
        database.AddTicket(new TicketRecord("parent", "session", "a@x", null, Now.AddHours(1), null, false, null));
        database.AddTicket(new TicketRecord("child", "service", "a@x", "parent", Now.AddMinutes(5), null, false, null));
        database.AddTicket(new TicketRecord("old", "service", "a@x", null, Now.AddDays(-2), "run:conn-1:0", false, null));

        Assert.True(database.IsLive("child"));
        Assert.True(database.Revoke("parent", "test"));
        Assert.False(database.IsLive("child"));
        Assert.False(database.IsLive("unknown"));

        Assert.Equal(1, database.RevokeAllConnectionBound());
        Assert.Equal(1, database.PruneExpired(Now.AddDays(-1)));
        Assert.Null(database.FindTicket("old"));
        Assert.NotNull(database.FindTicket("child"));
        Directory.Delete(directory, recursive: true);
    }
}
