using System.ClientModel;
using System.Collections.Generic;
using System.Threading.Tasks;
using Anthropic.Models.Messages;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Library;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using OpenAI.Chat;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>
/// Metered methods declared in CostInstrumentation.EndToEnd.Library and called here: this project's generator reads
/// the attributes from metadata and intercepts the calls, pricing them with this project's tables (the library has none).
/// </summary>
[Collection(MeteringCollection.Name)]
public sealed class CrossProjectMeteringTests : MeteringTestBase
{
    [Fact]
    public async Task AttributeNamedArgumentsAndParameterAttributes_AreReadFromMetadata()
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt-2026-01-01", "ok", new OpenAiUsage(10_000, 2_000, CachedTokens: 4_000, ReasoningTokens: 1_000));
        LibraryOpenAi library = new(SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-reasoner"));

        int line = Line(); ClientResult<ChatCompletion> result = await library.AskAsync("hi", model: "e2e-reasoner", session: "lib-session");

        Assert.Equal("ok", result.Value.Content[0].Text);
        LlmCallRecord record = SingleRecord();
        Assert.Equal("CostInstrumentation.EndToEnd.Library.LibraryOpenAi.AskAsync", record.Operation);
        Assert.Equal($"Metering/CrossProjectMeteringTests.cs:{line}", record.CallSite);
        Assert.Equal("e2e-reasoner", record.Model); // [LlmModel], not the response's e2e-gpt id
        Assert.Equal("lib-session", record.SessionId); // [LlmSession]
        Assert.Equal("openai-library", record.Provider);
        Assert.Equal("library", record.Project);
        Assert.Equal(["library", "chat"], record.Tags);
        Assert.Equal("batch", record.ServiceTier);
        // e2e-reasoner at batch: 6,000 fresh × 0.000000625 + 4,000 cached × 0.0000000625 + 1,000 output × 0.000005
        // + 1,000 reasoning × 0.0000075 = 0.00375 + 0.00025 + 0.005 + 0.0075
        Assert.Equal(0.0165m, record.CostUsd);
    }

    [Fact]
    public async Task StreamDeclaredInTheLibrary_IsMeteredHere()
    {
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "library stream", Usage = new OpenAiUsage(2_000, 50) });
        LibraryOpenAi library = new(SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt"));

        int line = Line(); List<StreamingChatCompletionUpdate> updates = await DrainAsync(library.StreamAsync("hi"));

        Assert.NotEmpty(updates);
        LlmCallRecord record = SingleRecord();
        Assert.Equal("CostInstrumentation.EndToEnd.Library.LibraryOpenAi.StreamAsync", record.Operation);
        Assert.Equal($"Metering/CrossProjectMeteringTests.cs:{line}", record.CallSite);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        // 2,000 × 0.000002 + 50 × 0.000008 = 0.004 + 0.0004
        Assert.Equal(0.0044m, record.CostUsd);
    }

    [Fact]
    public void StaticMethodDeclaredInTheLibrary_IsMeteredHere()
    {
        OpenAiServer.EnqueueCompletion("e2e-reasoner", "ok", new OpenAiUsage(1_000, 200, CachedTokens: 0, ReasoningTokens: 100));

        int line = Line(); LibraryOpenAi.Answer(SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-reasoner"), "hi");

        LlmCallRecord record = SingleRecord();
        Assert.Equal("CostInstrumentation.EndToEnd.Library.LibraryOpenAi.Answer", record.Operation);
        Assert.Equal($"Metering/CrossProjectMeteringTests.cs:{line}", record.CallSite);
        // 1,000 × 0.00000125 + 100 output × 0.00001 + 100 reasoning × 0.000015 = 0.00125 + 0.001 + 0.0015
        Assert.Equal(0.00375m, record.CostUsd);
    }

    [Fact]
    public async Task ExtensionMethodDeclaredInTheLibrary_IsMeteredHere()
    {
        AnthropicServer.EnqueueMessage("e2e-claude-20260101", "ok", new AnthropicUsage(InputTokens: 50, OutputTokens: 200, CacheReadInputTokens: 3_000, CacheCreationInputTokens: 1_000));

        int line = Line(); Message message = await SdkClients.CreateAnthropicClient(AnthropicServer).AskClaudeAsync("hi");

        Assert.Equal(200L, message.Usage.OutputTokens);
        LlmCallRecord record = SingleRecord();
        Assert.Equal("CostInstrumentation.EndToEnd.Library.LibraryAnthropic.AskClaudeAsync", record.Operation);
        Assert.Equal($"Metering/CrossProjectMeteringTests.cs:{line}", record.CallSite);
        Assert.Equal(["library"], record.Tags);
        Assert.Equal(new LlmUsage(4_050, 200, CachedInputTokens: 3_000, CacheWriteInputTokens: 1_000), record.Usage);
        // 50 × 0.000003 + 3,000 × 0.0000003 + 1,000 × 0.00000375 + 200 × 0.000015 = 0.00015 + 0.0009 + 0.00375 + 0.003
        Assert.Equal(0.0078m, record.CostUsd);
    }

    [Fact]
    public async Task CallInsideTheLibrary_IsMeteredByTheLibrarysOwnInterceptor_AndPricedAtRunTime()
    {
        FakeChatClient chat = new();
        chat.Enqueue(FakeChatReply.WithUsage("e2e-gpt", "inside", input: 500, output: 50));

        string text = await new LibraryAssistant(chat).AskInsideLibraryAsync("hi");

        Assert.Equal("inside", text);
        LlmCallRecord record = SingleRecord();
        Assert.Equal("CostInstrumentation.EndToEnd.Library.LibraryAssistant.AskAsync", record.Operation);
        Assert.Equal("LibraryAssistant.cs:19", record.CallSite); // the call site in the library's own source
        Assert.Equal("library", record.Project);
        // The library compiles no price table; e2e-gpt is found in this project's table through LlmPricing.
        // 500 × 0.000002 + 50 × 0.000008 = 0.001 + 0.0004
        Assert.Equal(0.0014m, record.CostUsd);
    }
}
