using System.Diagnostics.CodeAnalysis;
using CostInstrumentation.Generators;
using CostInstrumentation.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Tests.Harness;

/// <summary>
/// Runs the package's analyzers with <see cref="CompilationWithAnalyzers"/> over C# sources, pricing and budget
/// files, and an .editorconfig applied the way the compiler applies it (an <see cref="AnalyzerConfigSet"/> gives
/// both the option keys and the <c>dotnet_diagnostic.*.severity</c> values).
/// </summary>
internal static class AnalyzerHarness
{
    public const string SourceDirectory = "/project/";

    public static ImmutableArray<DiagnosticAnalyzer> All { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
        new ModelNameAnalyzer(),
        new BudgetCoverageAnalyzer(),
        new BudgetDeclarationAnalyzer(),
        new PerCallCostAnalyzer(),
        new UnmeteredCallAnalyzer(),
        new UndeterminedModelAnalyzer(),
        new MeteredCallSiteAnalyzer());

    /// <summary>Analyzes <paramref name="sources"/> (paths <c>/project/Source{i}.cs</c>) and returns every analyzer diagnostic, sorted.</summary>
    public static IReadOnlyList<Reported> Run(
        string[] sources,
        IEnumerable<PricingInput>? pricing = null,
        string? editorConfig = null,
        IEnumerable<(string Path, string Text)>? budgetFiles = null,
        ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        CSharpCompilation compilation = CreateCompilation(sources, editorConfig, out AnalyzerConfigOptionsProvider options, pricing, budgetFiles, out ImmutableArray<AdditionalText> additional);
        CompilationWithAnalyzers withAnalyzers = compilation.WithAnalyzers(
            analyzers ?? All,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(additional, options), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        ImmutableArray<Diagnostic> diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        return diagnostics
            .Select(GeneratorHarness.ToReported)
            .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.StartLine).ThenBy(d => d.StartColumn).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    public static CSharpCompilation CreateCompilation(
        string[] sources,
        string? editorConfig,
        out AnalyzerConfigOptionsProvider options,
        IEnumerable<PricingInput>? pricing,
        IEnumerable<(string Path, string Text)>? budgetFiles,
        out ImmutableArray<AdditionalText> additional,
        OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        AnalyzerConfigSet config = AnalyzerConfigSet.Create(editorConfig is null
            ? ImmutableArray<AnalyzerConfig>.Empty
            : ImmutableArray.Create(AnalyzerConfig.Parse(editorConfig, SourceDirectory + ".editorconfig")));
        List<SyntaxTree> trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, Metering.MeteringHarness.ParseOptions, path: SourceDirectory + $"Source{i}.cs")).ToList();
        ConfiguredOptions configured = new(config);
        foreach (SyntaxTree tree in trees)
        {
            configured.AddTree(tree);
        }

        List<AdditionalText> texts = new();
        foreach (PricingInput file in pricing ?? Enumerable.Empty<PricingInput>())
        {
            configured.AddFile(file.Path, new Dictionary<string, string> { ["build_metadata.AdditionalFiles.LlmPricing"] = file.IsPricing ? "true" : "false", ["build_metadata.AdditionalFiles.LlmPricingDefault"] = file.IsDefault ? "true" : "false" });
            texts.Add(file.ToAdditionalText());
        }

        foreach ((string path, string text) in budgetFiles ?? Enumerable.Empty<(string, string)>())
        {
            configured.AddFile(path, new Dictionary<string, string> { ["build_metadata.AdditionalFiles.LlmBudgets"] = "true" });
            texts.Add(new InMemoryAdditionalText(path, text));
        }

        options = configured;
        additional = texts.ToImmutableArray();
        return CSharpCompilation.Create(
            "Consumer",
            trees,
            GeneratorHarness.References,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, deterministic: true)
                .WithSyntaxTreeOptionsProvider(configured.TreeOptions)
                .WithSpecificDiagnosticOptions(config.GlobalConfigOptions.TreeOptions));
    }

    /// <summary>Runs the generator (as the build does, before analyzers) over a compilation made by <see cref="CreateCompilation"/>, checked by <see cref="IncrementalChecks"/>.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Generate(CSharpCompilation compilation, ImmutableArray<AdditionalText> additional, AnalyzerConfigOptionsProvider options)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new CostInstrumentationGenerator().AsSourceGenerator() },
            additional,
            Metering.MeteringHarness.ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        IncrementalChecks.Verify(driver, compilation);
        return (output, diagnostics);
    }

    /// <summary>Option keys (case-insensitive, as the compiler reads them) per tree and per additional file, from the .editorconfig plus the build metadata given.</summary>
    private sealed class ConfiguredOptions : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigSet _config;
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptions> _trees = new();
        private readonly Dictionary<string, AnalyzerConfigOptions> _files = new(StringComparer.Ordinal);

        public ConfiguredOptions(AnalyzerConfigSet config)
        {
            _config = config;
            GlobalOptions = new TestAnalyzerConfigOptions(config.GlobalConfigOptions.AnalyzerOptions.ToDictionary(p => p.Key, p => p.Value, AnalyzerConfigOptions.KeyComparer));
            TreeOptions = new SeverityProvider();
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public SeverityProvider TreeOptions { get; }

        public void AddTree(SyntaxTree tree)
        {
            AnalyzerConfigOptionsResult result = _config.GetOptionsForSourcePath(tree.FilePath);
            _trees[tree] = new TestAnalyzerConfigOptions(result.AnalyzerOptions.ToDictionary(p => p.Key, p => p.Value, AnalyzerConfigOptions.KeyComparer));
            TreeOptions.Set(tree, result.TreeOptions);
        }

        public void AddFile(string path, Dictionary<string, string> metadata) => _files[path] = new TestAnalyzerConfigOptions(metadata);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) =>
            _trees.TryGetValue(tree, out AnalyzerConfigOptions? options) ? options : TestAnalyzerConfigOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            _files.TryGetValue(textFile.Path, out AnalyzerConfigOptions? options) ? options : TestAnalyzerConfigOptions.Empty;
    }

    /// <summary><c>dotnet_diagnostic.*.severity</c> per tree, as the compiler hands them to a compilation.</summary>
    private sealed class SeverityProvider : SyntaxTreeOptionsProvider
    {
        private readonly Dictionary<SyntaxTree, ImmutableDictionary<string, ReportDiagnostic>> _trees = new();

        public void Set(SyntaxTree tree, ImmutableDictionary<string, ReportDiagnostic> options) => _trees[tree] = options;

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return _trees.TryGetValue(tree, out ImmutableDictionary<string, ReportDiagnostic>? options) && options.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}
