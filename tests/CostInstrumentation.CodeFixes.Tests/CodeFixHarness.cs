using System.Diagnostics.CodeAnalysis;
using System.IO;
using CostInstrumentation.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.CodeFixes.Tests;

/// <summary>
/// A one-document project in an <see cref="AdhocWorkspace"/>, the package's analyzers run over it with a pricing file,
/// and code fixes applied the way an IDE applies them (register, pick an action, apply its operations).
/// </summary>
internal sealed class CodeFixHarness : IDisposable
{
    public const string Pricing = """
        {
          "as_of": "2026-11-01",
          "providers": {
            "acme": {
              "acme-large": { "input": 5, "output": 30 },
              "acme-small": { "input": 0.1, "output": 0.4 },
              "acme-mini": { "input": 0.05, "output": 0.2 },
              "acme-old": { "input": 1, "output": 2, "deprecated": "2020-01-01", "successor": "acme-small" }
            }
          }
        }
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(CostInstrumentation.LlmBudgetAttribute).Assembly.Location)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToImmutableArray());

    private readonly AdhocWorkspace _workspace = new();

    public CodeFixHarness(string source)
    {
        ProjectId projectId = ProjectId.CreateNewId();
        Solution solution = _workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Consumer", "Consumer", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                metadataReferences: s_references.Value));
        DocumentId documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Chat.cs", SourceText.From(source), filePath: "/project/Chat.cs");
        Assert.True(_workspace.TryApplyChanges(solution));
        Document = _workspace.CurrentSolution.GetDocument(documentId)!;
    }

    public Document Document { get; }

    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string id)
    {
        Compilation compilation = (await Document.Project.GetCompilationAsync())!;
        AdditionalText pricing = new MemoryText("/project/pricing/prices.json", Pricing);
        ImmutableArray<DiagnosticAnalyzer> analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ModelNameAnalyzer(), new BudgetCoverageAnalyzer());
        ImmutableArray<Diagnostic> all = await compilation
            .WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray.Create(pricing), new PricingOptionsProvider(pricing.Path)))
            .GetAnalyzerDiagnosticsAsync();
        return all.Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>The titles of the actions <paramref name="fix"/> offers for <paramref name="diagnostic"/>.</summary>
    public async Task<IReadOnlyList<CodeAction>> ActionsAsync(CodeFixProvider fix, Diagnostic diagnostic)
    {
        List<CodeAction> actions = new();
        CodeFixContext context = new(Document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        return actions;
    }

    /// <summary>The document's text after applying the action titled <paramref name="title"/>.</summary>
    public async Task<string> ApplyAsync(CodeFixProvider fix, Diagnostic diagnostic, string title)
    {
        CodeAction action = Assert.Single(await ActionsAsync(fix, diagnostic), a => a.Title == title);
        return await TextAfterAsync(action);
    }

    /// <summary>The document's text after fixing every <paramref name="diagnostics"/> with the fix-all of <paramref name="equivalenceKey"/>.</summary>
    public async Task<string> FixAllAsync(CodeFixProvider fix, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey)
    {
        FixAllContext context = new(Document, fix, FixAllScope.Document, equivalenceKey, fix.FixableDiagnosticIds, new FixedProvider(diagnostics), CancellationToken.None);
        CodeAction action = (await fix.GetFixAllProvider()!.GetFixAsync(context))!;
        return await TextAfterAsync(action);
    }

    public void Dispose() => _workspace.Dispose();

    private async Task<string> TextAfterAsync(CodeAction action)
    {
        ApplyChangesOperation apply = Assert.Single((await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>());
        Document changed = apply.ChangedSolution.GetDocument(Document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }

    private sealed class MemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class PricingOptionsProvider(string pricingPath) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Options(textFile.Path == pricingPath ? new Dictionary<string, string> { ["build_metadata.AdditionalFiles.LlmPricing"] = "true" } : new Dictionary<string, string>());
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }

    private sealed class FixedProvider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>([]);
    }
}
