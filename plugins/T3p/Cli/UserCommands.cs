using System.CommandLine;
using Modular.Plugins.T3p.Configuration;
using Modular.Plugins.T3p.Passwords;
using Modular.Plugins.T3p.Storage;
using Modular.Sdk.Plugins;

namespace Modular.Plugins.T3p.Cli;

/// <summary><c>modular t3p user add|del|list|passwd</c>: the users in the config's data directory (<c>t3p.db</c>).</summary>
public sealed class UserCommands(IPluginContext context)
{
    public Command Create()
    {
        var user = new Command("user", "Manage the T3P's users (in the config's data directory)");
        var name = new Argument<string>("USER@DOMAIN") { Description = "The user, name@domain" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password as one line from stdin instead of the terminal" };
        var roles = new Option<string?>("--roles") { Description = "Comma-separated roles (admin opens admin-only methods on services)" };
        var groups = new Option<string?>("--groups") { Description = "Comma-separated groups" };

        var add = new Command("add", "Add a user; the password is read without echo") { name, roles, groups, stdin };
        add.SetAction(parse =>
        {
            var who = parse.GetValue(name)!;
            if (!IsUserName(who))
            {
                return Fail($"'{who}' is not name@domain");
            }
            var password = PasswordReader.Read($"Password for {who}: ", parse.GetValue(stdin));
            if (string.IsNullOrEmpty(password))
            {
                return Fail("an empty password is not allowed");
            }
            var (database, hasher) = Open();
            var added = database.AddUser(new T3pUser(who.ToLowerInvariant(), hasher.Hash(password), List(parse.GetValue(roles)), List(parse.GetValue(groups))));
            return added ? Done($"added {who}") : Fail($"{who} exists already");
        });

        var del = new Command("del", "Delete a user") { name };
        del.SetAction(parse => Open().Database.DeleteUser(parse.GetValue(name)!.ToLowerInvariant()) ? Done("deleted") : Fail("no such user"));

        var list = new Command("list", "List the users with their roles and groups");
        list.SetAction(_ =>
        {
            foreach (var u in Open().Database.ListUsers())
            {
                Console.WriteLine($"{u.Name,-32} roles={string.Join(',', u.Roles)} groups={string.Join(',', u.Groups)}");
            }
            return 0;
        });

        var passwd = new Command("passwd", "Set a user's password") { name, stdin };
        passwd.SetAction(parse =>
        {
            var who = parse.GetValue(name)!.ToLowerInvariant();
            var password = PasswordReader.Read($"New password for {who}: ", parse.GetValue(stdin));
            if (string.IsNullOrEmpty(password))
            {
                return Fail("an empty password is not allowed");
            }
            var (database, hasher) = Open();
            return database.SetPassword(who, hasher.Hash(password)) ? Done("password changed") : Fail("no such user");
        });

        user.Subcommands.Add(add);
        user.Subcommands.Add(del);
        user.Subcommands.Add(list);
        user.Subcommands.Add(passwd);
        return user;
    }

    private (T3pDatabase Database, Argon2PasswordHasher Hasher) Open()
    {
        var options = context.BindConfig<T3pOptions>();
        options.Validate();
        return (new T3pDatabase(Path.Combine(context.DataDirectory, options.Database)), new Argon2PasswordHasher(options.Argon2MemoryKiB, options.Argon2Iterations));
    }

    internal static bool IsUserName(string name)
    {
        var at = name.IndexOf('@');
        return at > 0 && at == name.LastIndexOf('@') && at < name.Length - 1 && !name.Any(char.IsWhiteSpace);
    }

    private static string[] List(string? csv) => csv?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static int Done(string message)
    {
        Console.WriteLine(message);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"modular t3p: {message}");
        return 1;
    }
}
