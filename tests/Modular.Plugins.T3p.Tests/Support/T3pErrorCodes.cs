namespace Modular.Plugins.T3p.Tests.Support;

/// <summary>The documented t3p error codes, written out again so a change to them fails a test.</summary>
public static class T3pErrorCodes
{
    public const int AuthFailed = -32010;
    public const int NotAuthenticated = -32011;
    public const int UnknownDomain = -32012;
    public const int InvalidTicket = -32013;
    public const int Forbidden = -32014;
    public const int RenewRefused = -32015;
}
