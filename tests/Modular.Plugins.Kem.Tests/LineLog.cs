using System.Text;

namespace Modular.Plugins.Kem.Tests;

/// <summary>A TextWriter that keeps the lines written to it, so a test can wait for one.</summary>
public sealed class LineLog : TextWriter
{
    private readonly List<string> _lines = [];
    private readonly StringBuilder _current = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_lines)
        {
            if (value == '\n')
            {
                _lines.Add(_current.ToString().TrimEnd('\r'));
                _current.Clear();
            }
            else
            {
                _current.Append(value);
            }
        }
    }

    public async Task<string> WaitForAsync(string prefix)
    {
        using var cts = new CancellationTokenSource(KemTestKit.WaitLimit);
        while (true)
        {
            if (Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }
            await Task.Delay(20, cts.Token);
        }
    }
}
