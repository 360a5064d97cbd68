using System.IO.Pipelines;

namespace Modular.Plugins.Kem.Tunnel;

/// <summary>A stream seen as a duplex pipe, so the client side of a tunnel runs the same relay as Kestrel's side.</summary>
public sealed class StreamPipe(Stream stream) : IDuplexPipe
{
    public PipeReader Input { get; } = PipeReader.Create(stream);

    public PipeWriter Output { get; } = PipeWriter.Create(stream);
}
