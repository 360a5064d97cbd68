using System.Globalization;

namespace Modular.Plugins.Htx.Protocol;

/// <summary>
/// The carriers a site offers and the proportions clients should use them in, written
/// <c>cookie:0.5,query:0.3,body:0.2</c>. A carrier with weight 0 or left out is not offered (and not accepted).
/// </summary>
public sealed class CarrierPolicy
{
    private readonly double[] _weights = new double[3];

    private CarrierPolicy()
    {
    }

    public double WeightOf(CarrierKind kind) => _weights[(int)kind];

    public bool Offers(CarrierKind kind) => WeightOf(kind) > 0;

    /// <summary>Parses the policy; the error names what is wrong.</summary>
    public static bool TryParse(string? text, out CarrierPolicy policy, out string error)
    {
        policy = new CarrierPolicy();
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }
        var seen = new bool[3];
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':');
            var name = colon < 0 ? part : part[..colon].Trim();
            CarrierKind? parsed = name.ToLowerInvariant() switch
            {
                "cookie" => CarrierKind.Cookie,
                "query" => CarrierKind.Query,
                "body" => CarrierKind.Body,
                _ => null,
            };
            if (parsed is not { } kind)
            {
                error = $"'{name}' is not a carrier (cookie, query or body)";
                return false;
            }
            if (seen[(int)kind])
            {
                error = $"'{name}' is listed twice";
                return false;
            }
            seen[(int)kind] = true;
            if (colon < 0 || !double.TryParse(part.AsSpan(colon + 1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var weight)
                || !double.IsFinite(weight) || weight < 0)
            {
                error = $"'{part}' needs a weight, a number >= 0 (as in cookie:0.5)";
                return false;
            }
            policy._weights[(int)kind] = weight;
        }
        if (policy._weights.Sum() <= 0)
        {
            error = "offers no carrier (every weight is 0)";
            return false;
        }
        return true;
    }

    /// <summary>
    /// Draws a carrier among <paramref name="usable"/> by weight; <paramref name="unit"/> is uniform in [0, 1).
    /// Null when none of them is offered.
    /// </summary>
    public CarrierKind? Draw(IReadOnlyCollection<CarrierKind> usable, double unit)
    {
        var total = usable.Where(Offers).Sum(WeightOf);
        if (total <= 0)
        {
            return null;
        }
        var point = unit * total;
        CarrierKind? last = null;
        foreach (var kind in Enum.GetValues<CarrierKind>().Where(k => usable.Contains(k) && Offers(k)))
        {
            last = kind;
            point -= WeightOf(kind);
            if (point < 0)
            {
                return kind;
            }
        }
        return last;
    }

    public override string ToString() => string.Join(',',
        Enum.GetValues<CarrierKind>().Where(Offers).Select(k => $"{k.ToString().ToLowerInvariant()}:{WeightOf(k).ToString(CultureInfo.InvariantCulture)}"));
}
