using Modular.Sdk.State;

namespace Modular.Sdk.Tests;

public sealed class MemoryStateStoreTests : StateStoreContract
{
    private readonly MemoryStateStore _store;

    public MemoryStateStoreTests() => _store = new MemoryStateStore(Time);

    protected override IStateStore Store => _store;
}
