namespace Modular.Plugins.Htx.Server;

/// <summary>What <see cref="CarrierExtractor"/> took out of a request.</summary>
public sealed record CarrierScan(IReadOnlyList<FoundCarrier> Carriers, bool FormTooLarge);
