using CostInstrumentation.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CostInstrumentation.Generators.Tests.Harness;

/// <summary>The harness itself: snapshot comparison messages and location arithmetic.</summary>
public sealed class HarnessTests
{
    [Fact]
    public void SnapshotMismatch_NamesTheFirstDifferingLine_AndBothLines()
    {
        string message = Snapshot.Describe("a\nb\nc\n", "a\nB\nc\n", "/x/Snapshots/s.g.cs");
        Assert.Contains("at line 2", message, StringComparison.Ordinal);
        Assert.Contains("snapshot: \"b\"", message, StringComparison.Ordinal);
        Assert.Contains("actual:   \"B\"", message, StringComparison.Ordinal);

        Assert.Contains("<end of file>", Snapshot.Describe("a", "a\nextra", "/x/s.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void SnapshotPath_IsUnderTheTestProject()
    {
        string path = Snapshot.PathFor("Example");
        Assert.Equal(Path.Combine(Snapshot.ProjectDirectory, "Snapshots", "Example.g.cs"), path);
        Assert.True(File.Exists(Path.Combine(Snapshot.ProjectDirectory, "CostInstrumentation.Generators.Tests.csproj")));
    }

    [Fact]
    public void Position_CountsZeroBasedLinesAndColumns()
    {
        Assert.Equal((0, 0), Expect.Position("ab\ncd", 0));
        Assert.Equal((1, 1), Expect.Position("ab\ncd", 4));
        Assert.Equal((1, 2), Expect.Position("ab\ncd", 5));
    }

    [Fact]
    public void RepoRoot_HoldsTheSolution_AndTheLiteLlmSnapshotIsReachable()
    {
        Assert.True(File.Exists(Path.Combine(Repo.Root, "CostInstrumentation.sln")));
        Assert.True(File.Exists(Repo.LiteLlmSnapshot), Repo.LiteLlmSnapshot);
    }

    [Fact]
    public void IncrementalChecks_FailARunWhoseStepIsRecomputedOnAnUnrelatedEdit()
    {
        // Each run yields a new object without value equality: a step that is never Cached or Unchanged.
        GeneratorDriver driver = Driver(context => context.CompilationProvider.Select(static (_, _) => new object()));
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();

        Exception error = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => IncrementalChecks.Verify(driver.RunGenerators(compilation), compilation));
        Assert.Contains("An unrelated edit recomputed step values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IncrementalChecks_FailARunWhoseStepHoldsACompilerObject()
    {
        GeneratorDriver driver = Driver(context => context.CompilationProvider.Select(static (compilation, _) => (object)compilation.Assembly));
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();

        Exception error = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => IncrementalChecks.Verify(driver.RunGenerators(compilation), compilation));
        Assert.Contains("Pipeline values hold compiler objects", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A driver for a one-step generator whose step is tracked under one of the generator's names.</summary>
    private static GeneratorDriver Driver(Func<IncrementalGeneratorInitializationContext, IncrementalValueProvider<object>> step) =>
        CSharpGeneratorDriver.Create(
            new[] { new OneStepGenerator(step).AsSourceGenerator() },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private sealed class OneStepGenerator(Func<IncrementalGeneratorInitializationContext, IncrementalValueProvider<object>> step) : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterSourceOutput(step(context).WithTrackingName(TrackingNames.Catalog), static (_, _) => { });
    }
}
