using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Modular.Testing;

namespace Modular.Bench;

/// <summary>
/// Debug and Release builds write the same <c>artifacts/plugins/</c> folders, so after a <c>dotnet test</c> a
/// benchmark could measure Debug plugins without anyone noticing. This finds the plugin assemblies built
/// without optimizations, reading their metadata only (nothing is loaded).
/// </summary>
internal static class DebugBuildCheck
{
    /// <summary>The plugin assemblies under <c>artifacts/plugins/</c> that the compiler did not optimize.</summary>
    public static IReadOnlyList<string> UnoptimizedPlugins() =>
        Directory.Exists(RepoPaths.Plugins)
            ? Directory.EnumerateFiles(RepoPaths.Plugins, "Modular.Plugins.*.dll", SearchOption.AllDirectories).Where(IsUnoptimized).ToList()
            : [];

    private static bool IsUnoptimized(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }
            var constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference
                || metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent).Name) != nameof(DebuggableAttribute))
            {
                continue;
            }
            // DebuggableAttribute(DebuggingModes): a blob of prolog (2 bytes) then the modes as an int32.
            var value = metadata.GetBlobReader(attribute.Value);
            if (value.Length >= 6 && value.ReadUInt16() == 1)
            {
                var modes = (DebuggableAttribute.DebuggingModes)value.ReadInt32();
                return modes.HasFlag(DebuggableAttribute.DebuggingModes.DisableOptimizations);
            }
        }
        return false;
    }
}
