using Modular.Testing;

namespace Modular.Host.Tests;

/// <summary>Config entries for the fixture plugins under tests/Fixtures, loaded by path as third-party plugins are.</summary>
internal static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(RepoPaths.Fixtures, name);

    public static object Entry(string id, object? config = null, bool optional = false, string? folder = null) =>
        new { id, path = PathOf(folder ?? id), optional, config = config ?? new { } };

    public static object Sample(object? config = null, bool optional = false) => Entry("sample", config, optional);
}
