using Modular.Plugins.Relay.Client;
using Modular.Plugins.Relay.Transfer;
using Modular.Testing;

namespace Modular.Plugins.Relay.Tests;

public sealed class ReceivePlanTests
{
    private const string Hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/windows/x")]
    [InlineData("c:x")]
    [InlineData("a\\..\\b")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("")]
    public void A_path_that_could_escape_the_output_folder_is_refused(string path)
    {
        var dir = TestHost.CreateTempDirectory();
        Assert.Throws<OfferRefusedException>(() => ReceivePlan.Create(dir, [new OfferedFile(path, 0, Hash)], overwrite: false));
    }

    [Fact]
    public void An_existing_file_is_refused_unless_overwrite_is_asked()
    {
        var dir = TestHost.CreateTempDirectory();
        File.WriteAllText(Path.Combine(dir, "a.txt"), "old");
        Assert.Throws<OfferRefusedException>(() => ReceivePlan.Create(dir, [new OfferedFile("a.txt", 0, Hash)], overwrite: false));
        Assert.Single(ReceivePlan.Create(dir, [new OfferedFile("a.txt", 0, Hash)], overwrite: true).Targets);
    }

    [Fact]
    public void A_part_file_gives_the_resume_offset_unless_it_is_longer_than_the_file()
    {
        var dir = TestHost.CreateTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "d"));
        File.WriteAllBytes(Path.Combine(dir, "d", "a.bin.part"), new byte[10]);
        File.WriteAllBytes(Path.Combine(dir, "b.bin.part"), new byte[10]);
        var plan = ReceivePlan.Create(dir, [new OfferedFile("d/a.bin", 100, Hash), new OfferedFile("b.bin", 5, Hash)], overwrite: false);
        Assert.Equal([10L, 0L], plan.Offsets);
    }

    [Fact]
    public void Duplicate_paths_and_malformed_hashes_are_refused()
    {
        var dir = TestHost.CreateTempDirectory();
        Assert.Throws<OfferRefusedException>(() => ReceivePlan.Create(dir, [new OfferedFile("a", 0, Hash), new OfferedFile("a", 0, Hash)], false));
        Assert.Throws<OfferRefusedException>(() => ReceivePlan.Create(dir, [new OfferedFile("a", 0, "xyz")], false));
        Assert.Throws<OfferRefusedException>(() => ReceivePlan.Create(dir, [new OfferedFile("a", -1, Hash)], false));
        Assert.Throws<OfferRefusedException>(() => ReceivePlan.Create(dir, [null!], false));
        Assert.Throws<OfferRefusedException>(() => ReceivePlan.Create(dir, [], false));
    }
}
