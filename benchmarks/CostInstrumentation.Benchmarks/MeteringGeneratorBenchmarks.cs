using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using CostInstrumentation.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// The generator on a project with 30,000 invocations of unrelated methods (300 files × 100) and 20 calls
/// of metered methods: a cold run, and a rerun after an unrelated edit (one more file) with a driver that
/// already ran — what the IDE does on every keystroke. Goal for the rerun: ≤ 50 ms.
/// </summary>
[MemoryDiagnoser]
public class MeteringGeneratorBenchmarks
{
    private const int Files = 300;
    private const int InvocationsPerFile = 100;

    private CSharpParseOptions _parseOptions = null!;
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _ranDriver = null!;
    private int _edits;

    [GlobalSetup]
    public void Setup()
    {
        _parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest)
            .WithFeatures([new("InterceptorsNamespaces", "CostInstrumentation.Generated")]);
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        MetadataReference[] references = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path)!.TrimEnd(Path.DirectorySeparatorChar) == runtimeDirectory.TrimEnd(Path.DirectorySeparatorChar)
                && (Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll"))
            .Append(typeof(LlmPricing).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];

        SyntaxTree[] trees = [.. Enumerable.Range(0, Files).Select(Unrelated).Append(Metered())];
        _compilation = CSharpCompilation.Create("ThirtyThousand", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _ranDriver = NewDriver().RunGenerators(_compilation);
        int sites = _ranDriver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("LlmMeteringInterceptors.g.cs", StringComparison.Ordinal))
            .ToString().Split("InterceptsLocation(").Length - 1;
        if (sites != 20)
        {
            throw new InvalidOperationException($"Expected 20 intercepted calls, got {sites}.");
        }
    }

    [Benchmark]
    public GeneratorDriver ColdRun() => NewDriver().RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver RerunAfterUnrelatedEdit() =>
        _ranDriver.RunGenerators(_compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            $"namespace Edits {{ public static class Edit{_edits++} {{ public static int F() => System.Math.Abs(-1); }} }}", _parseOptions, path: "Edit.cs")));

    private GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new CostInstrumentationGenerator().AsSourceGenerator()], parseOptions: _parseOptions);

    private SyntaxTree Unrelated(int file)
    {
        StringBuilder source = new($"namespace Unrelated{{ public static class File{file} {{ public static int Helper(int x) => x + 1; public static int Run() {{ int total = 0;");
        for (int i = 0; i < InvocationsPerFile; i++)
        {
            source.Append(i % 2 == 0 ? " total += Helper(total);" : " total += System.Math.Max(total, 1);");
        }

        return CSharpSyntaxTree.ParseText(source.Append(" return total; } } }").ToString(), _parseOptions, path: $"File{file}.cs");
    }

    private SyntaxTree Metered()
    {
        StringBuilder source = new("""
            using CostInstrumentation;
            namespace Metered;
            public sealed class Reply : ILlmUsageSource { public LlmUsage GetLlmUsage() => new(1, 1); }
            public sealed class Bot { [MeteredLlmCall("gpt-4o")] public Reply Ask(string prompt) => new(); }
            public static class Calls { public static void Run(Bot bot) {
            """);
        for (int i = 0; i < 20; i++)
        {
            source.Append(" bot.Ask(\"q\");");
        }

        return CSharpSyntaxTree.ParseText(source.Append(" } }").ToString(), _parseOptions, path: "Metered.cs");
    }
}
