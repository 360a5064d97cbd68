namespace Modular.Plugins.Htx.Options;

/// <summary>An older ticket key still accepted after a rotation. The file must exist.</summary>
public sealed class HtxPreviousKeyOptions
{
    public string? KeyFile { get; set; }

    public string? KeyId { get; set; }
}
