using CostInstrumentation.Generators;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Tests.Metering;

public sealed class InterceptorGenerationTests
{
    [Fact]
    public void Interceptors_MatchTheSnapshot_AndCompileWithoutWarnings()
    {
        GeneratorRun run = MeteringHarness.Run(MeteringSources.Library, MeteringSources.Caller);

        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Snapshot.Match(run.Sources["LlmMeteringInterceptors.g.cs"], "MeteredCalls.LlmMeteringInterceptors");
    }

    [Fact]
    public void ChatClientReaders_MapUsageDetailsThroughTheRuntimeHelper_MatchTheSnapshot()
    {
        // Stand-ins for Microsoft.Extensions.AI's types (the generator recognises them by name); the real ones are
        // exercised end to end through the Anthropic and OpenAI IChatClient adapters.
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using CostInstrumentation;
            using Microsoft.Extensions.AI;

            namespace Microsoft.Extensions.AI
            {
                public class AdditionalPropertiesDictionary<TValue> : Dictionary<string, TValue> { }
                public class UsageDetails
                {
                    public long? InputTokenCount { get; set; }
                    public long? OutputTokenCount { get; set; }
                    public long? CachedInputTokenCount { get; set; }
                    public long? ReasoningTokenCount { get; set; }
                    public AdditionalPropertiesDictionary<long>? AdditionalCounts { get; set; }
                }
                public class AIContent { }
                public sealed class UsageContent : AIContent { public UsageDetails Details { get; set; } = new(); }
                public class ChatResponse { public string? ModelId { get; set; } public UsageDetails? Usage { get; set; } }
                public readonly struct ChatFinishReason { } public class ChatResponseUpdate { public string? ModelId { get; set; } public ChatFinishReason? FinishReason { get; set; } public IList<AIContent> Contents { get; set; } = new List<AIContent>(); }
            }

            namespace Shop
            {
                public sealed class Chat
                {
                    [MeteredLlmCall]
                    public Task<ChatResponse> AskAsync() => Task.FromResult(new ChatResponse());

                    [MeteredLlmCall("acme-large")]
                    public async IAsyncEnumerable<ChatResponseUpdate> StreamAsync()
                    {
                        await Task.Yield();
                        yield return new ChatResponseUpdate();
                    }
                }

                public static class Use
                {
                    public static object Run(Chat chat) => (chat.AskAsync(), chat.StreamAsync());
                }
            }
            """;

        GeneratorRun run = MeteringHarness.Run(source);

        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        string interceptors = run.Sources["LlmMeteringInterceptors.g.cs"];
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(interceptors, "ChatUsageDetails\\.ToLlmUsage\\(").Count);
        Snapshot.Match(interceptors, "ChatClient.LlmMeteringInterceptors");
    }

    [Fact]
    public void ConstantModel_IsPricedWithFoldedConstants_UnknownModelIsNot()
    {
        string source = MeteringHarness.Run(MeteringSources.Library, MeteringSources.Caller).Sources["LlmMeteringInterceptors.g.cs"];

        Assert.Contains("Rates = new global::CostInstrumentation.RateCard { CacheRead = 0.0000005m, Input = 0.000002m, Output = 0.000008m }", source);
        Assert.Contains("\"Shop.Assistant.Legacy\", \"Source1.cs:22\", \"no-such-model\", null, null, null, null,\n            null);", source);
    }

    /// <summary>The generator skips such calls silently; LLMC102/LLMC103 come from MeteredCallSiteAnalyzer (Analyzers/).</summary>
    [Theory]
    [InlineData("[MeteredLlmCall(\"acme-small\")] private Reply Ask() => new(new LlmUsage(1, 1)); public Reply Run() => Ask();")]
    [InlineData("[MeteredLlmCall(\"acme-small\")] public string Ask() => \"text\"; public string Run() => Ask();")]
    public void UninterceptableOrUnreadableCall_IsSkippedWithoutAGeneratorDiagnostic(string members)
    {
        string source = $$"""
            using CostInstrumentation;
            public sealed class Reply(LlmUsage usage) : ILlmUsageSource { public LlmUsage GetLlmUsage() => usage; }
            public class Bot { {{members}} }
            """;

        GeneratorRun run = MeteringHarness.Run(source);

        run.AssertNoDiagnostics();
        Assert.False(run.Sources.ContainsKey("LlmMeteringInterceptors.g.cs"));
    }

    [Fact]
    public void CallOfAMethodWithTheSameNameButNoAttribute_IsNotIntercepted()
    {
        const string source = """
            using CostInstrumentation;
            public sealed class Reply(LlmUsage usage) : ILlmUsageSource { public LlmUsage GetLlmUsage() => usage; }
            public class Bot { [MeteredLlmCall("acme-small")] public Reply Ask() => new(new LlmUsage(1, 1)); }
            public class Other { public Reply Ask() => new(new LlmUsage(1, 1)); }
            public static class Use { public static object Run() => (new Bot().Ask(), new Other().Ask()); }
            """;

        string interceptors = MeteringHarness.Run(source).Sources["LlmMeteringInterceptors.g.cs"];

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(interceptors, "InterceptsLocation\\(1,"));
        Assert.Contains("this global::Bot @this", interceptors);
    }

    [Theory]
    [InlineData("[LlmModel] out string model", "Ask(out string other)")]
    [InlineData("[LlmModel] ref string model", "Ask(ref chosen)")]
    [InlineData("[LlmModel] in string model", "Ask(in chosen)")]
    public void AnLlmModelParameterPassedByReference_CompilesCleanly(string parameter, string call)
    {
        // An out argument is unassigned until the call returns: the shim may not read it before (admission) or in the
        // exception filter, so it names no request model; the model comes from the attribute or the response.
        string source = $$"""
            #nullable enable
            using CostInstrumentation;
            public static class Bot
            {
                [MeteredLlmCall("acme-small")]
                public static LlmUsage Ask({{parameter}}) { {{(parameter.Contains("out ", StringComparison.Ordinal) ? "model = \"acme-small\"; " : string.Empty)}}return new LlmUsage(1, 1); }
            }
            public static class Use
            {
                public static LlmUsage Run() { string chosen = "acme-small"; _ = chosen; return Bot.{{call}}; }
            }
            """;

        GeneratorRun run = MeteringHarness.Run(source);

        Assert.True(run.Sources.ContainsKey("LlmMeteringInterceptors.g.cs"));
        run.AssertHealthy();
    }

    [Fact]
    public void UnrelatedEdit_LeavesEveryMeteringStepCachedOrUnchanged()
    {
        GeneratorDriver driver = MeteringHarness.Driver();
        var compilation = MeteringHarness.Compilation(MeteringSources.Library, MeteringSources.Caller);
        GeneratorRun first = GeneratorHarness.Run(driver, compilation);

        GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.AddSyntaxTrees(
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("public static class Unrelated { public static int F() => System.Math.Abs(-1); }", MeteringHarness.ParseOptions, path: "/project/Unrelated.cs")));

        foreach (string step in new[] { TrackingNames.MeteredMethodNames, TrackingNames.CallSites, TrackingNames.Catalog })
        {
            var outputs = second.Result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }

        Assert.Equal(first.Sources["LlmMeteringInterceptors.g.cs"], second.Sources["LlmMeteringInterceptors.g.cs"]);
    }
}
