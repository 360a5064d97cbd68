namespace Modular.Plugins.Relay.Transfer;

/// <summary>Byte 0 of a frame's plaintext.</summary>
public enum FrameType : byte
{
    /// <summary>A UTF-8 JSON <see cref="ControlMessage"/>.</summary>
    Control = 0x01,

    /// <summary>Bytes of the file being sent.</summary>
    FileData = 0x02,
}
