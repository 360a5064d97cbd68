using Modular.Plugins.Relay.Transfer;

namespace Modular.Plugins.Relay.Client;

/// <summary>
/// Where each offered file goes under the output folder, and how much of it an earlier attempt left in
/// <c>&lt;file&gt;.part</c>. Refuses (<see cref="OfferRefusedException"/>) a path that is absolute, has a drive
/// letter, a backslash, an empty, <c>.</c> or <c>..</c> segment, lands outside the folder, repeats, or names a
/// file that exists when overwriting was not asked for.
/// </summary>
public sealed class ReceivePlan
{
    public const string PartSuffix = ".part";

    private ReceivePlan(IReadOnlyList<ReceiveTarget> targets) => Targets = targets;

    public IReadOnlyList<ReceiveTarget> Targets { get; }

    public IReadOnlyList<long> Offsets => Targets.Select(t => t.Offset).ToList();

    public static ReceivePlan Create(string outDirectory, IReadOnlyList<OfferedFile>? files, bool overwrite)
    {
        if (files is null || files.Count == 0)
        {
            throw new OfferRefusedException("the offer lists no file");
        }
        var root = Path.GetFullPath(outDirectory);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var targets = new List<ReceiveTarget>();
        foreach (var file in files)
        {
            if (file is null)
            {
                throw new OfferRefusedException("the offer lists an empty entry");
            }
            CheckRelativePath(file.Path);
            if (file.Size < 0 || file.Sha256 is not { Length: 64 } || !file.Sha256.All(char.IsAsciiHexDigit))
            {
                throw new OfferRefusedException($"'{file.Path}': size or sha256 is malformed");
            }
            var full = Path.GetFullPath(Path.Combine(root, file.Path.Replace('/', Path.DirectorySeparatorChar)));
            if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
            {
                throw new OfferRefusedException($"'{file.Path}' would land outside the output folder");
            }
            if (!seen.Add(full))
            {
                throw new OfferRefusedException($"'{file.Path}' is offered twice");
            }
            if (!overwrite && (File.Exists(full) || Directory.Exists(full)))
            {
                throw new OfferRefusedException($"'{file.Path}' already exists (ask to overwrite to replace it)");
            }
            var part = full + PartSuffix;
            var held = File.Exists(part) ? new FileInfo(part).Length : 0;
            targets.Add(new ReceiveTarget(file, full, part, held <= file.Size ? held : 0));
        }
        return new ReceivePlan(targets);
    }

    private static void CheckRelativePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 4096)
        {
            throw new OfferRefusedException("an offered path is empty or too long");
        }
        if (path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal) || path.StartsWith('/')
            || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            throw new OfferRefusedException($"'{path}' is not a relative path with '/' separators");
        }
        if (path.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new OfferRefusedException($"'{path}' has an empty, '.' or '..' segment");
        }
    }
}
