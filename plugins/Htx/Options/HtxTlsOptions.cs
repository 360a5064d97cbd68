namespace Modular.Plugins.Htx.Options;

/// <summary>PEM files of the front door's certificate chain and key, relative to the config file.</summary>
public sealed class HtxTlsOptions
{
    public string? Certificate { get; set; }

    public string? Key { get; set; }
}
