using System.Globalization;

namespace Modular.Plugins.Htx.Protocol;

/// <summary>How many padding bytes follow the fixed payload fields, written <c>24..64</c> (both ends included).</summary>
public readonly record struct PaddingRange(int Min, int Max)
{
    public const int Limit = 1024;

    public static readonly PaddingRange Default = new(24, 64);

    public bool Contains(int length) => length >= Min && length <= Max;

    public static bool TryParse(string? text, out PaddingRange range)
    {
        range = default;
        var dots = text?.IndexOf("..", StringComparison.Ordinal) ?? -1;
        if (dots <= 0
            || !int.TryParse(text.AsSpan(0, dots), NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(text.AsSpan(dots + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            || min > max || max > Limit)
        {
            return false;
        }
        range = new PaddingRange(min, max);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Min}..{Max}");
}
