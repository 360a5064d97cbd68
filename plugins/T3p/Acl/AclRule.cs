namespace Modular.Plugins.T3p.Acl;

/// <summary>
/// One ACL line in the seed's syntax, <c>srv PUBKEY : allow : user * info groups</c>: who (a subject
/// category and name), the decision, and which <c>get</c> query (category, object, role, property);
/// <c>*</c> matches anything.
/// </summary>
public sealed record AclRule(string SubjectCategory, string Subject, bool Allow, string Category, string Object, string Role, string Property)
{
    public static AclRule Parse(string line)
    {
        var parts = line.Split(':', StringSplitOptions.TrimEntries);
        var subject = parts.Length == 3 ? Words(parts[0]) : [];
        var query = parts.Length == 3 ? Words(parts[2]) : [];
        if (subject.Length != 2 || query.Length != 4 || parts[1] is not ("allow" or "deny"))
        {
            throw new FormatException($"'{line}' is not 'CATEG SUBJECT : allow|deny : CATEG OBJECT ROLE PROP'");
        }
        return new AclRule(subject[0], subject[1], parts[1] == "allow", query[0], query[1], query[2], query[3]);
    }

    public bool AppliesTo(IEnumerable<(string Category, string Name)> subjects, string category, string obj, string role, string property) =>
        subjects.Any(s => s.Category == SubjectCategory && Matches(Subject, s.Name))
        && Matches(Category, category) && Matches(Object, obj) && Matches(Role, role) && Matches(Property, property);

    private static bool Matches(string pattern, string value) => pattern == "*" || string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
