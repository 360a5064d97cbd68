namespace Modular.Sdk.T3p;

/// <summary>The ticket flags of the T3P (seed: FLAGS).</summary>
public static class T3pFlags
{
    public const string AllowDerive = "allow-derive";
    public const string AllowLimitedExpand = "allow-limited-expand";
    public const string AllowExpand = "allow-expand";

    public static readonly IReadOnlyList<string> All = [AllowDerive, AllowLimitedExpand, AllowExpand];
}
