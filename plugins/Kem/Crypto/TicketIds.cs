using System.Security.Cryptography;

namespace Modular.Plugins.Kem.Crypto;

/// <summary>Random identifiers of <c>[A-Za-z0-9]</c>: tickets and notify tickets (48), scramblers (32).</summary>
public static class TicketIds
{
    public const int TicketLength = 48;
    public const int ScramblerLength = 32;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewTicket() => New(TicketLength);

    public static string NewScrambler() => New(ScramblerLength);

    public static bool IsTicket(string? value) => value is { Length: TicketLength } && IsAlphanumeric(value);

    public static bool IsAlphanumeric(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    private static string New(int length) => new(RandomNumberGenerator.GetItems<char>(Alphabet, length));
}
