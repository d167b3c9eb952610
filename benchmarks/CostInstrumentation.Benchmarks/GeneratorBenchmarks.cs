using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using BenchmarkDotNet.Attributes;
using CostInstrumentation.Generators.Pricing.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// The package's generator (the one <c>[Generator]</c> class of CostInstrumentation.Generators, found by
/// reflection so the benchmark survives its renames; today it also carries the metering pipeline) through <see cref="CSharpGeneratorDriver"/> on a small consumer
/// compilation with the full LiteLLM file as an AdditionalText marked <c>LlmPricing="true"</c>:
/// a cold run (new driver, new compilation — a command-line build) and a rerun after an unrelated
/// edit (a driver that already ran, one more syntax tree — the IDE and an incremental build); and the
/// whole compile (generator, parse, bind, emit with PDB) with and without the catalogue, in process.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const string ProgramSource = """
        using System;
        using CostInstrumentation;

        internal static class Program
        {
            private static void Main()
            {
                if (LlmPricing.TryGetPrice("gpt-4o", out ModelPrice? price))
                {
                    Console.WriteLine(price);
                }
            }
        }
        """;

    private CSharpParseOptions _parseOptions = null!;
    private CSharpCompilationOptions _compilationOptions = null!;
    private SyntaxTree[] _trees = null!;
    private MetadataReference[] _references = null!;
    private string _pricingPath = null!;
    private string _pricingText = null!;
    private PricingOptionsProvider _options = null!;
    private GeneratorDriver _ranDriver = null!;
    private CSharpCompilation _ranCompilation = null!;
    private int _edits;

    /// <summary>The generator class of CostInstrumentation.Generators.</summary>
    private static readonly Type s_generatorType = typeof(PriceTableEmitter).Assembly.GetTypes()
        .Single(t => t.GetCustomAttribute<GeneratorAttribute>() is not null && typeof(IIncrementalGenerator).IsAssignableFrom(t));

    [GlobalSetup]
    public void Setup()
    {
        _parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        _compilationOptions = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release);
        _trees = [CSharpSyntaxTree.ParseText(SourceText.From(ProgramSource, System.Text.Encoding.UTF8), _parseOptions, path: "Program.cs")];

        // What a consumer compiles against: the framework and the CostInstrumentation runtime.
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        _references = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => (Path.GetDirectoryName(path) ?? string.Empty).TrimEnd(Path.DirectorySeparatorChar) == runtimeDirectory.TrimEnd(Path.DirectorySeparatorChar)
                && (Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(PriceTable).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];

        _pricingPath = Catalogue.FilePath;
        _pricingText = Catalogue.ReadText();
        _options = new PricingOptionsProvider();

        // The driver the rerun starts from: it has parsed the catalogue and emitted the table once.
        _ranCompilation = NewCompilation();
        _ranDriver = NewDriver(NewPricingText()).RunGenerators(_ranCompilation);
        GeneratorDriverRunResult result = _ranDriver.GetRunResult();
        Diagnostic[] errors = [.. result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)];
        if (result.GeneratedTrees.Length != 1 || errors.Length > 0)
        {
            throw new InvalidOperationException($"Expected one generated table and no errors; got {result.GeneratedTrees.Length} trees and {string.Join("; ", errors.Select(e => e.ToString()))}.");
        }

        Console.WriteLine($"// {s_generatorType.FullName}: generated {result.GeneratedTrees[0].FilePath}: {result.GeneratedTrees[0].GetText().Length:N0} chars; {result.Diagnostics.Length} diagnostics.");
    }

    /// <summary>A command-line build: a new driver over a new compilation and a freshly read pricing file.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver ColdRun() => NewDriver(NewPricingText()).RunGenerators(NewCompilation());

    /// <summary>An unrelated edit: the driver that already ran, over the same compilation plus one new syntax tree.</summary>
    [Benchmark]
    public GeneratorDriver RerunAfterUnrelatedEdit()
    {
        int edit = Interlocked.Increment(ref _edits);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(SourceText.From($"internal static class Edit{edit} {{ internal const int Value = {edit}; }}", System.Text.Encoding.UTF8), _parseOptions, path: $"Edit{edit}.cs");
        return _ranDriver.RunGenerators(_ranCompilation.AddSyntaxTrees(tree));
    }

    /// <summary>The whole consumer compile in process, no pricing file: generator run, then emit with a PDB.</summary>
    [Benchmark]
    public long CompileWithoutCatalog() => Compile([]);

    /// <summary>The whole consumer compile in process with the catalogue: generator, then parse, bind and emit the table.</summary>
    [Benchmark]
    public long CompileWithCatalog() => Compile(NewPricingText());

    private long Compile(ImmutableArray<AdditionalText> additionalTexts)
    {
        NewDriver(additionalTexts).RunGeneratorsAndUpdateCompilation(NewCompilation(), out Compilation compilation, out _);
        using MemoryStream pe = new();
        using MemoryStream pdb = new();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(pe, pdb, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return pe.Length + pdb.Length;
    }

    private CSharpCompilation NewCompilation() => CSharpCompilation.Create("Consumer", _trees, _references, _compilationOptions);

    private ImmutableArray<AdditionalText> NewPricingText() => [new InMemoryAdditionalText(_pricingPath, _pricingText)];

    private GeneratorDriver NewDriver(ImmutableArray<AdditionalText> additionalTexts) =>
        CSharpGeneratorDriver.Create(
            [((IIncrementalGenerator)Activator.CreateInstance(s_generatorType)!).AsSourceGenerator()],
            additionalTexts,
            _parseOptions,
            _options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private SourceText? _sourceText;

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) =>
            _sourceText ??= SourceText.From(text);
    }

    /// <summary>Marks every additional text <c>LlmPricing="true"</c>, as the build's CompilerVisibleItemMetadata does.</summary>
    private sealed class PricingOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions s_none = new(ImmutableDictionary<string, string>.Empty);
        private static readonly DictionaryOptions s_pricing = new(ImmutableDictionary<string, string>.Empty.Add("build_metadata.AdditionalFiles.LlmPricing", "true"));

        public override AnalyzerConfigOptions GlobalOptions => s_none;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_none;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_pricing;
    }

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            if (values.TryGetValue(key, out string? found))
            {
                value = found;
                return true;
            }

            value = string.Empty;
            return false;
        }
    }
}
