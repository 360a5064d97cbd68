namespace ExamplePlugin;

/// <summary>The plugin's <c>config</c> object; an unknown key in it is an error the host reports.</summary>
public sealed class ExamplePluginOptions
{
    public string Greeting { get; init; } = "hello";
}
