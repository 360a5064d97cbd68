using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modular.Plugins.Htx.Tests;

/// <summary>
/// A real Kestrel origin on 127.0.0.1:0 that answers every request with what it received (method, path, query,
/// cookies, content type, body, X-Forwarded-For) as JSON, marked with an <c>X-Origin</c> header naming it.
/// </summary>
public sealed class EchoOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;

    private EchoOrigin(WebApplication app) => _app = app;

    public int Hits => Volatile.Read(ref _hits);

    public Uri Url { get; private set; } = null!;

    public static async Task<EchoOrigin> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var origin = new EchoOrigin(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref origin._hits);
            var request = context.Request;
            using var reader = new StreamReader(request.Body);
            var echo = new
            {
                method = request.Method,
                path = request.Path.Value,
                query = request.QueryString.Value,
                cookie = request.Headers.Cookie.ToString(),
                contentType = request.ContentType,
                body = await reader.ReadToEndAsync(),
                forwardedFor = request.Headers["X-Forwarded-For"].ToString(),
            };
            // One write with a Content-Length: the bytes on the wire do not depend on flush timing.
            var json = JsonSerializer.SerializeToUtf8Bytes(echo);
            context.Response.Headers["X-Origin"] = name;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = json.Length;
            await context.Response.Body.WriteAsync(json);
        });
        await app.StartAsync();
        origin.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return origin;
    }

    public static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
