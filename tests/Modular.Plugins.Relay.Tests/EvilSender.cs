using System.Net.Sockets;
using Modular.Plugins.Relay.Client;
using Modular.Plugins.Relay.Pake;
using Modular.Plugins.Relay.Protocol;

namespace Modular.Plugins.Relay.Tests;

/// <summary>
/// A sender that follows the PAKE honestly and then misbehaves on the stapled stream: it hands the test
/// the raw stream and keys so the test can send what a real sender never would.
/// </summary>
internal sealed class EvilSender
{
    public required RelayChannelClient Channel { get; init; }

    public required string Code { get; init; }

    public required Spake2 Pake { get; init; }

    public static async Task<EvilSender> JoinAsync(RelayTestHost relay, HttpClient http)
    {
        var channel = await RelayChannelClient.JoinAsync(http, relay.Settings(), new JoinRequest("sender"), CancellationToken.None);
        const string password = "tiger-plum-quartz-otter-north";
        var pake = new Spake2(Spake2Curve.P256, true, RelayKeys.IdentitySender, RelayKeys.IdentityRecipient, Spake2.PasswordScalar(Spake2Curve.P256, password, channel.Channel));
        await channel.PostAsync(new ChannelRequest(null, null, X: Convert.ToHexStringLower(pake.Share)), CancellationToken.None);
        return new EvilSender { Channel = channel, Code = $"{channel.Channel}-{password}", Pake = pake };
    }

    /// <summary>Finishes the PAKE as a sender would and returns the stapled stream with the session keys.</summary>
    public async Task<(NetworkStream Stream, RelayKeys Keys)> StapleAsync()
    {
        var state = await Channel.WaitForAsync(s => s.Y is not null && s.HhK is not null, "recipient", CancellationToken.None);
        var keys = new RelayKeys(Spake2.SharedKey(Pake.Finish(Convert.FromHexString(state.Y!))));
        await Channel.PostAsync(new ChannelRequest(null, null, HK: keys.SenderConfirmation), CancellationToken.None);
        var stream = await Channel.ConnectAsync(CancellationToken.None);
        await Channel.WaitForAsync(s => s.Stapled, "staple", CancellationToken.None);
        return (stream, keys);
    }
}
