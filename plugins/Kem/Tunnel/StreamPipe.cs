using System.IO.Pipelines;

namespace Modular.Plugins.Kem.Tunnel;

/// <summary>A stream seen as a duplex pipe, so the client side of a tunnel runs the same relay as Kestrel's side.</summary>
public sealed class StreamPipe(Stream stream) : IDuplexPipe
{
    // Large buffers so that a flush of many small packets is one write, and a read takes many packets.
    private const int BufferSize = 256 * 1024;

    public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: BufferSize / 4));

    public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: BufferSize));
}
