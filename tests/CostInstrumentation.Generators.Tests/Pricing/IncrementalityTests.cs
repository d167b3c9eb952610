using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Tests.Pricing;

/// <summary>Editing C# or one pricing file never re-parses the others; pipeline values hold no compilation objects.</summary>
public sealed class IncrementalityTests
{
    private const string FileA = """{ "providers": { "p": { "a": { "input": 1, "output": 2 } } } }""";
    private const string FileB = """{ "b": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "litellm_provider": "x", "mode": "chat" } }""";

    private const string UnrelatedSource = """
        namespace Consumer.More;

        public sealed class Unrelated
        {
            public int Value { get; init; }
        }
        """;

    private static GeneratorRun RunTwoFiles(out IReadOnlyList<AdditionalText> texts) =>
        GeneratorHarness.Run(GeneratorHarness.CreateDriver(TwoFiles(), null, out texts), GeneratorHarness.CreateCompilation()).AssertHealthy();

    private static PricingInput[] TwoFiles() => new[] { new PricingInput("/p/a.json", FileA), new PricingInput("/p/b.json", FileB) };

    [Fact]
    public void TrackingNames_IncludeThePricingSteps()
    {
        Assert.Contains(TrackingNames.PricingFiles, IncrementalChecks.TrackedStepNames);
        Assert.Contains(TrackingNames.Catalog, IncrementalChecks.TrackedStepNames);
        GeneratorRun run = GeneratorHarness.Run(TwoFiles()).AssertHealthy();
        Assert.Equal(2, run.StepOutputs(TrackingNames.PricingFiles).Count);
        Assert.Single(run.StepOutputs(TrackingNames.Catalog));
    }

    [Fact]
    public void AddingAnUnrelatedCSharpFile_LeavesEveryTrackedStepCachedOrUnchanged()
    {
        GeneratorRun first = GeneratorHarness.Run(TwoFiles()).AssertHealthy();
        string table = first.PriceTableSource!;
        CSharpCompilation edited = first.InputCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(UnrelatedSource, GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        GeneratorRun second = first.Rerun(edited).AssertHealthy();

        // Every tracked step is Cached or Unchanged (the harness checks that on every run); the parsed files are not even re-read.
        Assert.All(second.StepOutputs(TrackingNames.PricingFiles), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(second.StepOutputs(TrackingNames.Catalog), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.NotEmpty(second.StepOutputs(TrackingNames.PricingFiles));
        Assert.Equal(table, second.PriceTableSource);
    }

    [Fact]
    public void EditingOneOfTwoPricingFiles_ReparsesOnlyThatFile()
    {
        GeneratorRun first = RunTwoFiles(out IReadOnlyList<AdditionalText> texts);
        AdditionalText oldA = texts.Single(t => t.Path == "/p/a.json");
        AdditionalText newA = new InMemoryAdditionalText("/p/a.json", FileA.Replace("\"input\": 1", "\"input\": 3", StringComparison.Ordinal));
        GeneratorDriver edited = first.Driver.ReplaceAdditionalText(oldA, newA);
        GeneratorRun second = first.Rerun(driver: edited).AssertHealthy();

        List<(object Value, IncrementalStepRunReason Reason)> outputs = second.StepOutputs(TrackingNames.PricingFiles);
        Assert.Equal(2, outputs.Count);
        (object Value, IncrementalStepRunReason Reason) a = outputs.Single(o => PathOf(o.Value) == "/p/a.json");
        (object Value, IncrementalStepRunReason Reason) b = outputs.Single(o => PathOf(o.Value) == "/p/b.json");
        Assert.Equal(IncrementalStepRunReason.Modified, a.Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, b.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(second.StepOutputs(TrackingNames.Catalog)).Reason);
        Assert.Equal(0.000003m, Stages.Definition(MergeTests.TableOf(second), "a").Rates.Input);
    }

    [Fact]
    public void RewritingAPricingFileWithTheSameContent_ChangesNothingDownstream()
    {
        GeneratorRun first = RunTwoFiles(out IReadOnlyList<AdditionalText> texts);
        GeneratorDriver edited = first.Driver.ReplaceAdditionalText(texts.Single(t => t.Path == "/p/a.json"), new InMemoryAdditionalText("/p/a.json", FileA));
        GeneratorRun second = first.Rerun(driver: edited).AssertHealthy();

        // The file is re-read, but the parsed value equals the old one, so nothing after it runs again.
        Assert.All(second.StepOutputs(TrackingNames.PricingFiles), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(second.StepOutputs(TrackingNames.Catalog), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void PipelineValues_HoldNoSymbolsSyntaxSemanticModelsCompilationsOrLocations()
    {
        GeneratorRun run = GeneratorHarness.Run(
            new[]
            {
                new PricingInput("/p/own.json", Repo.Fixture("own.json")),
                new PricingInput("/p/litellm.json", Repo.Fixture("litellm-subset.json")),
                new PricingInput("/p/bad.json", """{ "providers": { "p": { "m": { "input": -1, "inptu": 2, "context_window": "x" } } } }"""),
            },
            globalOptions: null,
            GeneratorHarness.CreateCompilation(GeneratorHarness.UserSource, "public static class Calls { public static void Run() => System.Console.WriteLine(Consumer.Program.Answer()); }"));
        run.AssertHealthy();

        int visited = IncrementalChecks.AssertPlainValues(run.Result);
        Assert.True(visited > 50, "The walk visited only " + visited + " objects"); // structured entries: one rate card per tier, not one object per rate
        Assert.NotEmpty(run.Result.TrackedSteps[TrackingNames.PricingFiles]);
    }

    [Fact]
    public void ValueWalker_FindsForbiddenValues()
    {
        // The walker itself must see through records, tuples and arrays.
        List<string> problems = new();
        Location location = Location.Create("/x.json", new TextSpan(0, 1), new LinePositionSpan(default, default));
        IncrementalChecks.Walk((1, ImmutableArray.Create<object>("x", new List<object> { location })), "test", problems, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        IncrementalChecks.Walk(new Holder(GeneratorHarness.CreateCompilation()), "test", problems, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        Assert.Equal(2, problems.Count);
    }

    private sealed record Holder(Compilation Compilation);


    private static string? PathOf(object value) => value.GetType().GetProperty("Path")?.GetValue(value) as string;
}
