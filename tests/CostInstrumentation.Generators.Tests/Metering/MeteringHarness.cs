using System.Reflection;
using System.Runtime.Loader;
using CostInstrumentation.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CostInstrumentation.Generators.Tests.Metering;

/// <summary>Runs the generator on C# sources with interceptors enabled, as the package's props enable them.</summary>
internal static class MeteringHarness
{
    public static readonly CSharpParseOptions ParseOptions = GeneratorHarness.ParseOptions
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", "CostInstrumentation.Generated")]);

    /// <summary>A pricing file for the metering tests: rates easy to compute by hand.</summary>
    public const string Pricing = """
        {
          "as_of": "2026-11-01",
          "providers": {
            "acme": {
              "acme-large": { "input": 2, "output": 8, "cache_read": 0.5, "aliases": ["acme-large-2026-01-01"] },
              "acme-small": { "input": 0.1, "output": 0.4 }
            }
          }
        }
        """;

    public const string PricingPath = "/project/pricing/acme.json";

    public static CSharpCompilation Compilation(params string[] sources) => Compilation(sources, []);

    /// <summary>A consumer of <paramref name="sources"/> that also references <paramref name="libraries"/>.</summary>
    public static CSharpCompilation Compilation(string[] sources, MetadataReference[] libraries) =>
        CSharpCompilation.Create(
            "MeteredConsumer" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/project/Source{i}.cs")),
            GeneratorHarness.References.AddRange(libraries),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

    public static GeneratorDriver Driver() => Driver(out _);

    /// <summary>A driver with <see cref="Pricing"/> as its pricing file, handed back to replace it later.</summary>
    public static GeneratorDriver Driver(out AdditionalText pricing)
    {
        pricing = new InMemoryAdditionalText(PricingPath, Pricing);
        return CSharpGeneratorDriver.Create(
            [new CostInstrumentationGenerator().AsSourceGenerator()],
            [pricing],
            ParseOptions,
            PricingOptionsFor(PricingPath),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static GeneratorRun Run(params string[] sources) => GeneratorHarness.Run(Driver(), Compilation(sources));

    /// <summary>Emits the output, loads it (dependencies resolve to this process's CostInstrumentation) and returns it.</summary>
    public static Assembly Load(GeneratorRun run)
    {
        Assert.Empty(run.CompilationDiagnostics);
        using MemoryStream image = new();
        var result = run.OutputCompilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("metered-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(image);
    }

    private static TestOptionsProvider PricingOptionsFor(string path)
    {
        TestOptionsProvider options = new(new Dictionary<string, string> { ["build_property.projectdir"] = "/project/" });
        options.SetFile(new PricingInput(path, Pricing));
        return options;
    }
}
