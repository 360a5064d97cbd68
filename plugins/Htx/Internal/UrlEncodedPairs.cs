namespace Modular.Plugins.Htx.Internal;

/// <summary>
/// <c>name=value&amp;...</c> text (a query string or a urlencoded form) edited without re-encoding: the pairs that stay
/// keep their exact bytes, so the request without the carrier is what the client would have sent without it.
/// </summary>
internal static class UrlEncodedPairs
{
    /// <summary>Removes every pair whose decoded name is <paramref name="name"/>; adds their raw values to <paramref name="removed"/>.</summary>
    public static string Remove(string text, string name, List<string> removed)
    {
        var kept = new List<string>();
        foreach (var pair in text.Split('&'))
        {
            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            if (Decode(rawName) == name)
            {
                removed.Add(equals < 0 ? "" : pair[(equals + 1)..]);
            }
            else
            {
                kept.Add(pair);
            }
        }
        return kept.Count == 0 || kept.All(p => p.Length == 0) ? "" : string.Join('&', kept);
    }

    public static string Decode(string raw) => Uri.UnescapeDataString(raw.Replace('+', ' '));
}
