namespace Modular.Plugins.Relay.Transfer;

/// <summary>
/// A control frame: <c>offer</c> (files), <c>accept</c> (offsets), <c>reject</c> (reason), <c>done</c>,
/// <c>ok</c>, <c>error</c> (reason).
/// </summary>
public sealed record ControlMessage(string Type, IReadOnlyList<OfferedFile>? Files = null, IReadOnlyList<long>? Offsets = null, string? Reason = null)
{
    public static ControlMessage Offer(IReadOnlyList<OfferedFile> files) => new("offer", Files: files);

    public static ControlMessage Accept(IReadOnlyList<long> offsets) => new("accept", Offsets: offsets);

    public static ControlMessage Reject(string reason) => new("reject", Reason: reason);

    public static ControlMessage Done { get; } = new("done");

    public static ControlMessage Ok { get; } = new("ok");

    public static ControlMessage Error(string reason) => new("error", Reason: reason);
}
