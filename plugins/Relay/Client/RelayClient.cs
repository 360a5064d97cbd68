using System.Net.Sockets;
using System.Security.Cryptography;
using Modular.Plugins.Relay.Pake;
using Modular.Plugins.Relay.Protocol;
using Modular.Plugins.Relay.Transfer;

namespace Modular.Plugins.Relay.Client;

/// <summary>
/// <c>send</c> and <c>receive</c> as methods: the SPAKE2 exchange through the relay's <c>/channel</c>, the
/// hh_k/h_k confirmation, then the framed, encrypted transfer over the stapled TCP connection.
/// Failures are <see cref="RelayException"/>s with a message for the user; any abort closes the channel.
/// </summary>
public sealed class RelayClient(RelayClientSettings settings) : IDisposable
{
    private readonly HttpClient _http = RelayChannelClient.CreateHttpClient(settings);

    /// <summary>
    /// Offers <paramref name="paths"/> (files and folders). <paramref name="onCode"/> gets the code to read to the
    /// recipient as soon as the channel exists; the call returns once the recipient confirmed every file.
    /// </summary>
    public async Task<TransferResult> SendAsync(IReadOnlyList<string> paths, string? curveName, Action<string> onCode,
        ITransferProgress? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Spake2Curve.TryGet(curveName ?? settings.Config.Curve, out var curve))
        {
            throw new RelayException($"unknown curve '{curveName}': use p256, p384 or p521");
        }
        // Hashing runs while the recipient types the code; the offer waits for it.
        var planning = SendPlan.CreateAsync(paths, cancellationToken);
        var channel = await RelayChannelClient.JoinAsync(_http, settings, new JoinRequest("sender", Curve: curve.Name), cancellationToken).ConfigureAwait(false);
        return await ClosingOnFailure(channel, async () =>
        {
            var password = PasswordWords.Generate(settings.Config.PasswordWords);
            var pake = new Spake2(curve, isA: true, RelayKeys.IdentitySender, RelayKeys.IdentityRecipient, Spake2.PasswordScalar(curve, password, channel.Channel));
            await channel.PostAsync(new ChannelRequest(null, null, X: Convert.ToHexStringLower(pake.Share)), cancellationToken).ConfigureAwait(false);
            onCode(new RelayCode(channel.Channel, password).ToString());

            var state = await channel.WaitForAsync(s => s.Y is not null && s.HhK is not null, "the recipient", cancellationToken).ConfigureAwait(false);
            var keys = new RelayKeys(Spake2.SharedKey(Finish(pake, state.Y!, "recipient")));
            if (!RelayKeys.ConfirmationMatches(keys.RecipientConfirmation, state.HhK))
            {
                throw new RelayException("the recipient's key does not match ours: the code was mistyped (or someone guessed at it); nothing was sent");
            }
            await channel.PostAsync(new ChannelRequest(null, null, HK: keys.SenderConfirmation), cancellationToken).ConfigureAwait(false);

            await using var stream = await channel.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await channel.WaitForAsync(s => s.Stapled, "the recipient's TCP connection", cancellationToken).ConfigureAwait(false);
            var plan = await KeepAliveUntilAsync(channel, planning, cancellationToken).ConfigureAwait(false);
            using var writer = new FrameWriter(stream, keys.SenderToRecipient);
            using var reader = new FrameReader(stream, keys.RecipientToSender);
            var sent = await SendFilesAsync(plan, writer, reader, progress, cancellationToken).ConfigureAwait(false);
            // After the recipient's answer the sender closes first; the recipient then closes the channel.
            stream.Socket.Shutdown(SocketShutdown.Both);
            return new TransferResult(plan.Files, sent);
        }).ConfigureAwait(false);
    }

    /// <summary>Receives into <paramref name="outDirectory"/> with the code the sender read out.</summary>
    public async Task<TransferResult> ReceiveAsync(string code, string outDirectory, bool overwrite,
        ITransferProgress? progress = null, CancellationToken cancellationToken = default)
    {
        var parsed = RelayCode.Parse(code);
        var channel = await RelayChannelClient.JoinAsync(_http, settings, new JoinRequest("recipient", parsed.Channel), cancellationToken).ConfigureAwait(false);
        if (!Spake2Curve.TryGet(channel.Joined.Curve, out var curve))
        {
            throw new RelayException($"the relay named an unknown curve '{channel.Joined.Curve}'");
        }
        return await ClosingOnFailure(channel, async () =>
        {
            var state = await channel.WaitForAsync(s => s.X is not null, "the sender's key share", cancellationToken).ConfigureAwait(false);
            var pake = new Spake2(curve, isA: false, RelayKeys.IdentitySender, RelayKeys.IdentityRecipient, Spake2.PasswordScalar(curve, parsed.Password, parsed.Channel));
            var keys = new RelayKeys(Spake2.SharedKey(Finish(pake, state.X!, "sender")));
            await channel.PostAsync(new ChannelRequest(null, null, Y: Convert.ToHexStringLower(pake.Share), HhK: keys.RecipientConfirmation), cancellationToken).ConfigureAwait(false);
            try
            {
                state = await channel.WaitForAsync(s => s.HK is not null, "the sender's confirmation", cancellationToken).ConfigureAwait(false);
            }
            catch (RelayException e) when (e.Status == 404)
            {
                throw new RelayException("the sender closed the channel: the code is wrong (the keys did not match); nothing was written");
            }
            if (!RelayKeys.ConfirmationMatches(keys.SenderConfirmation, state.HK))
            {
                throw new RelayException("the sender's key does not match ours: the code is wrong; nothing was written");
            }

            await using var stream = await channel.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new FrameReader(stream, keys.SenderToRecipient);
            using var writer = new FrameWriter(stream, keys.RecipientToSender);
            var result = await FileReceiver.ReceiveAsync(reader, writer, outDirectory, overwrite, progress, cancellationToken).ConfigureAwait(false);
            await WaitForSenderCloseAsync(reader, cancellationToken).ConfigureAwait(false);
            await channel.CloseAsync().ConfigureAwait(false);
            return result;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the files' hashes, asking the relay for the channel's state meanwhile: the relay expires a
    /// channel that sees neither requests nor bytes for its idle time, and a large folder can take longer to hash.
    /// </summary>
    private async Task<SendPlan> KeepAliveUntilAsync(RelayChannelClient channel, Task<SendPlan> planning, CancellationToken cancellationToken)
    {
        while (!planning.IsCompleted)
        {
            await Task.WhenAny(planning, Task.Delay(settings.Config.PollMilliseconds, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!planning.IsCompleted)
            {
                await channel.PostAsync(new ChannelRequest(null, null), cancellationToken).ConfigureAwait(false);
            }
        }
        return await planning.ConfigureAwait(false);
    }

    private static byte[] Finish(Spake2 pake, string peerShareHex, string peer)
    {
        try
        {
            return pake.Finish(Convert.FromHexString(peerShareHex));
        }
        catch (Exception e) when (e is Spake2Exception or FormatException)
        {
            throw new RelayException($"the {peer} sent an invalid key share ({e.Message}); stopped");
        }
    }

    private async Task<long> SendFilesAsync(SendPlan plan, FrameWriter writer, FrameReader reader, ITransferProgress? progress, CancellationToken cancellationToken)
    {
        await writer.WriteControlAsync(ControlMessage.Offer(plan.Files), cancellationToken).ConfigureAwait(false);
        var answer = await reader.ReadControlAsync(cancellationToken).ConfigureAwait(false);
        if (answer.Type == "reject")
        {
            throw new RelayException($"the recipient refused the files: {answer.Reason}");
        }
        if (answer.Type != "accept" || answer.Offsets is not { } offsets || offsets.Count != plan.Entries.Count
            || offsets.Select((o, i) => o < 0 || o > plan.Entries[i].File.Size).Any(bad => bad))
        {
            throw new RelayException("the recipient answered the offer with something other than a valid accept");
        }
        progress?.Start(plan.TotalBytes, offsets.Sum());
        var buffer = new byte[settings.Config.ChunkBytes];
        long sent = 0;
        for (var i = 0; i < plan.Entries.Count; i++)
        {
            // Synchronous file I/O (here and in FileReceiver): on Linux "async" file I/O is a thread-pool hop per
            // call; with it and 256 KiB frames the relay benchmark moved about half as many bytes per second.
            await using var file = new FileStream(plan.Entries[i].FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
            file.Position = offsets[i];
            var remaining = plan.Entries[i].File.Size - offsets[i];
            while (remaining > 0)
            {
                var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new RelayException($"'{plan.Entries[i].FullPath}' shrank while it was being sent");
                }
                await writer.WriteAsync(FrameType.FileData, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
                sent += read;
                progress?.Advance(read);
            }
        }
        await writer.WriteControlAsync(ControlMessage.Done, cancellationToken).ConfigureAwait(false);
        var verdict = await reader.ReadControlAsync(cancellationToken).ConfigureAwait(false);
        progress?.Finish();
        return verdict.Type == "ok" ? sent : throw new RelayException($"the recipient reported an error: {verdict.Reason}");
    }

    private async Task WaitForSenderCloseAsync(FrameReader reader, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Config.CloseWaitMilliseconds);
        try
        {
            if (await reader.ReadAsync(timeout.Token).ConfigureAwait(false) is not null)
            {
                throw new RelayException("the sender sent more after the transfer ended");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The files are complete and verified; a sender that lingers only delays closing the channel.
            return;
        }
    }

    /// <summary>Runs a step of a peer after its join; when it fails, the channel is closed before the error goes up.</summary>
    private static async Task<T> ClosingOnFailure<T>(RelayChannelClient channel, Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RelayException or TransferException or IOException or OperationCanceledException or CryptographicException)
        {
            await CloseQuietlyAsync(channel).ConfigureAwait(false);
            if (e is TransferException or IOException)
            {
                throw new RelayException($"the transfer stopped: {e.Message}");
            }
            throw;
        }
    }

    private static async Task CloseQuietlyAsync(RelayChannelClient channel)
    {
        try
        {
            await channel.CloseAsync().ConfigureAwait(false);
        }
        catch (RelayException)
        {
            // The relay is unreachable or refused: the channel then expires on its own, and the original
            // error is the one the user needs to see.
            return;
        }
    }

    public void Dispose() => _http.Dispose();
}
