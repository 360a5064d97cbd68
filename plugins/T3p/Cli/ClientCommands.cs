using System.CommandLine;
using System.Text.Json;
using Modular.Sdk.Noise;
using StreamJsonRpc;

namespace Modular.Plugins.T3p.Cli;

/// <summary>
/// <c>modular t3p login|ticket|revoke|logout</c>: the client side of the seed's flow. <c>login</c> keeps
/// the session ticket in the user's config directory; the other verbs resume the session with it.
/// </summary>
public static class ClientCommands
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static IEnumerable<Command> Create() => [Login(), Ticket(), Revoke(), Logout()];

    private static Command Login()
    {
        var user = new Argument<string>("USER@DOMAIN") { Description = "Who logs in" };
        var address = new Option<string>("--t3p") { Description = "The T3P's Noise RPC address, host:port", Required = true };
        var key = new Option<string>("--t3p-key") { Description = "The T3P's Noise static public key, hex (modular keys show on the T3P)", Required = true };
        var keyFile = new Option<string?>("--key") { Description = "The client's Noise key file (default: client.key in the user's config directory, created if missing)" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password as one line from stdin" };
        var seconds = new Option<long?>("--for") { Description = "Ask for a session ticket valid this many seconds (the T3P may cut it shorter)" };
        var command = new Command("login", "Log in with a password and keep a session ticket pinned to this client's key") { user, address, key, keyFile, stdin, seconds };
        command.SetAction(async (parse, ct) =>
        {
            var who = parse.GetValue(user)!;
            if (!UserCommands.IsUserName(who))
            {
                return Fail($"'{who}' is not name@domain");
            }
            var password = PasswordReader.Read($"Password for {who}: ", parse.GetValue(stdin));
            if (string.IsNullOrEmpty(password))
            {
                return Fail("no password given");
            }
            var session = new ClientSession
            {
                T3p = parse.GetValue(address)!,
                T3pKey = parse.GetValue(key)!.ToLowerInvariant(),
                User = who,
                KeyFile = Path.GetFullPath(parse.GetValue(keyFile) ?? ClientSessionStore.DefaultKeyFile),
            };
            return await RunAsync(session, async rpc =>
            {
                var at = who.LastIndexOf('@');
                await CallAsync(rpc, "t3p.auth", new { user = who[..at], domain = who[(at + 1)..], password }, ct).ConfigureAwait(false);
                var lifetime = parse.GetValue(seconds) is { } s ? new object[] { new { @for = s } } : null;
                var issued = await CallAsync(rpc, "t3p.acquireTicket", new { kind = "session", lifetime }, ct).ConfigureAwait(false);
                session.SessionId = issued.GetProperty("id").GetString()!;
                session.SessionTicket = issued.GetProperty("ticket").GetString()!;
                ClientSessionStore.Save(session);
                Console.WriteLine($"logged in as {who}; session ticket {session.SessionId} valid until {issued.GetProperty("claims").GetProperty("exp").GetString()}");
                return 0;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Ticket()
    {
        var service = new Option<string>("--service") { Description = "The service's Noise static public key, hex (t3p.get srv NAME info pubkey)", Required = true };
        var seconds = new Option<long?>("--for") { Description = "Lifetime: at most this many seconds" };
        var until = new Option<long?>("--until") { Description = "Lifetime: until this unix time (exclusive)" };
        var after = new Option<long?>("--after") { Description = "Lifetime: from this unix time (inclusive)" };
        var renewFor = new Option<long?>("--renew-for") { Description = "Renewable for this many seconds" };
        var roles = new Option<string?>("--roles") { Description = "Comma-separated roles (intersected with the session's)" };
        var flags = new Option<string?>("--flags") { Description = "Comma-separated flags: allow-derive, allow-limited-expand, allow-expand" };
        var vchk = new Option<int?>("--vchk") { Description = "Seconds between online checks by the service (default 300; 0 = every use)" };
        var delegates = new Option<string[]>("--delegate") { Description = "A delegate's Noise public key, hex (repeatable)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("ticket", "Acquire a service ticket with the stored session; prints {id, ticket, claims} as JSON")
        {
            service, seconds, until, after, renewFor, roles, flags, vchk, delegates,
        };
        command.SetAction(async (parse, ct) =>
        {
            var session = ClientSessionStore.Load();
            if (session is null)
            {
                return Fail("not logged in: run 'modular t3p login' first");
            }
            var lifetime = new List<object>();
            if (parse.GetValue(seconds) is { } f)
            {
                lifetime.Add(new { @for = f });
            }
            if (parse.GetValue(until) is { } u)
            {
                lifetime.Add(new { until = u });
            }
            if (parse.GetValue(after) is { } a)
            {
                lifetime.Add(new { after = a });
            }
            var request = new
            {
                kind = "service",
                service = parse.GetValue(service),
                lifetime,
                renew = parse.GetValue(renewFor) is { } r ? new { @for = r } : null,
                roles = Csv(parse.GetValue(roles)),
                flags = Csv(parse.GetValue(flags)),
                vchkSeconds = parse.GetValue(vchk),
                delegates = parse.GetValue(delegates)?.Select(d => new { pubkey = d }).ToArray(),
            };
            return await ResumeAsync(session, async rpc =>
            {
                var issued = await CallAsync(rpc, "t3p.acquireTicket", request, ct).ConfigureAwait(false);
                session.Issued.Add(issued.GetProperty("id").GetString()!);
                ClientSessionStore.Save(session);
                Console.WriteLine(issued.GetRawText());
                return 0;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("ID") { Description = "The ticket id (jti)" };
        var command = new Command("revoke", "Revoke one of your tickets for good") { id };
        command.SetAction(async (parse, ct) =>
        {
            var session = ClientSessionStore.Load();
            if (session is null)
            {
                return Fail("not logged in: run 'modular t3p login' first");
            }
            return await ResumeAsync(session, async rpc =>
            {
                await CallAsync(rpc, "t3p.revoke", new { id = parse.GetValue(id) }, ct).ConfigureAwait(false);
                session.Issued.Remove(parse.GetValue(id)!);
                ClientSessionStore.Save(session);
                Console.WriteLine("revoked");
                return 0;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Logout()
    {
        var command = new Command("logout", "Revoke the service tickets acquired here and the session ticket, then forget the session (seed step 9)");
        command.SetAction(async (_, ct) =>
        {
            var session = ClientSessionStore.Load();
            if (session is null)
            {
                return Fail("not logged in");
            }
            var result = await ResumeAsync(session, async rpc =>
            {
                foreach (var id in session.Issued.Append(session.SessionId))
                {
                    await CallAsync(rpc, "t3p.revoke", new { id }, ct).ConfigureAwait(false);
                }
                return 0;
            }, ct).ConfigureAwait(false);
            ClientSessionStore.Delete();
            Console.WriteLine(result == 0 ? "logged out; tickets revoked" : "logged out locally; the T3P could not revoke the tickets");
            return result;
        });
        return command;
    }

    /// <summary>Connects and logs in again with the stored session ticket, then runs <paramref name="work"/>.</summary>
    private static Task<int> ResumeAsync(ClientSession session, Func<JsonRpc, Task<int>> work, CancellationToken cancellationToken) =>
        RunAsync(session, async rpc =>
        {
            var at = session.User.LastIndexOf('@');
            await CallAsync(rpc, "t3p.auth", new { user = session.User[..at], domain = session.User[(at + 1)..], sessionTicket = session.SessionTicket }, cancellationToken).ConfigureAwait(false);
            return await work(rpc).ConfigureAwait(false);
        });

    private static async Task<int> RunAsync(ClientSession session, Func<JsonRpc, Task<int>> work)
    {
        try
        {
            var clientKey = NoiseKeyFile.ReadOrCreate(session.KeyFile);
            using var rpc = await NoiseRpcClient.ConnectAsync(session.T3p, Convert.FromHexString(session.T3pKey), clientKey).WaitAsync(CallTimeout).ConfigureAwait(false);
            return await work(rpc).ConfigureAwait(false);
        }
        catch (RemoteRpcException e)
        {
            return Fail($"the T3P refused: {e.Message}");
        }
        catch (Exception e) when (e is IOException or NoiseException or TimeoutException or FormatException or System.Net.Sockets.SocketException or ArgumentException or InvalidDataException)
        {
            return Fail($"cannot talk to the T3P at {session.T3p}: {e.Message}");
        }
    }

    private static Task<JsonElement> CallAsync(JsonRpc rpc, string method, object parameters, CancellationToken cancellationToken) =>
        rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters, cancellationToken).WaitAsync(CallTimeout, cancellationToken);

    private static string[]? Csv(string? csv) => csv?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"modular t3p: {message}");
        return 1;
    }
}
