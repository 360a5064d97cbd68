namespace Modular.Plugins.Htx.Protocol;

public enum TicketPayloadStatus
{
    Ok,
    WrongVersion,
    Truncated,
}
