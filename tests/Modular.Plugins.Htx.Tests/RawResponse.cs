using System.Text;

namespace Modular.Plugins.Htx.Tests;

/// <summary>A response as the bytes on the wire.</summary>
public sealed class RawResponse(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    private string Text => Encoding.Latin1.GetString(Bytes);

    private string Head => Text[..Math.Max(0, Text.IndexOf("\r\n\r\n", StringComparison.Ordinal))];

    public int Status => int.Parse(Text.AsSpan(9, 3), provider: null);

    public string Body => Encoding.UTF8.GetString(Bytes, Head.Length + 4, Bytes.Length - Head.Length - 4);

    public string? Header(string name) => Head.Split("\r\n").Skip(1)
        .Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
        .Select(l => l[(name.Length + 1)..].Trim())
        .FirstOrDefault();

    /// <summary>The bytes without the Date header line: what must match between a decoy and its carrier-free twin.</summary>
    public byte[] WithoutDate()
    {
        var head = Head.Split("\r\n").Where(line => !line.StartsWith("Date:", StringComparison.OrdinalIgnoreCase));
        return [.. Encoding.Latin1.GetBytes(string.Join("\r\n", head) + "\r\n\r\n"), .. Bytes.AsSpan(Head.Length + 4)];
    }
}
