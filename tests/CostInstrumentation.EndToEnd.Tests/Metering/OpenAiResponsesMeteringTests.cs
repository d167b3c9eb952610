using System.ClientModel;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The Responses API is [Experimental("OPENAI001")] in OpenAI 2.10.0.

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>The real OpenAI Responses client (<see cref="ResponseResult"/>) through metered methods.</summary>
[Collection(MeteringCollection.Name)]
public sealed class OpenAiResponsesMeteringTests : MeteringTestBase
{
    private ResponsesScenarios Responses => new(SdkClients.CreateOpenAiResponsesClient(OpenAiServer));

    [Fact]
    public async Task ResponseResult_CachedAndReasoningTokensAreCountedOnce()
    {
        OpenAiServer.EnqueueCompletion("e2e-reasoner-2026-02-01", "responded", new OpenAiUsage(8_000, 1_500, CachedTokens: 6_000, ReasoningTokens: 1_000));

        int line = Line(); ClientResult<ResponseResult> result = await Responses.RespondAsync("hi");

        Assert.Equal("responded", result.Value.GetOutputText());
        Assert.Equal("/v1/responses", OpenAiServer.LastRequest.Path);
        LlmCallRecord record = SingleRecord();
        // The Responses API counts like chat: input includes cached, output includes reasoning.
        Assert.Equal(new LlmUsage(8_000, 1_500, CachedInputTokens: 6_000, ReasoningTokens: 1_000), record.Usage);
        // 2,000 fresh × 0.00000125 + 6,000 cached × 0.000000125 + 500 output × 0.00001 + 1,000 reasoning × 0.000015
        // = 0.0025 + 0.00075 + 0.005 + 0.015
        Assert.Equal(0.02325m, record.CostUsd);
        Assert.Equal("e2e-reasoner", record.Model);
        Assert.Equal("CostInstrumentation.EndToEnd.Tests.Metering.ResponsesScenarios.RespondAsync", record.Operation);
        Assert.Equal($"Metering/OpenAiResponsesMeteringTests.cs:{line}", record.CallSite);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
    }

    [Fact]
    public void SyncResponseResult_ModelFromTheResponse_ResolvesThroughTheAlias()
    {
        OpenAiServer.EnqueueCompletion("e2e-reasoner-2026-02-01", "responded", new OpenAiUsage(2_000, 100));

        ClientResult<ResponseResult> result = Responses.Respond("hi");

        Assert.Equal("e2e-reasoner-2026-02-01", result.Value.Model);
        LlmCallRecord record = SingleRecord();
        Assert.Equal("e2e-reasoner-2026-02-01", record.Model);
        Assert.Equal("openai", record.Provider);
        // 2,000 × 0.00000125 + 100 × 0.00001 = 0.0025 + 0.001
        Assert.Equal(0.0035m, record.CostUsd);
    }
}
