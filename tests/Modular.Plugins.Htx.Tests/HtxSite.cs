using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Modular.Plugins.Htx.Protocol;
using Modular.Testing;

namespace Modular.Plugins.Htx.Tests;

/// <summary>
/// The real host with the htx plugin in front of an echo upstream and an echo decoy origin (or a decoy folder),
/// on loopback port 0, with the clock pinned to the middle of an hour. Collects the decoy reasons from the metrics.
/// </summary>
public sealed class HtxSite : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 30, 0, TimeSpan.Zero);

    private readonly MeterListener _listener = new();

    private HtxSite(TestHost host, EchoOrigin upstream, EchoOrigin? decoy, FakeTimeProvider time)
    {
        Time = time;
        Host = host;
        Upstream = upstream;
        DecoyOrigin = decoy;
        Front = host.Listeners.Get("htx", "front");
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == "Modular.Htx")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    Reasons.Enqueue((string)tag.Value!);
                }
            }
        });
        _listener.Start();
    }

    public TestHost Host { get; }

    public EchoOrigin Upstream { get; }

    public EchoOrigin? DecoyOrigin { get; }

    public IPEndPoint Front { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The reasons of the decoys served, in order.</summary>
    public ConcurrentQueue<string> Reasons { get; } = new();

    /// <summary>
    /// Starts the site. <paramref name="config"/> adds to or overrides the plugin config
    /// (upstream and decoy default to echo origins; listen to 127.0.0.1:0).
    /// </summary>
    public static async Task<HtxSite> StartAsync(Dictionary<string, object>? config = null, string? directory = null, FakeTimeProvider? time = null)
    {
        var upstream = await EchoOrigin.StartAsync("upstream");
        EchoOrigin? decoy = null;
        var values = new Dictionary<string, object> { ["listen"] = "127.0.0.1:0", ["upstream"] = upstream.Url.ToString() };
        if (config is null || !config.ContainsKey("decoy"))
        {
            decoy = await EchoOrigin.StartAsync("decoy");
            values["decoy"] = decoy.Url.ToString();
        }
        foreach (var (key, value) in config ?? [])
        {
            values[key] = value;
        }
        time ??= new FakeTimeProvider(Now);
        var host = await TestHost.StartAsync(TestHost.ConfigWith(new { id = "htx", config = values }), time: time, directory: directory);
        return new HtxSite(host, upstream, decoy, time);
    }

    /// <summary>The site's <c>BN-Ticket</c>, read from a plain request as a client would.</summary>
    public async Task<TicketAnnouncement> AnnouncementAsync()
    {
        var response = await RawHttp.SendAsync(Front, "GET", "/");
        Assert.True(TicketAnnouncement.TryParse(response.Header("BN-Ticket"), out var announcement));
        return announcement!;
    }

    /// <summary>A ticket payload for the site's key, with every field as given (defaults: valid for now).</summary>
    public static byte[] Payload(TicketAnnouncement site, int hourOffset = 0, int padding = 32, byte[]? keyId = null)
    {
        var hour = AccessTicket.HourOf(Now) + hourOffset;
        return ClientTicket.Create(Curve25519Dh.GeneratePrivateKey(), site.PublicKey, keyId ?? site.KeyId, new byte[32], hour, new byte[padding]);
    }

    public static string Encode(byte[] payload) => Base64Url.EncodeToString(payload);

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await Host.DisposeAsync();
        await Upstream.DisposeAsync();
        if (DecoyOrigin is not null)
        {
            await DecoyOrigin.DisposeAsync();
        }
    }
}
