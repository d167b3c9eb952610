using System;
using System.ClientModel;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Library;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using OpenAI.Chat;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>
/// The real OpenAI chat client (sync <c>ClientResult&lt;ChatCompletion&gt;</c> and <c>Task</c> of it) through metered
/// methods: canonical usage, every source of the model, aliases, long-context tiers and service tiers. The rates
/// are listed on <see cref="MeteringTestBase"/>.
/// </summary>
[Collection(MeteringCollection.Name)]
public sealed class OpenAiChatMeteringTests : MeteringTestBase
{
    private OpenAiScenarios Chat(string requestModel = "e2e-reasoner") => new(SdkClients.CreateOpenAiChatClient(OpenAiServer, requestModel));

    [Fact]
    public void SyncClientResult_CachedAndReasoningTokensAreCountedOnce()
    {
        OpenAiServer.EnqueueCompletion("e2e-reasoner-2026-02-01", "sync answer", new OpenAiUsage(PromptTokens: 20_000, CompletionTokens: 3_000, CachedTokens: 16_000, ReasoningTokens: 2_000));

        int line = Line(); ClientResult<ChatCompletion> result = Chat().AnswerReasoner("hi", session: "conv-sync");

        Assert.Equal("sync answer", result.Value.Content[0].Text);
        Assert.Equal(200, result.GetRawResponse().Status);
        LlmCallRecord record = SingleRecord();
        // OpenAI's prompt_tokens include the cached ones and completion_tokens the reasoning ones: taken as they are.
        Assert.Equal(new LlmUsage(20_000, 3_000, CachedInputTokens: 16_000, ReasoningTokens: 2_000), record.Usage);
        // 4,000 fresh × 0.00000125 + 16,000 cached × 0.000000125 + 1,000 output × 0.00001 + 2,000 reasoning × 0.000015
        // = 0.005 + 0.002 + 0.01 + 0.03
        Assert.Equal(0.047m, record.CostUsd);
        Assert.Equal("e2e-reasoner", record.Model); // the attribute's constant, not the response's id
        Assert.Equal("openai", record.Provider); // from the pricing file
        Assert.Equal("conv-sync", record.SessionId);
        Assert.Equal("CostInstrumentation.EndToEnd.Tests.Metering.OpenAiScenarios.AnswerReasoner", record.Operation);
        Assert.Equal($"Metering/OpenAiChatMeteringTests.cs:{line}", record.CallSite);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Null(record.ErrorType);
        Assert.Null(record.PricingError);
        Assert.Null(record.ServiceTier);
        Assert.Empty(record.Tags);
    }

    [Fact]
    public async Task TimestampIsTheStart_DurationCoversTheWholeCall()
    {
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-reasoner", Content = "slow", Usage = new OpenAiUsage(10, 10), Delay = TimeSpan.FromMilliseconds(400) });
        DateTimeOffset before = DateTimeOffset.UtcNow;

        await Chat().AskReasonerAsync("slow");

        DateTimeOffset after = DateTimeOffset.UtcNow;
        LlmCallRecord record = SingleRecord();
        TimeSpan slack = TimeSpan.FromMilliseconds(50); // wall clock vs monotonic clock
        Assert.InRange(record.Duration, TimeSpan.FromMilliseconds(350), after - before + slack);
        // Started no earlier than the call, and start + duration ends no later than the call returned.
        Assert.True(record.TimestampUtc >= before - slack, $"{record.TimestampUtc:O} < {before:O}");
        Assert.True(record.TimestampUtc + record.Duration <= after + slack, $"{record.TimestampUtc + record.Duration:O} > {after:O}");
    }

    [Fact]
    public async Task TaskOfClientResult_UsageWithoutDetails_HasNoCachedOrReasoningTokens()
    {
        OpenAiServer.EnqueueCompletion("e2e-reasoner", "ok", new OpenAiUsage(1_000, 200, CachedTokens: null, ReasoningTokens: null));

        ClientResult<ChatCompletion> result = await Chat().AskReasonerAsync("hi");

        Assert.Null(result.Value.Usage.InputTokenDetails);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(new LlmUsage(1_000, 200), record.Usage);
        // 1,000 × 0.00000125 + 200 × 0.00001 = 0.00125 + 0.002
        Assert.Equal(0.00325m, record.CostUsd);
    }

    /// <summary>
    /// PRODUCT BUG (kept failing on purpose): a metered method returning <c>Task&lt;ChatCompletion?&gt;</c> is not
    /// metered; the generator reports LLMC102 "token usage cannot be read from its result type
    /// 'OpenAI.Chat.ChatCompletion?'". CallSiteParser.ReadUsageShape (and IsDerivedFrom, for stream items) compare
    /// <c>ITypeSymbol.ToDisplayString()</c>, which keeps the nullable annotation '?', with the plain type names.
    /// The call is inside CostInstrumentation.EndToEnd.Library, which suppresses LLMC102 (a generator diagnostic
    /// that <c>#pragma warning disable</c> does not reach), so the rest of the suite compiles.
    /// </summary>
    [Fact]
    public async Task NullableAnnotatedResponseType_IsMetered()
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt", "ok", new OpenAiUsage(1_000, 100));
        LibraryNullableResponses library = new(SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt"));

        ChatCompletion? completion = await library.AskThroughLibraryAsync("hi");

        Assert.Equal("ok", completion!.Content[0].Text);
        LlmCallRecord record = SingleRecord();
        Assert.Equal("CostInstrumentation.EndToEnd.Library.LibraryNullableResponses.AskCompletionOrNullAsync", record.Operation);
        Assert.Equal(new LlmUsage(1_000, 100), record.Usage);
        // 1,000 × 0.000002 + 100 × 0.000008 = 0.002 + 0.0008
        Assert.Equal(0.0028m, record.CostUsd);
    }

    [Fact]
    public async Task AttributeConstantIsAnAlias_PricedAsItsModel()
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt", "ok", new OpenAiUsage(1_000, 100));

        await Chat("e2e-gpt").AskByAliasAsync("hi");

        LlmCallRecord record = SingleRecord();
        Assert.Equal("e2e-gpt-2026-01-01", record.Model);
        // e2e-gpt: 1,000 × 0.000002 + 100 × 0.000008 = 0.002 + 0.0008
        Assert.Equal(0.0028m, record.CostUsd);
        Assert.Equal("openai", record.Provider);
    }

    [Fact]
    public async Task ModelFromTheResponse_DateSuffixedId_ResolvesThroughTheAlias()
    {
        OpenAiServer.EnqueueCompletion("e2e-reasoner-2026-02-01", "ok", new OpenAiUsage(10_000, 1_000, CachedTokens: 2_000, ReasoningTokens: 400));

        await Chat().AskAnyAsync("hi");

        LlmCallRecord record = SingleRecord();
        Assert.Equal("e2e-reasoner-2026-02-01", record.Model);
        Assert.Equal("openai", record.Provider);
        // 8,000 fresh × 0.00000125 + 2,000 cached × 0.000000125 + 600 output × 0.00001 + 400 reasoning × 0.000015
        // = 0.01 + 0.00025 + 0.006 + 0.006
        Assert.Equal(0.02225m, record.CostUsd);
    }

    [Fact]
    public async Task ModelFromTheParameter_WinsOverTheResponseModel()
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt-2026-01-01", "ok", new OpenAiUsage(1_000, 100));

        await Chat().AskAnyAsync("hi", model: "e2e-reasoner");

        LlmCallRecord record = SingleRecord();
        Assert.Equal("e2e-reasoner", record.Model);
        // e2e-reasoner, not e2e-gpt (which would be 0.0028): 1,000 × 0.00000125 + 100 × 0.00001 = 0.00125 + 0.001
        Assert.Equal(0.00225m, record.CostUsd);
    }

    [Fact]
    public async Task LongContext_ConstantAndRunTimePricingAgree_AndBillTheWholeCallAtTheTier()
    {
        OpenAiUsage usage = new(250_000, 4_000, CachedTokens: 200_000, ReasoningTokens: 1_000);
        OpenAiServer.EnqueueCompletion("e2e-reasoner", "ok", usage);
        OpenAiServer.EnqueueCompletion("e2e-reasoner", "ok", usage);

        await Chat().AskReasonerAsync("long"); // rates compiled into the interceptor
        await Chat().AskAnyAsync("long", model: "e2e-reasoner"); // rates looked up in LlmPricing

        // Input 250,000 > 200,000: the tier prices every token.
        // 50,000 fresh × 0.0000025 + 200,000 cached × 0.00000025 + 3,000 output × 0.00002 + 1,000 reasoning × 0.00003
        // = 0.125 + 0.05 + 0.06 + 0.03
        Assert.Collection(
            Sink.Records,
            constant => Assert.Equal(0.265m, constant.CostUsd),
            runTime => Assert.Equal(0.265m, runTime.CostUsd));
    }

    [Fact]
    public async Task LongContext_TierWithoutCacheOrReasoningRates_FallsBackToTheBaseRates()
    {
        OpenAiUsage usage = new(150_000, 2_000, CachedTokens: 50_000, ReasoningTokens: 500);
        OpenAiServer.EnqueueCompletion("e2e-gpt", "ok", usage);
        OpenAiServer.EnqueueCompletion("e2e-gpt", "ok", usage);

        Chat("e2e-gpt").Answer("long"); // constant "e2e-gpt"
        await Chat("e2e-gpt").AskAnyAsync("long", model: "e2e-gpt"); // run-time lookup

        // Input 150,000 > 100,000: tier input 4 and output 16; the tier names no cache-read or reasoning rate, so
        // the base model's stated ones apply (docs/cost-rules.md, "Fallbacks").
        // 100,000 fresh × 0.000004 + 50,000 cached × 0.0000005 + 1,500 output × 0.000016 + 500 reasoning × 0.000012
        // = 0.4 + 0.025 + 0.024 + 0.006
        Assert.Collection(
            Sink.Records,
            constant => Assert.Equal(0.455m, constant.CostUsd),
            runTime => Assert.Equal(0.455m, runTime.CostUsd));
    }

    [Fact]
    public async Task LongContext_ThresholdIsExclusive()
    {
        OpenAiServer.EnqueueCompletion("e2e-reasoner", "ok", new OpenAiUsage(200_000, 1_000));
        OpenAiServer.EnqueueCompletion("e2e-reasoner", "ok", new OpenAiUsage(200_001, 1_000));

        await Chat().AskReasonerAsync("at the threshold");
        await Chat().AskReasonerAsync("one above");

        Assert.Collection(
            Sink.Records,
            // Exactly 200,000 is not above 200,000: base rates. 200,000 × 0.00000125 + 1,000 × 0.00001 = 0.25 + 0.01
            at => Assert.Equal(0.26m, at.CostUsd),
            // 200,001 × 0.0000025 + 1,000 × 0.00002 = 0.5000025 + 0.02
            above => Assert.Equal(0.5200025m, above.CostUsd));
    }

    [Fact]
    public async Task BatchServiceTier_UsesTheBatchRates()
    {
        OpenAiServer.EnqueueCompletion("e2e-reasoner", "ok", new OpenAiUsage(10_000, 2_000, CachedTokens: 4_000, ReasoningTokens: 1_000));

        await Chat().AskReasonerBatchAsync("later");

        LlmCallRecord record = SingleRecord();
        Assert.Equal("batch", record.ServiceTier);
        // 6,000 fresh × 0.000000625 + 4,000 cached × 0.0000000625 + 1,000 output × 0.000005 + 1,000 reasoning × 0.0000075
        // = 0.00375 + 0.00025 + 0.005 + 0.0075
        Assert.Equal(0.0165m, record.CostUsd);
    }

    [Fact]
    public async Task PriorityServiceTier_LongContext_ConstantAndRunTimePricingAgree()
    {
        OpenAiUsage usage = new(300_000, 10_000, CachedTokens: 100_000, ReasoningTokens: 5_000);
        OpenAiServer.EnqueueCompletion("e2e-reasoner", "ok", usage);
        OpenAiServer.EnqueueCompletion("e2e-reasoner", "ok", usage);

        await Chat().AskReasonerPriorityAsync("fast and long");
        await Chat().AskPriorityAsync("fast and long", model: "e2e-reasoner");

        // Priority, above 200,000: 200,000 fresh × 0.000005 + 100,000 cached × 0.0000005 + 5,000 output × 0.00004
        // + 5,000 reasoning × 0.00006 = 1 + 0.05 + 0.2 + 0.3
        Assert.Collection(
            Sink.Records,
            constant =>
            {
                Assert.Equal(1.55m, constant.CostUsd);
                Assert.Equal("priority", constant.ServiceTier);
            },
            runTime =>
            {
                Assert.Equal(1.55m, runTime.CostUsd);
                Assert.Equal("priority", runTime.ServiceTier);
            });
    }

    [Fact]
    public async Task PriorityServiceTier_RateTheTierDoesNotName_FallsBackToTheStandardRate()
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt", "ok", new OpenAiUsage(1_000, 100, CachedTokens: 400));

        await Chat("e2e-gpt").AskPriorityAsync("fast", model: "e2e-gpt");

        // e2e-gpt priority names input 3.5 and output 14 only; cache reads take the standard cache-read rate 0.5.
        // 600 fresh × 0.0000035 + 400 cached × 0.0000005 + 100 output × 0.000014 = 0.0021 + 0.0002 + 0.0014
        Assert.Equal(0.0037m, SingleRecord().CostUsd);
    }
}
