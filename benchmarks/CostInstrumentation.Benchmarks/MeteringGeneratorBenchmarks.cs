using System;
using System.Linq;
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

    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _ranDriver = null!;
    private int _edits;

    [GlobalSetup]
    public void Setup()
    {
        SyntaxTree[] trees = [.. Enumerable.Range(0, Files).Select(file => GeneratorInputs.UnrelatedFile(file, InvocationsPerFile)).Append(Metered())];
        _compilation = CSharpCompilation.Create("ThirtyThousand", trees, GeneratorInputs.References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _ranDriver = NewDriver().RunGenerators(_compilation);
        int sites = GeneratorInputs.InterceptedCalls(_ranDriver);
        if (sites != 20)
        {
            throw new InvalidOperationException($"Expected 20 intercepted calls, got {sites}.");
        }
    }

    [Benchmark]
    public GeneratorDriver ColdRun() => NewDriver().RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver RerunAfterUnrelatedEdit() => _ranDriver.RunGenerators(_compilation.AddSyntaxTrees(GeneratorInputs.UnrelatedEdit(_edits++)));

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new CostInstrumentationGenerator().AsSourceGenerator()], parseOptions: GeneratorInputs.ParseOptions);

    private static SyntaxTree Metered()
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

        return CSharpSyntaxTree.ParseText(source.Append(" } }").ToString(), GeneratorInputs.ParseOptions, path: "Metered.cs");
    }
}
