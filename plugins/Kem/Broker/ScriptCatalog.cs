using System.Text.RegularExpressions;
using Modular.Plugins.Kem.Crypto;

namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// The broker's scripts folder: <c>&lt;name&gt;.js</c> beside <c>&lt;name&gt;.js.mldsa65.sig</c> (standard
/// base64 of the signature). Names are plain identifiers, so a name can never leave the folder.
/// </summary>
public sealed partial class ScriptCatalog(string directory, int maxScriptBytes)
{
    public const string SignatureSuffix = ".mldsa65.sig";

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public bool Exists(string name) =>
        IsValidName(name) && File.Exists(ScriptPath(name)) && File.Exists(ScriptPath(name) + SignatureSuffix);

    /// <summary>Reads a script and its signature; throws <see cref="IOException"/> when either is missing, too big or malformed.</summary>
    public async Task<SignedScript> LoadAsync(string name, CancellationToken cancellationToken)
    {
        if (!IsValidName(name))
        {
            throw new IOException($"'{name}' is not a script name");
        }
        var path = ScriptPath(name);
        if (new FileInfo(path).Length > maxScriptBytes)
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
        return new SignedScript(source, signature);
    }

    private string ScriptPath(string name) => Path.Combine(directory, name + ".js");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
