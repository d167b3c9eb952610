using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using CostInstrumentation.Generators;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Tests.Harness;

/// <summary>
/// Runs the SDK's own <c>csc</c> (what <c>dotnet build</c> runs) with the generator and pricing files on disk, for what
/// only the real compiler does: reading additional files from bytes, with its fallback for text that is not valid UTF-8.
/// </summary>
internal static class CommandLineCompiler
{
    /// <summary>Compiles a one-class library with <paramref name="pricingFiles"/> as pricing files; returns the compiler's output lines.</summary>
    public static IReadOnlyList<string> CompileWithPricing(string directory, params string[] pricingFiles)
    {
        string source = Path.Combine(directory, "Program.cs");
        File.WriteAllText(source, "public static class Program { public static int Answer() => 42; }");
        string config = Path.Combine(directory, "pricing.globalconfig");
        File.WriteAllLines(config, new[] { "is_global = true" }.Concat(pricingFiles.SelectMany(f => new[] { $"[{f}]", "build_metadata.AdditionalFiles.LlmPricing = true" })));

        IEnumerable<string> arguments = new[]
            {
                "/nologo", "/noconfig", "/nostdlib+", "/t:library", "/langversion:latest",
                "/out:" + Path.Combine(directory, "Program.dll"),
                "/analyzer:" + typeof(CostInstrumentationGenerator).Assembly.Location,
                "/analyzerconfig:" + config,
            }
            .Concat(pricingFiles.Select(f => "/additionalfile:" + f))
            .Concat(GeneratorHarness.References.OfType<PortableExecutableReference>().Select(r => "/r:" + r.FilePath))
            .Append(source);
        string responseFile = Path.Combine(directory, "csc.rsp");
        File.WriteAllLines(responseFile, arguments.Select(a => "\"" + a + "\""));

        ProcessStartInfo start = new(DotnetHost(), new[] { Csc(), "@" + responseFile })
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "csc did not finish in two minutes");
        Assert.True(errors.Result.Length == 0, "csc wrote to stderr: " + errors.Result);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The dotnet root is three levels above the shared runtime this process runs on.</summary>
    private static string DotnetRoot() => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static string DotnetHost() => Path.Combine(DotnetRoot(), OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");

    /// <summary>The compiler of the newest SDK installed next to this runtime.</summary>
    private static string Csc() =>
        Directory.GetDirectories(Path.Combine(DotnetRoot(), "sdk"))
            .Where(sdk => File.Exists(Path.Combine(sdk, "Roslyn", "bincore", "csc.dll")))
            .OrderBy(sdk => Version.TryParse(Path.GetFileName(sdk).Split('-')[0], out Version? version) ? version : new Version())
            .Select(sdk => Path.Combine(sdk, "Roslyn", "bincore", "csc.dll"))
            .Last();
}
