using System.Net;

namespace Modular.Host.Transport;

/// <summary>
/// The address of a plugin's raw TCP listener. It is an <see cref="IPEndPoint"/> in every way; its type
/// is what tells <see cref="RawTcpTransportFactory"/> that Kestrel is binding a plugin byte stream.
/// </summary>
internal sealed class RawTcpEndPoint(IPAddress address, int port) : IPEndPoint(address, port);
