namespace Modular.Sdk.Config;

/// <summary>Checks of bound config values that every plugin needs; each error names the key's full path.</summary>
public static class ConfigChecks
{
    /// <summary>Throws <see cref="ConfigException"/> unless <paramref name="value"/> is above zero.</summary>
    public static void Positive(int value, string key)
    {
        if (value <= 0)
        {
            throw new ConfigException($"{key} must be positive, not {value}");
        }
    }
}
