using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace CostInstrumentation.EndToEnd.Tests.Harness;

/// <summary>
/// A project of this repository packed into a folder feed under a unique prerelease version, and a nuget.config beside
/// it that restores from that feed first: how the packaging tests install what a user would.
/// </summary>
internal sealed record LocalFeed(string Folder, string Version, string ConfigFile)
{
    /// <summary>Packs <paramref name="project"/> (relative to the repository root) from its built output into <c><paramref name="root"/>/feed</c>; <paramref name="moreSources"/> are added after the feed.</summary>
    public static async Task<LocalFeed> PackAsync(string root, string project, string versionLabel, params string[] moreSources)
    {
        LocalFeed feed = Create(root, versionLabel, moreSources);
        await DotnetProcess.RunAsync(DotnetProcess.RepoRoot, $"pack {project} --disable-build-servers -c {DotnetProcess.Configuration} --no-build -o \"{feed.Folder}\" -p:PackageVersion={feed.Version}", TimeSpan.FromMinutes(5));
        return feed;
    }

    /// <summary>
    /// Packs a tool with runtime-specific packages as its publisher does: the pointer package, then one package per
    /// identifier in <paramref name="runtimeIdentifiers"/>. Each is a build of its own (a native one compiles ahead of
    /// time), in an artifacts folder under <paramref name="root"/>, so the repository's own build output is not touched.
    /// </summary>
    public static async Task<LocalFeed> PackToolAsync(string root, string project, string versionLabel, params string[] runtimeIdentifiers)
    {
        LocalFeed feed = Create(root, versionLabel, []);
        string artifacts = Path.Combine(root, "artifacts");
        foreach (string runtime in runtimeIdentifiers.Select(rid => $"-r {rid}").Prepend(""))
        {
            await DotnetProcess.RunAsync(DotnetProcess.RepoRoot, $"pack {project} {runtime} --disable-build-servers -c {DotnetProcess.Configuration} --artifacts-path \"{artifacts}\" -o \"{feed.Folder}\" -p:PackageVersion={feed.Version}", TimeSpan.FromMinutes(15));
        }

        return feed;
    }

    private static LocalFeed Create(string root, string versionLabel, string[] moreSources)
    {
        string folder = Directory.CreateDirectory(Path.Combine(root, "feed")).FullName;
        string version = $"0.1.0-{versionLabel}." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
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
