using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace CostInstrumentation.EndToEnd.Tests.Harness;

/// <summary>
/// A project of this repository packed (from its built output) into a folder feed under a unique prerelease version,
/// and a nuget.config beside it that restores from that feed first: how the packaging tests install what a user would.
/// </summary>
internal sealed record LocalFeed(string Folder, string Version, string ConfigFile)
{
    /// <summary>Packs <paramref name="project"/> (relative to the repository root) into <c><paramref name="root"/>/feed</c>; <paramref name="moreSources"/> are added after the feed.</summary>
    public static async Task<LocalFeed> PackAsync(string root, string project, string versionLabel, params string[] moreSources)
    {
        string folder = Path.Combine(root, "feed");
        string version = $"0.1.0-{versionLabel}." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        await DotnetProcess.RunAsync(DotnetProcess.RepoRoot, $"pack {project} --disable-build-servers -c {DotnetProcess.Configuration} --no-build -o \"{folder}\" -p:PackageVersion={version}", TimeSpan.FromMinutes(5));
        string config = Path.Combine(root, "nuget.config");
        File.WriteAllText(config, $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{folder}" />
            {string.Concat(moreSources.Select((url, i) => $"    <add key=\"source{i}\" value=\"{url}\" />\n"))}  </packageSources>
            </configuration>
            """);
        return new LocalFeed(folder, version, config);
    }
}
