using Modular.Sdk.Security;

namespace Modular.Sdk.Tests;

public sealed class SecretFileTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"modular-secret-{Guid.NewGuid():N}", "nested", "key");

    [Fact]
    public void A_new_secret_file_is_readable_and_writable_by_its_owner_only()
    {
        SecretFile.CreateNew(_path, "secret\n");

        Assert.Equal("secret\n", File.ReadAllText(_path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
        }
    }

    [Fact]
    public void An_existing_secret_is_never_overwritten()
    {
        SecretFile.CreateNew(_path, "first");

        Assert.Throws<IOException>(() => SecretFile.CreateNew(_path, "second"));
        Assert.False(SecretFile.CreateIfMissing(_path, () => "third"));
        Assert.Equal("first", File.ReadAllText(_path));
    }

    [Fact]
    public void Create_if_missing_creates_once()
    {
        Assert.True(SecretFile.CreateIfMissing(_path, () => "made"));
        Assert.False(SecretFile.CreateIfMissing(_path, () => throw new InvalidOperationException("must not be asked again")));
        Assert.Equal("made", File.ReadAllText(_path));
    }
}
