using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using CostInstrumentation.Hosting.ChatClients;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.Hosting.Tests.ChatClients;

/// <summary>
/// <c>UseCostTracking()</c> over a scripted <see cref="IChatClient"/>: Anthropic's usage shape (cache writes in
/// <c>AdditionalCounts</c>), and budgets checked before the call.
/// </summary>
public sealed class FakeChatClientTests : MiddlewareTest
{
    // Anthropic's adapter: InputTokenCount includes cache reads (CachedInputTokenCount) and writes (AdditionalCounts).
    private static UsageDetails AnthropicUsage() => new()
    {
        InputTokenCount = 1_000,
        OutputTokenCount = 100,
        CachedInputTokenCount = 300,
        AdditionalCounts = new() { [ChatUsageDetails.AnthropicCacheWriteKey] = 200 },
    };

    // 500 fresh × 0.000003 + 300 read × 0.0000003 + 200 written × 0.00000375 + 100 output × 0.000015
    // = 0.0015 + 0.00009 + 0.00075 + 0.0015
    private const decimal AnthropicCost = 0.00384m;

    private readonly FakeChatClient _claude = new("mw-claude");

    // Worst cases (1,000 output tokens): mw-gpt $0.008, mw-claude $0.015, mw-mini $0.002.
    protected override void Configure(LlmCostOptions options) => base.Configure(options
        .AddBudget(new LlmBudget(BudgetScope.Model, "mw-gpt", BudgetPeriod.Day, 0.005m) { HardLimit = true, Fallback = "mw-mini" })
        .AddBudget(new LlmBudget(BudgetScope.Project, "blocked", BudgetPeriod.Day, 0.001m) { HardLimit = true }));

    [Fact]
    public async Task AnthropicCacheWrites_FromAdditionalCounts_ArePricedAtTheCacheWriteRate()
    {
        _claude.EnqueueReply("mw-claude-20260101", "cached", AnthropicUsage());

        await Tracked(_claude, o => o.Provider = "anthropic").GetResponseAsync("hi");

        LlmCallRecord record = SingleRecord();
        Assert.Equal("anthropic", record.Provider);
        Assert.Equal(new LlmUsage(1_000, 100, CachedInputTokens: 300, CacheWriteInputTokens: 200), record.Usage);
        Assert.Equal(AnthropicCost, record.CostUsd);
    }

    [Fact]
    public async Task AnthropicStream_UsageInTheFinalUpdate_IsPricedWithItsCacheWrites()
    {
        _claude.Enqueue(new FakeChatReply { ModelId = "mw-claude", Text = "streamed", Usage = AnthropicUsage(), UsageInSeparateUpdate = false });

        await DrainAsync(Tracked(_claude).GetStreamingResponseAsync("hi"));

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal(AnthropicCost, record.CostUsd);
    }

    [Fact]
    public async Task AResponseWithoutUsage_IsRecordedWithAnUnknownCost()
    {
        _claude.EnqueueReply("mw-claude", "no usage", usage: null);

        await Tracked(_claude).GetResponseAsync("hi");

        LlmCallRecord record = SingleRecord();
        Assert.Null(record.CostUsd);
        Assert.Equal("The response carried no token usage.", record.PricingError);
    }

    [Fact]
    public async Task HardLimit_SwitchesTheCallToTheBudgetsFallbackModel_BeforeItIsSent()
    {
        FakeChatClient gpt = new("mw-gpt");
        gpt.EnqueueReply("mw-mini", "cheaper", new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 100 });

        await Tracked(gpt).GetResponseAsync("hi");

        Assert.Equal("mw-mini", Assert.Single(gpt.Calls).Options?.ModelId);
        LlmCallRecord record = SingleRecord();
        Assert.Equal("mw-mini", record.Model);
        Assert.Equal((1_000 * 0.5m + 100 * 2m) / 1_000_000m, record.CostUsd);
    }

    [Fact]
    public async Task HardLimit_WithNoFallbackThatFits_RefusesTheCall_UnsentAndRecordedAsBlocked()
    {
        await Assert.ThrowsAsync<BudgetExceededException>(() => Tracked(_claude, o => o.Project = "blocked").GetResponseAsync("hi", new ChatOptions { ModelId = "mw-claude" }));
        await Assert.ThrowsAsync<BudgetExceededException>(async () =>
        {
            await foreach (ChatResponseUpdate update in Tracked(new FakeChatClient(defaultModelId: null), o => o.Project = "blocked").GetStreamingResponseAsync("hi", new ChatOptions { ModelId = "mw-claude" }))
            {
                Assert.NotNull(update);
            }
        });

        Assert.Empty(_claude.Calls);
        Assert.Equal([LlmCallOutcome.Blocked, LlmCallOutcome.Blocked], Sink.Records.Select(r => r.Outcome));
        Assert.All(Sink.Records, r => Assert.Equal(0m, r.CostUsd));
    }
}
