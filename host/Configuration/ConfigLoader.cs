using System.Text.Json;
using Modular.Sdk.Config;
using Modular.Sdk.Net;

namespace Modular.Host.Configuration;

/// <summary>Reads and validates the config file; every problem is a <see cref="ConfigException"/> that says where.</summary>
public static class ConfigLoader
{
    public static LoadedConfig Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ConfigException($"config file not found: {fullPath}; pass --config FILE or create plugins.json");
        }
        return Parse(File.ReadAllText(fullPath), fullPath);
    }

    public static LoadedConfig Parse(string json, string filePath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ConfigJson.DocumentOptions);
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
            throw new ConfigException($"{filePath}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not valid JSON: {message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigException($"{filePath}: the config must be a JSON object");
            }
            HostConfig config;
            try
            {
                config = ConfigJson.Bind<HostConfig>(document.RootElement.Clone(), "");
            }
            catch (ConfigException e)
            {
                throw new ConfigException($"{filePath}: {e.Message}", e);
            }
            var loaded = new LoadedConfig(config, filePath);
            Validate(loaded);
            return loaded;
        }
    }

    /// <summary>
    /// Whether <paramref name="text"/> is written exactly as a browser sends an origin: <c>scheme://host[:port]</c>,
    /// the host in punycode, no default port, no user, path, query or even a trailing slash. Anything else could
    /// never match an upgrade's Origin header.
    /// </summary>
    private static bool IsWebOrigin(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        var origin = uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
        return string.Equals(origin, text, StringComparison.OrdinalIgnoreCase);
    }

    private static void Validate(LoadedConfig loaded)
    {
        var config = loaded.Config;
        var file = loaded.FilePath;
        if (config.Rpc.Listen is not null)
        {
            ListenAddress.Parse(config.Rpc.Listen, $"{file}: rpc.listen");
        }
        ConfigChecks.Positive(config.Rpc.MaxConnections, $"{file}: rpc.maxConnections");
        ConfigChecks.Positive(config.Rpc.MaxMessageBytes, $"{file}: rpc.maxMessageBytes");
        if (config.Rpc.DrainSeconds < 0)
        {
            throw new ConfigException($"{file}: rpc.drainSeconds must not be negative");
        }
        if (config.Rpc.NoiseListen is not null)
        {
            ListenAddress.Parse(config.Rpc.NoiseListen, $"{file}: rpc.noiseListen");
        }
        ConfigChecks.Positive(config.Rpc.NoiseHandshakeTimeoutSeconds, $"{file}: rpc.noiseHandshakeTimeoutSeconds");
        for (var i = 0; i < config.Rpc.AllowedOrigins.Length; i++)
        {
            var origin = config.Rpc.AllowedOrigins[i];
            if (!IsWebOrigin(origin))
            {
                throw new ConfigException($"{file}: rpc.allowedOrigins[{i}]: '{origin}' is not a web origin as browsers send it: scheme://host[:port], for example https://console.example.com, with no path and no default port");
            }
        }
        if (config.Auth.T3p is { } t3p)
        {
            ValidateT3p(t3p, file);
        }
        if (config.Admin.Tokens.Any(t => t.Length < 16))
        {
            throw new ConfigException($"{file}: admin.tokens: every token needs at least 16 characters");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Plugins.Count; i++)
        {
            var entry = config.Plugins[i];
            if (string.IsNullOrWhiteSpace(entry.Id))
            {
                throw new ConfigException($"{file}: plugins[{i}].id is missing");
            }
            if (!seen.Add(entry.Id))
            {
                throw new ConfigException($"{file}: plugins[{i}]: plugin id '{entry.Id}' appears twice; each plugin may be listed once");
            }
            if (entry.Config.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
            {
                throw new ConfigException($"{file}: plugins[{i}].config must be an object");
            }
        }
    }

    private static void ValidateT3p(T3pAuthConfig t3p, string file)
    {
        if (!ListenAddress.TrySplit(t3p.Address, out _, out var port) || port == 0)
        {
            throw new ConfigException($"{file}: auth.t3p.address must be host:port");
        }
        foreach (var (key, value) in new[] { ("noiseKey", t3p.NoiseKey), ("signingKey", t3p.SigningKey) })
        {
            if (value.Length != 64 || !value.All(char.IsAsciiHexDigit))
            {
                throw new ConfigException($"{file}: auth.t3p.{key} must be 64 hex characters");
            }
        }
        if (t3p.Domain.Length == 0 || t3p.Domain.Contains('@'))
        {
            throw new ConfigException($"{file}: auth.t3p.domain must name the users' domain");
        }
        ConfigChecks.Positive(t3p.CheckTimeoutSeconds, $"{file}: auth.t3p.checkTimeoutSeconds");
    }
}
