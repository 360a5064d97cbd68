using System.CommandLine;
using System.Text;
using Modular.Plugins.Htx.Protocol;
using Modular.Sdk.Cli;

namespace Modular.Plugins.Htx.Client;

/// <summary><c>modular htx get URL [--data FORM] [--carrier cookie|query|body] [--insecure]</c>: one ticketed request, the response printed.</summary>
public sealed class HtxCliVerbs(TimeProvider time) : ICliVerbs
{
    /// <summary>Exit code when the site answered with its decoy even after the retry.</summary>
    public const int DecoyExitCode = 3;

    public void AddTo(Command pluginCommand)
    {
        var url = new Argument<string>("url") { Description = "The http(s) URL of a page behind an HTX front door" };
        var data = new Option<string?>("--data") { Description = "Send a POST with this application/x-www-form-urlencoded body (a=1&b=2)" };
        var carrier = new Option<CarrierKind?>("--carrier") { Description = "Carry the ticket in this (cookie, query or body) instead of drawing by the site's weights" };
        var insecure = new Option<bool>("--insecure") { Description = "Accept any TLS certificate (testing only)" };
        var get = new Command("get", "Fetch a URL with a fresh access ticket; the body goes to stdout, the status line to stderr");
        get.Arguments.Add(url);
        get.Options.Add(data);
        get.Options.Add(carrier);
        get.Options.Add(insecure);
        get.SetAction((parse, ct) => GetAsync(parse.GetValue(url)!, parse.GetValue(data), parse.GetValue(carrier), parse.GetValue(insecure), ct));
        pluginCommand.Subcommands.Add(get);
    }

    private async Task<int> GetAsync(string address, string? data, CarrierKind? carrier, bool insecure, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"htx: '{address}' is not an http(s) URL").ConfigureAwait(false);
            return 2;
        }
        var transport = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        if (insecure)
        {
            transport.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        using var client = new HttpClient(new HtxTicketHandler(transport, time) { Carrier = carrier });
        using var request = new HttpRequestMessage(data is null ? HttpMethod.Get : HttpMethod.Post, url);
        if (data is not null)
        {
            request.Content = new StringContent(data, Encoding.UTF8, CarrierNames.FormContentType);
        }
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}").ConfigureAwait(false);
            await using var stdout = Console.OpenStandardOutput();
            await response.Content.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
            if (HtxTicketHandler.IsDecoy(response))
            {
                await Console.Error.WriteLineAsync("htx: the site answered with its decoy: the ticket was not accepted").ConfigureAwait(false);
                return DecoyExitCode;
            }
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"htx: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
