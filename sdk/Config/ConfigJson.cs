using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Modular.Sdk.Config;

/// <summary>
/// The one way config JSON is read: comments and trailing commas allowed, camelCase names matched
/// exactly, and an unknown key is an error (Caddy's strict module config).
/// </summary>
public static class ConfigJson
{
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static readonly JsonSerializerOptions SerializerOptions = CreateSerializerOptions();

    /// <summary>
    /// Binds <paramref name="element"/> to <typeparamref name="T"/>. <paramref name="path"/> is where the
    /// element sits in the file (for example <c>plugins[2].config</c>) and prefixes every error.
    /// </summary>
    public static T Bind<T>(JsonElement element, string path) where T : new()
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new T();
        }
        try
        {
            return element.Deserialize<T>(SerializerOptions) ?? new T();
        }
        catch (JsonException e)
        {
            throw new ConfigException(Describe(e, path), e);
        }
    }

    /// <summary>Turns a System.Text.Json error into one line that names the key and its full path.</summary>
    public static string Describe(JsonException e, string rootPath)
    {
        var innerPath = e.Path is null or "$" ? "" : e.Path[1..];
        var where = rootPath + innerPath;
        var message = e.Message;
        // System.Text.Json names an unmapped member in the message; the path it reports is the parent object's.
        const string unmappedPrefix = "The JSON property '";
        if (message.StartsWith(unmappedPrefix, StringComparison.Ordinal))
        {
            var end = message.IndexOf('\'', unmappedPrefix.Length);
            var key = message[unmappedPrefix.Length..end];
            var keyPath = where.EndsWith("." + key, StringComparison.Ordinal) ? where : $"{where}.{key}";
            return $"unknown key '{key}' at {keyPath.TrimStart('.')}";
        }
        // The nullability check's message speaks to the program's author; the operator only needs to know the rule.
        if (message.Contains("Consider updating its nullability annotation", StringComparison.Ordinal))
        {
            return $"{where.TrimStart('.')}: must not be null";
        }
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }
        return $"{where.TrimStart('.')}: {message}";
    }

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            NumberHandling = JsonNumberHandling.Strict,
            // A null where the config class allows none (a list, say) is an error that names the key, not a crash later.
            RespectNullableAnnotations = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RejectNullItems } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// A list declared with non-nullable items (<c>List&lt;string&gt;</c>, not <c>List&lt;string?&gt;</c>) refuses a
    /// null item: <see cref="JsonSerializerOptions.RespectNullableAnnotations"/> checks properties, not what a
    /// collection holds, and a null token or address would otherwise surface later as a crash in the plugin.
    /// </summary>
    private static void RejectNullItems(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        var nullability = new NullabilityInfoContext();
        foreach (var property in type.Properties)
        {
            if (property.AttributeProvider is not PropertyInfo info || property.Set is not { } set
                || info.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(info.PropertyType))
            {
                continue;
            }
            var declared = nullability.Create(info);
            var item = declared.ElementType ?? (declared.GenericTypeArguments is [var only] ? only : null);
            if (item?.ReadState != NullabilityState.NotNull)
            {
                continue;
            }
            property.Set = (owner, value) =>
            {
                if (value is IEnumerable items && items.Cast<object?>().Any(i => i is null))
                {
                    throw new JsonException("must not hold null");
                }
                set(owner, value);
            };
        }
    }
}
