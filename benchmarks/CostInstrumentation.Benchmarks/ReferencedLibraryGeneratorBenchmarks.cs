using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using BenchmarkDotNet.Attributes;
using CostInstrumentation.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// The generator's rerun after an unrelated edit, in a project that references a real library: 800 types (6,400
/// methods) compiled from source to a metadata reference, 32 of them with a <c>[MeteredLlmCall]</c> method the
/// project calls. Set <c>LLM_BENCHMARK_BASELINE_GENERATOR</c> to another build of CostInstrumentation.Generators.dll
/// (docs/performance.md §11) to measure it too, as <c>Generator=baseline</c>; <c>-- generator-rerun</c> runs both
/// in turn in one process, so that a shared machine's changing load falls on both alike.
/// </summary>
[MemoryDiagnoser]
public class ReferencedLibraryGeneratorBenchmarks
{
    public const string InterleavedCommand = "generator-rerun";
    private const string BaselineVariable = "LLM_BENCHMARK_BASELINE_GENERATOR";

    private const int LibraryTypes = 800;
    private const int MethodsPerType = 8;
    private const int MeteredEvery = 25;
    private const int ConsumerFiles = 50;

    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _ranDriver = null!;
    private int _edits;

    [ParamsSource(nameof(Generators))]
    public string Generator { get; set; } = "current";

    public static IEnumerable<string> Generators() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(BaselineVariable)) ? ["current"] : ["baseline", "current"];

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CreateCompilation();
        _ranDriver = FirstRun(Generator, _compilation);
    }

    [Benchmark]
    public GeneratorDriver RerunAfterUnrelatedEdit() => _ranDriver.RunGenerators(_compilation.AddSyntaxTrees(GeneratorInputs.UnrelatedEdit(_edits++)));

    /// <summary><c>-- generator-rerun [reruns]</c>: the baseline and the current generator rerun in turn; prints the median, quartile and minimum of each.</summary>
    public static int RunInterleaved(string[] args)
    {
        if (Generators().Count() < 2)
        {
            Console.Error.WriteLine($"Set {BaselineVariable} to the baseline build of CostInstrumentation.Generators.dll.");
            return 1;
        }

        int reruns = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
        CSharpCompilation compilation = CreateCompilation();
        (string Name, GeneratorDriver Driver, List<double> Times)[] generators = [.. Generators().Select(name => (name, FirstRun(name, compilation), new List<double>()))];
        for (int rerun = -5; rerun < reruns; rerun++)
        {
            foreach ((string _, GeneratorDriver driver, List<double> times) in generators)
            {
                CSharpCompilation edited = compilation.AddSyntaxTrees(GeneratorInputs.UnrelatedEdit(rerun + 5));
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                driver.RunGenerators(edited);
                if (rerun >= 0)
                {
                    times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        foreach ((string name, GeneratorDriver _, List<double> times) in generators)
        {
            times.Sort();
            Console.WriteLine($"{name}: median {times[times.Count / 2]:F1} ms, first quartile {times[times.Count / 4]:F1} ms, min {times[0]:F1} ms ({reruns} reruns)");
        }

        return 0;
    }

    private static CSharpCompilation CreateCompilation()
    {
        MetadataReference[] framework = GeneratorInputs.References();
        SyntaxTree[] trees = [.. Enumerable.Range(0, ConsumerFiles).Select(file => GeneratorInputs.UnrelatedFile(file, 100)).Append(Calls())];
        return CSharpCompilation.Create("Consumer", trees, [.. framework, CompileLibrary(framework)], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    /// <summary>A driver of <paramref name="generator"/> that has run once, checked to intercept every call of the library.</summary>
    private static GeneratorDriver FirstRun(string generator, CSharpCompilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([Load(generator).AsSourceGenerator()], parseOptions: GeneratorInputs.ParseOptions).RunGenerators(compilation);
        int sites = GeneratorInputs.InterceptedCalls(driver);
        if (sites != LibraryTypes / MeteredEvery)
        {
            throw new InvalidOperationException($"{generator}: expected {LibraryTypes / MeteredEvery} intercepted calls of the library's metered methods, got {sites}.");
        }

        return driver;
    }

    private static IIncrementalGenerator Load(string generator)
    {
        if (generator == "current")
        {
            return new CostInstrumentationGenerator();
        }

        // Its own load context, so both builds of the same assembly name coexist; Roslyn itself comes from the default context.
        string path = Path.GetFullPath(Environment.GetEnvironmentVariable(BaselineVariable)!);
        Type type = new AssemblyLoadContext("baseline-generator").LoadFromAssemblyPath(path)
            .GetType(typeof(CostInstrumentationGenerator).FullName!, throwOnError: true)!;
        return (IIncrementalGenerator)Activator.CreateInstance(type)!;
    }

    private static MetadataReference CompileLibrary(IEnumerable<MetadataReference> references)
    {
        StringBuilder source = new("""
            using CostInstrumentation;
            namespace Vendor { public sealed class Reply : ILlmUsageSource { public LlmUsage GetLlmUsage() => new(1, 1); } }
            """);
        for (int type = 0; type < LibraryTypes; type++)
        {
            source.Append($"namespace Vendor.Area{type / 50} {{ public sealed class Client{type} {{ public string Name {{ get; set; }} = \"\";");
            for (int method = 0; method < MethodsPerType; method++)
            {
                source.Append($" public int Op{method}(int x) => x + {method};");
            }

            if (type % MeteredEvery == 0)
            {
                source.Append($" [MeteredLlmCall(\"gpt-4o\")] public Vendor.Reply Ask{type}(string prompt) => new();");
            }

            source.Append(" } }\n");
        }

        CSharpCompilation library = CSharpCompilation.Create(
            "Vendor", [CSharpSyntaxTree.ParseText(source.ToString(), GeneratorInputs.ParseOptions)], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using MemoryStream image = new();
        Microsoft.CodeAnalysis.Emit.EmitResult result = library.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("The library does not compile:\n" + string.Join("\n", result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static SyntaxTree Calls()
    {
        StringBuilder source = new("namespace App { public static class Calls { public static void Run() {");
        for (int type = 0; type < LibraryTypes; type += MeteredEvery)
        {
            source.Append($" new Vendor.Area{type / 50}.Client{type}().Ask{type}(\"q\");");
        }

        return CSharpSyntaxTree.ParseText(source.Append(" } } }").ToString(), GeneratorInputs.ParseOptions, path: "Calls.cs");
    }
}
