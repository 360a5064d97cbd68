using System.Security.Cryptography;
using Modular.Plugins.Relay.Transfer;

namespace Modular.Plugins.Relay.Client;

/// <summary>
/// The files a sender offers: each file argument under its own name, each folder argument as its name
/// followed by every file below it, paths joined with <c>/</c>, with their sizes and SHA-256.
/// </summary>
public sealed class SendPlan
{
    private SendPlan(IReadOnlyList<(OfferedFile File, string FullPath)> entries) => Entries = entries;

    public IReadOnlyList<(OfferedFile File, string FullPath)> Entries { get; }

    public IReadOnlyList<OfferedFile> Files => Entries.Select(e => e.File).ToList();

    public long TotalBytes => Entries.Sum(e => e.File.Size);

    /// <summary>
    /// Lists the files of <paramref name="paths"/> at once (a bad path throws here) and returns the task
    /// that hashes them, so that the caller can hash while it waits for the recipient.
    /// </summary>
    public static Task<SendPlan> CreateAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            throw new RelayException("nothing to send: name at least one file or folder");
        }
        var found = new List<(string Relative, string FullPath)>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                found.Add((Path.GetFileName(full), full));
            }
            else if (Directory.Exists(full))
            {
                var root = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
                found.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Order(StringComparer.Ordinal)
                    .Select(f => (root + "/" + Path.GetRelativePath(full, f).Replace(Path.DirectorySeparatorChar, '/'), f)));
            }
            else
            {
                throw new RelayException($"'{path}' is neither a file nor a folder");
            }
        }
        var duplicate = found.GroupBy(f => f.Relative, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new RelayException($"two of the paths would both arrive as '{duplicate.Key}'");
        }
        return Task.Run(() => HashAsync(found, cancellationToken), cancellationToken);
    }

    private static async Task<SendPlan> HashAsync(List<(string Relative, string FullPath)> found, CancellationToken cancellationToken)
    {
        var entries = new List<(OfferedFile, string)>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (relative, full) in found)
        {
            using var file = File.OpenHandle(full);
            var size = await FileHashing.AppendAsync(file, hash, cancellationToken).ConfigureAwait(false);
            entries.Add((new OfferedFile(relative, size, Convert.ToHexStringLower(hash.GetHashAndReset())), full));
        }
        return new SendPlan(entries);
    }
}
