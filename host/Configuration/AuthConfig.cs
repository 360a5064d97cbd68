namespace Modular.Host.Configuration;

/// <summary><c>auth</c>: who else the host trusts to authenticate users.</summary>
public sealed class AuthConfig
{
    /// <summary>Accept T3P tickets through <c>host.auth</c>; off when null.</summary>
    public T3pAuthConfig? T3p { get; init; }
}
