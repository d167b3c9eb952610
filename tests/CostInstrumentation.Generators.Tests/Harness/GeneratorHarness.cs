using System.Diagnostics.CodeAnalysis;
using CostInstrumentation.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Tests.Harness;

/// <summary>An additional file held in memory.</summary>
internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, SourceText text)
    {
        Path = path;
        _text = text;
    }

    public InMemoryAdditionalText(string path, string text)
        : this(path, SourceText.From(text, Encoding.UTF8))
    {
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>A pricing file handed to the generator.</summary>
/// <param name="Path">In-memory path of the additional file.</param>
/// <param name="Text">The file's text.</param>
/// <param name="IsDefault">True to mark the file <c>LlmPricingDefault</c>.</param>
/// <param name="IsPricing">False to give the file without <c>LlmPricing=true</c> (not a pricing file).</param>
internal sealed record PricingInput(string Path, SourceText Text, bool IsDefault = false, bool IsPricing = true)
{
    public PricingInput(string path, string text, bool isDefault = false, bool isPricing = true)
        : this(path, SourceText.From(text, Encoding.UTF8), isDefault, isPricing)
    {
    }

    public static PricingInput FromBytes(string path, byte[] bytes, bool isDefault = false) =>
        new(path, SourceText.From(bytes, bytes.Length, Encoding.UTF8, canBeEmbedded: false), isDefault);

    public AdditionalText ToAdditionalText() => new InMemoryAdditionalText(Path, Text);
}

/// <summary>A diagnostic the generator reported, as plain values (0-based lines and columns).</summary>
internal sealed record Reported(
    string Id,
    DiagnosticSeverity Severity,
    string Path,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn,
    string Message)
{
    public override string ToString() =>
        $"{Id} {Severity} {System.IO.Path.GetFileName(Path)}({StartLine},{StartColumn})-({EndLine},{EndColumn}): {Message}";
}

internal sealed class TestAnalyzerConfigOptions : AnalyzerConfigOptions
{
    public static readonly TestAnalyzerConfigOptions Empty = new(new Dictionary<string, string>());

    private readonly Dictionary<string, string> _values;

    public TestAnalyzerConfigOptions(Dictionary<string, string> values) => _values = values;

    public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);

    public override IEnumerable<string> Keys => _values.Keys;
}

/// <summary>Per-file metadata keyed by path, plus global options.</summary>
internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, AnalyzerConfigOptions> _files = new(StringComparer.Ordinal);

    public TestOptionsProvider(IReadOnlyDictionary<string, string>? globalOptions)
    {
        GlobalOptions = new TestAnalyzerConfigOptions(globalOptions?.ToDictionary(p => p.Key, p => p.Value) ?? new Dictionary<string, string>());
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public void SetFile(PricingInput input)
    {
        Dictionary<string, string> values = new(StringComparer.Ordinal);
        if (input.IsPricing)
        {
            values["build_metadata.AdditionalFiles.LlmPricing"] = "true";
        }

        if (input.IsDefault)
        {
            values["build_metadata.AdditionalFiles.LlmPricingDefault"] = "true";
        }

        _files[input.Path] = new TestAnalyzerConfigOptions(values);
    }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestAnalyzerConfigOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _files.TryGetValue(textFile.Path, out AnalyzerConfigOptions? options) ? options : TestAnalyzerConfigOptions.Empty;
}

/// <summary>The outcome of one generator run.</summary>
internal sealed class GeneratorRun
{
    public required GeneratorDriver Driver { get; init; }

    public required CSharpCompilation InputCompilation { get; init; }

    public required Compilation OutputCompilation { get; init; }

    public required GeneratorRunResult Result { get; init; }

    /// <summary>Generated sources by hint name.</summary>
    public required IReadOnlyDictionary<string, string> Sources { get; init; }

    /// <summary>What the generator reported (pricing diagnostics, or CS8784/CS8785 when it failed).</summary>
    public required IReadOnlyList<Reported> Diagnostics { get; init; }

    /// <summary>Warnings and errors of emitting the compilation with the generated code added.</summary>
    public required IReadOnlyList<Diagnostic> CompilationDiagnostics { get; init; }

    public string? PriceTableSource => Sources.TryGetValue("LlmPriceTable.g.cs", out string? text) ? text : null;

    public IEnumerable<Reported> WithId(string id) => Diagnostics.Where(d => d.Id == id);

    /// <summary>The values a tracked step produced in this run, with why (empty when the step did not run).</summary>
    public List<(object Value, IncrementalStepRunReason Reason)> StepOutputs(string stepName) =>
        Result.TrackedSteps.TryGetValue(stepName, out ImmutableArray<IncrementalGeneratorRunStep> steps)
            ? steps.SelectMany(s => s.Outputs).ToList()
            : [];

    /// <summary>Fails unless the generator ran without throwing and the output compiles without warnings.</summary>
    public GeneratorRun AssertHealthy()
    {
        Assert.True(Result.Exception is null, "The generator threw: " + Result.Exception);
        Assert.DoesNotContain(Diagnostics, d => d.Id is "CS8784" or "CS8785");
        Assert.True(CompilationDiagnostics.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", CompilationDiagnostics));
        return this;
    }

    /// <summary>Fails unless the generator reported nothing at all.</summary>
    public GeneratorRun AssertNoDiagnostics()
    {
        Assert.True(Diagnostics.Count == 0, "Unexpected diagnostics:\n" + string.Join("\n", Diagnostics));
        return this;
    }

    /// <summary>Runs the driver again on a new compilation (or the same one), with the same checks as every run.</summary>
    public GeneratorRun Rerun(CSharpCompilation? compilation = null, GeneratorDriver? driver = null) =>
        GeneratorHarness.Run(driver ?? Driver, compilation ?? InputCompilation);
}

/// <summary>
/// Runs <see cref="CostInstrumentationGenerator"/> on in-memory pricing files and sources; every run is also checked
/// by <see cref="IncrementalChecks"/> (plain step values, and Cached/Unchanged steps after an unrelated edit).
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public const string UserSource = """
        namespace Consumer;

        public static class Program
        {
            public static int Answer() => 42;
        }
        """;

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            (sources.Length == 0 ? new[] { UserSource } : sources).Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true,
                warningLevel: 9999));

    public static GeneratorDriver CreateDriver(IEnumerable<PricingInput> files, IReadOnlyDictionary<string, string>? globalOptions = null) =>
        CreateDriver(files, globalOptions, out _);

    /// <summary>Creates a driver and hands back the additional texts it holds (to replace one later).</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<PricingInput> files, IReadOnlyDictionary<string, string>? globalOptions, out IReadOnlyList<AdditionalText> additionalTexts)
    {
        TestOptionsProvider options = new(globalOptions);
        List<AdditionalText> texts = new();
        foreach (PricingInput file in files)
        {
            options.SetFile(file);
            texts.Add(file.ToAdditionalText());
        }

        additionalTexts = texts;
        return CSharpGeneratorDriver.Create(
            new[] { new CostInstrumentationGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static GeneratorRun Run(params PricingInput[] files) => Run(files, globalOptions: null);

    public static GeneratorRun Run(IEnumerable<PricingInput> files, IReadOnlyDictionary<string, string>? globalOptions, CSharpCompilation? compilation = null) =>
        Run(CreateDriver(files, globalOptions), compilation ?? CreateCompilation());

    /// <summary>Shorthand: one pricing file named <paramref name="name"/>.</summary>
    public static GeneratorRun RunText(string text, string name = "pricing.json", IReadOnlyDictionary<string, string>? globalOptions = null) =>
        Run(new[] { new PricingInput("/project/pricing/" + name, text) }, globalOptions);

    public static GeneratorRun Run(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        IncrementalChecks.Verify(driver, compilation);
        List<Reported> reported = driverDiagnostics.Concat(result.Diagnostics).Distinct().Select(ToReported).ToList();

        // Emit, not just GetDiagnostics: some errors (CS9026, a UTF-8 literal that cannot be encoded) only show when emitting.
        List<Diagnostic> compileDiagnostics = output.Emit(Stream.Null).Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        return new GeneratorRun
        {
            Driver = driver,
            InputCompilation = compilation,
            OutputCompilation = output,
            Result = result,
            Sources = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal),
            Diagnostics = reported,
            CompilationDiagnostics = compileDiagnostics,
        };
    }

    public static Reported ToReported(Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        return new Reported(
            diagnostic.Id,
            diagnostic.Severity,
            span.Path ?? string.Empty,
            span.StartLinePosition.Line,
            span.StartLinePosition.Character,
            span.EndLinePosition.Line,
            span.EndLinePosition.Character,
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        HashSet<string> seen = new(StringComparer.OrdinalIgnoreCase);
        ImmutableArray<MetadataReference>.Builder builder = ImmutableArray.CreateBuilder<MetadataReference>();
        IEnumerable<string> paths = platform.Split(Path.PathSeparator)
            .Append(typeof(CostInstrumentation.LlmPricing).Assembly.Location);
        foreach (string path in paths)
        {
            // One reference per assembly name: the runtime project's copy and the TPA's are the same file.
            if (path.Length > 0 && path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && seen.Add(Path.GetFileName(path)))
            {
                builder.Add(MetadataReference.CreateFromFile(path));
            }
        }

        return builder.ToImmutable();
    }
}
