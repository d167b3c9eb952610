using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
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

    /// <summary>Every step name the generator declares in <see cref="TrackingNames"/>.</summary>
    private static IReadOnlyList<string> TrackedStepNames() =>
        typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    private static GeneratorRun RunTwoFiles(out IReadOnlyList<AdditionalText> texts) =>
        GeneratorHarness.Run(GeneratorHarness.CreateDriver(TwoFiles(), null, out texts), GeneratorHarness.CreateCompilation()).AssertHealthy();

    private static PricingInput[] TwoFiles() => new[] { new PricingInput("/p/a.json", FileA), new PricingInput("/p/b.json", FileB) };

    [Fact]
    public void TrackingNames_IncludeThePricingSteps()
    {
        Assert.Contains(TrackingNames.PricingFiles, TrackedStepNames());
        Assert.Contains(TrackingNames.Catalog, TrackedStepNames());
        GeneratorRun run = GeneratorHarness.Run(TwoFiles()).AssertHealthy();
        Assert.Equal(2, Outputs(run, TrackingNames.PricingFiles).Count);
        Assert.Single(Outputs(run, TrackingNames.Catalog));
    }

    [Fact]
    public void AddingAnUnrelatedCSharpFile_LeavesEveryTrackedStepCachedOrUnchanged()
    {
        GeneratorRun first = GeneratorHarness.Run(TwoFiles()).AssertHealthy();
        string table = first.PriceTableSource!;
        CSharpCompilation edited = first.InputCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(UnrelatedSource, GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        GeneratorRun second = first.Rerun(edited).AssertHealthy();

        foreach (string name in TrackedStepNames())
        {
            foreach ((object value, IncrementalStepRunReason reason) in Outputs(second, name))
            {
                Assert.True(
                    reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step '{name}' produced {reason} output after an unrelated C# edit: {value}");
            }
        }

        Assert.All(Outputs(second, TrackingNames.PricingFiles), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(Outputs(second, TrackingNames.Catalog), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.NotEmpty(Outputs(second, TrackingNames.PricingFiles));
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

        List<(object Value, IncrementalStepRunReason Reason)> outputs = Outputs(second, TrackingNames.PricingFiles);
        Assert.Equal(2, outputs.Count);
        (object Value, IncrementalStepRunReason Reason) a = outputs.Single(o => PathOf(o.Value) == "/p/a.json");
        (object Value, IncrementalStepRunReason Reason) b = outputs.Single(o => PathOf(o.Value) == "/p/b.json");
        Assert.Equal(IncrementalStepRunReason.Modified, a.Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, b.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(second, TrackingNames.Catalog)).Reason);
        Assert.Equal(0.000003m, Stages.Definition(MergeTests.TableOf(second), "a").Rates.Input);
    }

    [Fact]
    public void RewritingAPricingFileWithTheSameContent_ChangesNothingDownstream()
    {
        GeneratorRun first = RunTwoFiles(out IReadOnlyList<AdditionalText> texts);
        GeneratorDriver edited = first.Driver.ReplaceAdditionalText(texts.Single(t => t.Path == "/p/a.json"), new InMemoryAdditionalText("/p/a.json", FileA));
        GeneratorRun second = first.Rerun(driver: edited).AssertHealthy();

        // The file is re-read, but the parsed value equals the old one, so nothing after it runs again.
        Assert.All(Outputs(second, TrackingNames.PricingFiles), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(Outputs(second, TrackingNames.Catalog), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
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

        // The generator's own steps (Roslyn's built-in ones, such as "Compilation", legitimately hold compilation objects).
        List<string> problems = new();
        HashSet<object> seen = new(ReferenceEqualityComparer.Instance);
        foreach ((string name, ImmutableArray<IncrementalGeneratorRunStep> steps) in run.Result.TrackedSteps.Where(s => TrackedStepNames().Contains(s.Key)))
        {
            foreach (IncrementalGeneratorRunStep step in steps)
            {
                foreach ((object value, IncrementalStepRunReason _) in step.Outputs)
                {
                    Walk(value, name, problems, seen, depth: 0);
                }
            }
        }

        Assert.True(seen.Count > 50, "The walk visited only " + seen.Count + " objects"); // structured entries: one rate card per tier, not one object per rate

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.NotEmpty(run.Result.TrackedSteps[TrackingNames.PricingFiles]);
    }

    [Fact]
    public void ValueWalker_FindsForbiddenValues()
    {
        // The walker itself must see through records, tuples and arrays.
        List<string> problems = new();
        Location location = Location.Create("/x.json", new TextSpan(0, 1), new LinePositionSpan(default, default));
        Walk((1, ImmutableArray.Create<object>("x", new List<object> { location })), "test", problems, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        Walk(new Holder(GeneratorHarness.CreateCompilation()), "test", problems, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        Assert.Equal(2, problems.Count);
    }

    private sealed record Holder(Compilation Compilation);

    private static readonly Type[] Forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(SemanticModel), typeof(Compilation), typeof(Location), typeof(SyntaxTree) };

    private static void Walk(object? value, string path, List<string> problems, HashSet<object> seen, int depth)
    {
        if (value is null || depth > 64)
        {
            return;
        }

        Type type = value.GetType();
        if (Forbidden.Any(f => f.IsAssignableFrom(type)))
        {
            problems.Add($"{path} holds a {type.Name}");
            return;
        }

        if (type.IsPrimitive || type.IsEnum || value is string or decimal or DateTime or DateOnly or Type or TextSpan or LinePositionSpan or LinePosition)
        {
            return;
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) && (bool)type.GetProperty("IsDefault")!.GetValue(value)!)
        {
            return;
        }

        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (object? item in items)
            {
                Walk(item, $"{path}[{index++}]", problems, seen, depth + 1);
            }

            return;
        }

        if (value is ITuple tuple)
        {
            for (int i = 0; i < tuple.Length; i++)
            {
                Walk(tuple[i], $"{path}.Item{i + 1}", problems, seen, depth + 1);
            }

            return;
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract"
                && !property.PropertyType.IsByRef && !property.PropertyType.IsByRefLike && !property.PropertyType.IsPointer)
            {
                object? propertyValue;
                try
                {
                    propertyValue = property.GetValue(value);
                }
                catch (Exception error) when (error is TargetInvocationException or NotSupportedException)
                {
                    problems.Add($"{path}.{property.Name} ({type.Name}) cannot be read: {(error.InnerException ?? error).Message}");
                    continue;
                }

                Walk(propertyValue, $"{path}.{property.Name}", problems, seen, depth + 1);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            if (!field.Name.Contains("k__BackingField", StringComparison.Ordinal))
            {
                Walk(field.GetValue(value), $"{path}.{field.Name}", problems, seen, depth + 1);
            }
        }
    }

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRun run, string stepName) =>
        run.Result.TrackedSteps.TryGetValue(stepName, out ImmutableArray<IncrementalGeneratorRunStep> steps)
            ? steps.SelectMany(s => s.Outputs).ToList()
            : new List<(object, IncrementalStepRunReason)>();

    private static string? PathOf(object value) => value.GetType().GetProperty("Path")?.GetValue(value) as string;
}
