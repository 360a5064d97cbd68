using System.Security.Cryptography;

namespace Modular.Plugins.Relay.Protocol;

/// <summary>Channel names and uuids: letters and digits only, so they fit the code and the TCP line.</summary>
public static class ChannelNames
{
    public const int MaxLength = 64;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A fresh name: 14 characters of 36, about 72 bits, too many to guess.</summary>
    public static string NewChannel() => RandomNumberGenerator.GetString(Alphabet, 14);

    /// <summary>A fresh uuid: 128 random bits as hex.</summary>
    public static string NewUuid() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.All(char.IsAsciiLetterOrDigit);
}
