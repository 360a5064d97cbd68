namespace Modular.Plugins.T3p.Acl;

/// <summary>The ACL of <c>t3p.get</c>: the first rule that applies decides; when none does, the query is denied.</summary>
public sealed class AclRules(IReadOnlyList<AclRule> rules)
{
    public static AclRules Parse(IEnumerable<string> lines) => new(lines.Select(AclRule.Parse).ToList());

    public bool Allows(IEnumerable<(string Category, string Name)> subjects, string category, string obj, string role, string property)
    {
        var who = subjects.ToList();
        return rules.FirstOrDefault(r => r.AppliesTo(who, category, obj, role, property))?.Allow ?? false;
    }
}
