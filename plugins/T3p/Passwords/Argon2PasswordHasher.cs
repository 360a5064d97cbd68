using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Modular.Plugins.T3p.Passwords;

/// <summary>
/// Argon2id password hashes (BouncyCastle) in the PHC string format
/// <c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>. A hash keeps its own cost, so raising the
/// configured cost later does not lock anyone out.
/// </summary>
public sealed class Argon2PasswordHasher(int memoryKiB, int iterations)
{
    private const int SaltLength = 16;
    private const int HashLength = 32;
    private const int Parallelism = 1;

    private readonly Lazy<string> _dummy = new(() => new Argon2PasswordHasher(memoryKiB, iterations).Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    /// <summary>Computes the dummy hash now, so that the first unknown user does not cost twice the work of a wrong password.</summary>
    public void PrepareDummy() => _ = _dummy.Value;

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var hash = Compute(password, salt, memoryKiB, iterations, HashLength);
        return string.Create(CultureInfo.InvariantCulture, $"$argon2id$v=19$m={memoryKiB},t={iterations},p={Parallelism}${B64(salt)}${B64(hash)}");
    }

    /// <summary>Checks <paramref name="password"/> against <paramref name="encoded"/>; with null (an unknown user) it does the same work against a dummy hash and fails.</summary>
    public bool Verify(string password, string? encoded)
    {
        var known = encoded is not null;
        if (!TryParse(encoded ?? _dummy.Value, out var memory, out var passes, out var salt, out var expected))
        {
            TryParse(_dummy.Value, out memory, out passes, out salt, out expected);
            known = false;
        }
        var actual = Compute(password, salt, memory, passes, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && known;
    }

    private static byte[] Compute(string password, byte[] salt, int memory, int passes, int length)
    {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithMemoryAsKB(memory)
            .WithIterations(passes)
            .WithParallelism(Parallelism)
            .WithSalt(salt)
            .Build();
        var generator = new Argon2BytesGenerator();
        generator.Init(parameters);
        var output = new byte[length];
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        generator.GenerateBytes(passwordBytes, output);
        CryptographicOperations.ZeroMemory(passwordBytes);
        return output;
    }

    private static bool TryParse(string encoded, out int memory, out int passes, out byte[] salt, out byte[] hash)
    {
        memory = passes = 0;
        salt = hash = [];
        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id" || parts[2] != "v=19")
        {
            return false;
        }
        var costs = parts[3].Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p.Length == 2 && int.TryParse(p[1], CultureInfo.InvariantCulture, out var v) ? v : -1);
        if (!costs.TryGetValue("m", out memory) || !costs.TryGetValue("t", out passes) || memory < 8 || passes < 1 || costs.GetValueOrDefault("p") != Parallelism)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(Pad(parts[4]));
            hash = Convert.FromBase64String(Pad(parts[5]));
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length >= 16;
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static string Pad(string b64) => b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
}
