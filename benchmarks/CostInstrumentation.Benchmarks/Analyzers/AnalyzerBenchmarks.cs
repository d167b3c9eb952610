using System;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using CostInstrumentation.Generators.Analyzers;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Benchmarks.Analyzers;

/// <summary>
/// All of the package's analyzers over 2,000 calls of 100 metered methods (20 files) with the full LiteLLM catalogue
/// as the pricing file. Each run analyses a fresh clone of the compilation, so binding is paid every time, as in a build;
/// <see cref="CompileOnly"/> is that binding alone. Goal: all analyzers in under 1 s.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    public const int Files = 20;
    public const int MethodsPerFile = 5;
    public const int CallsPerMethod = 20;

    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new ModelNameAnalyzer(), new BudgetCoverageAnalyzer(), new BudgetDeclarationAnalyzer(),
        new PerCallCostAnalyzer(), new UnmeteredCallAnalyzer(), new UndeterminedModelAnalyzer(), new MeteredCallSiteAnalyzer());

    private CSharpCompilation _compilation = null!;
    private string _catalogue = null!;
    private AnalyzerOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalogue = Catalogue.ReadText();
        string[] models = Catalogue.Merge(_catalogue).Entries.Where(e => e.Mode is "" or "chat").Select(e => e.Model).ToArray();
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        MetadataReference[] references = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path)!.TrimEnd(Path.DirectorySeparatorChar) == runtimeDirectory
                && (Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll"))
            .Append(typeof(LlmPricing).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
        CSharpParseOptions parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        SyntaxTree[] trees = [.. Enumerable.Range(0, Files).Select(file => CSharpSyntaxTree.ParseText(Source(file, models), parseOptions, path: $"/bench/Calls{file}.cs"))];
        _compilation = CSharpCompilation.Create("Analyzed", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _options = Options(SourceText.From(_catalogue));

        ImmutableArray<Diagnostic> diagnostics = AllAnalyzers();
        int unknown = diagnostics.Count(d => d.Id == "LLMC101");
        if (unknown != Files * CallsPerMethod || !diagnostics.Any(d => d.Id == "LLMC201"))
        {
            throw new InvalidOperationException($"The analyzers did not run as expected: {unknown} LLMC101, ids {string.Join(",", diagnostics.Select(d => d.Id).Distinct())}.");
        }
    }

    /// <summary>Binding the same code without analyzers (the compiler's own share).</summary>
    [Benchmark(Baseline = true)]
    public ImmutableArray<Diagnostic> CompileOnly() => _compilation.Clone().GetDiagnostics();

    /// <summary>All analyzers; the catalogue is already parsed (its SourceText is cached), as in the IDE after the first run.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> AllAnalyzers() => Analyze(_options);

    /// <summary>All analyzers including parsing the 1.5 MB catalogue (a new SourceText): a build's single run.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> AllAnalyzersParsingTheCatalogue() => Analyze(Options(SourceText.From(_catalogue)));

    private ImmutableArray<Diagnostic> Analyze(AnalyzerOptions options) =>
        _compilation.Clone().WithAnalyzers(s_analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

    private static AnalyzerOptions Options(SourceText catalogue)
    {
        AdditionalText file = new Text("/bench/pricing/litellm.json", catalogue);
        return new AnalyzerOptions(ImmutableArray.Create(file), new PricingOptions(file.Path));
    }

    /// <summary>
    /// Per file: a cheap model, an expensive one without a budget, one with a per-call budget, a misspelt one (each
    /// call passes it as a constant [LlmModel] argument), and a method group use; 20 calls of each.
    /// </summary>
    private static string Source(int file, string[] models)
    {
        StringBuilder source = new($"using CostInstrumentation;\nnamespace Bench{file};\npublic sealed class Reply : ILlmUsageSource {{ public LlmUsage GetLlmUsage() => new(1, 1); }}\npublic sealed class Client{file}\n{{\n");
        for (int m = 0; m < MethodsPerFile; m++)
        {
            string model = models[((file * MethodsPerFile) + m) * 7 % models.Length];
            source.Append(m switch
            {
                0 => $"    [MeteredLlmCall(\"{model}\")] public Reply M0(string prompt) => new();\n",
                1 => "    [MeteredLlmCall(\"gpt-4o\")] public Reply M1(string prompt) => new();\n",
                2 => "    [MeteredLlmCall(\"gpt-4o\")] [LlmBudget(PerCallUsd = 0.01)] public Reply M2(string prompt, int maxTokens) => new();\n",
                3 => "    [MeteredLlmCall] public Reply M3([LlmModel] string model, string prompt) => new();\n",
                _ => $"    [MeteredLlmCall(\"{model}\")] public Reply M4(string prompt) => new();\n",
            });
        }

        source.Append("    public void Run()\n    {\n");
        for (int call = 0; call < CallsPerMethod; call++)
        {
            source.Append($"        M0(\"a\"); M1(\"b\"); M2(\"c\", {call * 100}); M3(\"gpt-4o-mnii\", \"d\"); M4(\"e\");\n");
        }

        return source.Append("        System.Func<string, Reply> group = M4;\n    }\n}\n").ToString();
    }

    private sealed class Text(string path, SourceText text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => text;
    }

    private sealed class PricingOptions(string pricingPath) : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions s_none = new Values(null);
        private static readonly AnalyzerConfigOptions s_pricing = new Values("true");

        public override AnalyzerConfigOptions GlobalOptions => s_none;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_none;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == pricingPath ? s_pricing : s_none;

        private sealed class Values(string? pricing) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = key == "build_metadata.AdditionalFiles.LlmPricing" ? pricing : null;
                return value is not null;
            }
        }
    }
}
