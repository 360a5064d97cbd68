using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// The broker's scripts folder: <c>&lt;name&gt;.js</c> beside <c>&lt;name&gt;.js.mldsa65.sig</c> (standard
/// base64 of the signature). Names are plain identifiers, so a name can never leave the folder.
/// </summary>
public sealed partial class ScriptCatalog(string directory, int maxScriptBytes, TimeProvider time)
{
    public const string SignatureSuffix = ".mldsa65.sig";

    /// <summary>
    /// How long a script read (or found unchanged) is served without looking at its files again. Looking
    /// costs two file-system calls per file, about 10 us per ticket here, which is a twentieth of what a
    /// whole ticket costs over HTTP; a re-signed or removed script is noticed within this time instead.
    /// </summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ((DateTime, long, DateTime, long) Stamp, SignedScript Script, DateTimeOffset CheckedAt)> _cache = new(StringComparer.Ordinal);

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public bool Exists(string name) =>
        IsValidName(name) && File.Exists(ScriptPath(name)) && File.Exists(ScriptPath(name) + SignatureSuffix);

    /// <summary>
    /// Reads a script and its signature, or returns the copy read before when it was read or checked less than
    /// <see cref="RecheckAfter"/> ago or neither file has changed since.
    /// Throws <see cref="IOException"/> when either is missing, too big or malformed.
    /// </summary>
    public async Task<SignedScript> LoadAsync(string name, CancellationToken cancellationToken)
    {
        if (!IsValidName(name))
        {
            throw new IOException($"'{name}' is not a script name");
        }
        var now = time.GetUtcNow();
        var known = _cache.TryGetValue(name, out var recent);
        if (known && now - recent.CheckedAt < RecheckAfter)
        {
            return recent.Script;
        }
        var path = ScriptPath(name);
        var script = new FileInfo(path);
        var signatureFile = new FileInfo(path + SignatureSuffix);
        if (!script.Exists || !signatureFile.Exists)
        {
            throw new FileNotFoundException($"script '{name}' or its signature is missing");
        }
        var stamp = (script.LastWriteTimeUtc, script.Length, signatureFile.LastWriteTimeUtc, signatureFile.Length);
        if (known && recent.Stamp == stamp)
        {
            _cache[name] = recent with { CheckedAt = now };
            return recent.Script;
        }
        var loaded = await ReadAsync(name, path, script.Length, cancellationToken).ConfigureAwait(false);
        _cache[name] = (stamp, loaded, now);
        return loaded;
    }

    private async Task<SignedScript> ReadAsync(string name, string path, long length, CancellationToken cancellationToken)
    {
        if (length > maxScriptBytes)
        {
            throw new IOException($"script '{name}' is larger than {maxScriptBytes} bytes");
        }
        var source = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var signatureText = await File.ReadAllTextAsync(path + SignatureSuffix, cancellationToken).ConfigureAwait(false);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureText.Trim());
        }
        catch (FormatException e)
        {
            throw new IOException($"the signature of script '{name}' is not base64", e);
        }
        if (signature.Length != BouncyCastleMlDsa65.SignatureLength)
        {
            throw new IOException($"the signature of script '{name}' is {signature.Length} bytes, not {BouncyCastleMlDsa65.SignatureLength}");
        }
        return new SignedScript(KemJsonBase64.ToStringToken(source), KemJsonBase64.ToStringToken(signature));
    }

    private string ScriptPath(string name) => Path.Combine(directory, name + ".js");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
