using CostInstrumentation.Generators;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Metering.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CostInstrumentation.Generators.Tests.Metering;

/// <summary>
/// Metered methods of referenced libraries are read once per reference, and a pricing edit re-emits the interceptors only
/// when a price they compile in changed. (Every run is also checked for Cached/Unchanged steps by the harness.)
/// </summary>
public sealed class MeteringIncrementalityTests
{
    private const string Library = """
        using CostInstrumentation;

        namespace Vendor;

        public sealed record Answer(LlmUsage Usage) : ILlmUsageSource
        {
            public LlmUsage GetLlmUsage() => Usage;
        }

        public sealed class VendorClient
        {
            [MeteredLlmCall("acme-large")]
            public Answer Ask(string prompt) => new(new LlmUsage(prompt.Length, 1));

            [MeteredLlmCall("acme-small")]
            public static Answer Quick() => new(new LlmUsage(1, 1));

            [MeteredLlmCall("acme-small")]
            internal Answer Hidden() => new(new LlmUsage(1, 1));

            public Answer Plain() => new(new LlmUsage(1, 1));
        }
        """;

    private const string Consumer = """
        namespace App;

        public static class Calls
        {
            public static void Run(Vendor.VendorClient client)
            {
                client.Ask("q");
                client.Plain();
            }
        }
        """;

    public static TheoryData<string> LibraryReferences() => new() { "metadata", "compilation" };

    [Theory]
    [MemberData(nameof(LibraryReferences))]
    public void MeteredMethodsOfAReferencedLibrary_AreIntercepted(string kind)
    {
        GeneratorRun run = GeneratorHarness.Run(MeteringHarness.Driver(), MeteringHarness.Compilation([Consumer], [LibraryReference(kind)])).AssertHealthy();

        Assert.Contains(new[] { "Ask", "Quick" }.ToEquatableArray(), run.StepOutputs(TrackingNames.MeteredReferenceNames).Select(o => o.Value));
        string interceptors = run.Sources["LlmMeteringInterceptors.g.cs"];
        Assert.Equal(2, interceptors.Split("InterceptsLocation(").Length); // one intercepted call
        Assert.Contains("\"Vendor.VendorClient.Ask\"", interceptors, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnrelatedEdit_ReadsNoReferenceAgain()
    {
        CSharpCompilation compilation = MeteringHarness.Compilation([Consumer], [LibraryReference("metadata")]);
        GeneratorRun first = GeneratorHarness.Run(MeteringHarness.Driver(), compilation);
        GeneratorRun second = first.Rerun(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Edited { }", MeteringHarness.ParseOptions, path: "/project/Edited.cs")));

        List<(object Value, IncrementalStepRunReason Reason)> references = second.StepOutputs(TrackingNames.MeteredReferenceNames);
        Assert.True(references.Count > 100, "Only " + references.Count + " references were seen");
        Assert.All(references, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void EditingThePriceOfAModelNoSiteCalls_LeavesTheInterceptorsCached()
    {
        GeneratorRun first = GeneratorHarness.Run(MeteringHarness.Driver(out AdditionalText pricing), MeteringHarness.Compilation([Consumer], [LibraryReference("metadata")]));
        GeneratorRun second = first.Rerun(driver: Reprice(first, pricing, "\"input\": 0.1, \"output\": 0.4", "\"input\": 0.1, \"output\": 0.5"));

        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(second.StepOutputs(TrackingNames.Catalog)).Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(second.StepOutputs(TrackingNames.ConstantPrices)).Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(InterceptorOutputs(second)));
        Assert.Equal(first.Sources["LlmMeteringInterceptors.g.cs"], second.Sources["LlmMeteringInterceptors.g.cs"]);
    }

    [Fact]
    public void EditingThePriceOfACalledModel_ReEmitsTheInterceptorsWithIt()
    {
        GeneratorRun first = GeneratorHarness.Run(MeteringHarness.Driver(out AdditionalText pricing), MeteringHarness.Compilation([Consumer], [LibraryReference("metadata")]));
        GeneratorRun second = first.Rerun(driver: Reprice(first, pricing, "\"input\": 2, \"output\": 8", "\"input\": 3, \"output\": 8"));

        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(second.StepOutputs(TrackingNames.ConstantPrices)).Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(InterceptorOutputs(second)));
        Assert.Contains("Input = 0.000002m", first.Sources["LlmMeteringInterceptors.g.cs"], StringComparison.Ordinal);
        Assert.Contains("Input = 0.000003m", second.Sources["LlmMeteringInterceptors.g.cs"], StringComparison.Ordinal);
    }

    /// <summary>The library compiled on its own, referenced as a file (as a build does) or as a compilation (as some hosts do).</summary>
    private static MetadataReference LibraryReference(string kind)
    {
        CSharpCompilation library = CSharpCompilation.Create(
            "Vendor",
            [CSharpSyntaxTree.ParseText(Library, MeteringHarness.ParseOptions, path: "/vendor/VendorClient.cs")],
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        if (kind == "compilation")
        {
            return library.ToMetadataReference();
        }

        using MemoryStream image = new();
        Microsoft.CodeAnalysis.Emit.EmitResult result = library.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static GeneratorDriver Reprice(GeneratorRun run, AdditionalText pricing, string before, string after)
    {
        Assert.Contains(before, MeteringHarness.Pricing, StringComparison.Ordinal);
        return run.Driver.ReplaceAdditionalText(pricing, new InMemoryAdditionalText(pricing.Path, MeteringHarness.Pricing.Replace(before, after, StringComparison.Ordinal)));
    }

    /// <summary>How the interceptor output ran: its input is the one value that pairs the sites with their constant prices.</summary>
    private static List<IncrementalStepRunReason> InterceptorOutputs(GeneratorRun run) =>
        run.Result.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(step => step.Inputs.Any(input => input.Source.Outputs[input.OutputIndex].Value is ValueTuple<ImmutableArray<CallSiteModel>, EquatableArray<ConstantPrice>>))
            .SelectMany(step => step.Outputs.Select(o => o.Reason))
            .ToList();
}
