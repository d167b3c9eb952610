namespace CostInstrumentation.Generators.Tests.Metering;

/// <summary>C# a user writes: metered methods of every supported shape, and code that calls them.</summary>
internal static class MeteringSources
{
    public const string Library = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CostInstrumentation;

        namespace Shop;

        public sealed record Reply(string Text, LlmUsage Usage) : ILlmUsageSource
        {
            public LlmUsage GetLlmUsage() => Usage;
        }

        public sealed record Chunk(string Text, LlmUsage Usage) : ILlmUsageSource
        {
            public LlmUsage GetLlmUsage() => Usage;
        }

        public sealed class Assistant
        {
            /// <summary>Like Anthropic: input in the first event, running output totals after.</summary>
            [MeteredLlmCall("acme-large")]
            public async System.Collections.Generic.IAsyncEnumerable<Chunk> StreamAsync(string text)
            {
                await Task.Yield();
                yield return new Chunk("Hel", new LlmUsage(2_000, 1));
                yield return new Chunk("lo", new LlmUsage(0, 40));
                yield return new Chunk("!", new LlmUsage(0, 100));
            }

            public static Exception? NextFailure;

            [MeteredLlmCall("acme-large", Project = "checkout", Tags = new[] { "summaries" })]
            public Reply Summarize(string text) => Respond(text, new LlmUsage(1_000, 200, CachedInputTokens: 400));

            [MeteredLlmCall]
            public async Task<Reply> AskAsync(string question, [LlmModel] string model, [LlmSession] string session)
            {
                await Task.Yield();
                return Respond(question, new LlmUsage(3_000, 100));
            }

            [MeteredLlmCall("acme-small")]
            public ValueTask<Reply> ClassifyAsync(string text, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new ValueTask<Reply>(Respond(text, new LlmUsage(10_000, 10)));
            }

            [MeteredLlmCall("no-such-model")]
            public static Reply Legacy(string text) => new(text, new LlmUsage(5, 5));

            [MeteredLlmCall("acme-large")]
            public Reply Broken(string text) => Respond(text, new LlmUsage(10, 20, ReasoningTokens: 30));

            private static Reply Respond(string text, LlmUsage usage) =>
                NextFailure is { } failure ? throw failure : new Reply("re: " + text, usage);
        }
        """;

    public const string Caller = """
        using System.Threading;
        using System.Threading.Tasks;
        using CostInstrumentation;

        namespace Shop;

        public static class Calls
        {
            public static Reply Summarize() => new Assistant().Summarize("ticket");

            public static async Task<Reply> AskInScope()
            {
                using (LlmCostContext.Begin(project: "support", tags: "night-shift"))
                {
                    await Task.Delay(1);
                    return await new Assistant().AskAsync("why?", "acme-large-2026-01-01", "session-7");
                }
            }

            public static ValueTask<Reply> Classify(CancellationToken token) => new Assistant().ClassifyAsync("spam?", token);

            public static Reply Legacy() => Assistant.Legacy("old");

            public static Reply Broken() => new Assistant().Broken("bad usage");

            public static async Task<string> StreamAll()
            {
                string text = "";
                await foreach (Chunk chunk in new Assistant().StreamAsync("hi"))
                {
                    text += chunk.Text;
                }

                return text;
            }

            public static async Task<string> StreamFirst()
            {
                await foreach (Chunk chunk in new Assistant().StreamAsync("hi"))
                {
                    return chunk.Text;
                }

                return "";
            }
        }
        """;
}
