using System.Linq;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary><see cref="LlmCostContext.Begin"/>: project, session and tags flowing into the records of real SDK calls.</summary>
[Collection(MeteringCollection.Name)]
public sealed class ContextMeteringTests : MeteringTestBase
{
    private OpenAiScenarios Chat => new(SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt"));

    private MeteredOpenAi Tagged => new(SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt"));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        OpenAiServer.DefaultReply = OpenAiReply.Completion("e2e-gpt", "ok", new OpenAiUsage(10, 10));
    }

    [Fact]
    public async Task Scope_FlowsAcrossAwait_TaskRun_ASyncCallAndAStream()
    {
        using (LlmCostContext.Begin(project: "billing", sessionId: "session-9", tags: ["nightly", "batch-job"]))
        {
            await Task.Yield();
            await Chat.AskAnyAsync("awaited", model: "e2e-gpt");
            await Task.Run(() => Chat.Answer("sync on the thread pool"));
            await Task.Run(async () => await DrainAsync(Chat.StreamAsync("streamed on the thread pool")));
        }

        Assert.Equal(3, Sink.Records.Count);
        Assert.All(Sink.Records, record =>
        {
            Assert.Equal("billing", record.Project);
            Assert.Equal("session-9", record.SessionId);
            Assert.Equal(["nightly", "batch-job"], record.Tags);
            // 10 × 0.000002 + 10 × 0.000008 = 0.00002 + 0.00008
            Assert.Equal(0.0001m, record.CostUsd);
        });
    }

    [Fact]
    public async Task NestedScopes_InheritAndAddTags_AndRestoreOnDispose()
    {
        using (LlmCostContext.Begin(project: "outer", sessionId: "s-outer", tags: "t-outer"))
        {
            using (LlmCostContext.Begin(sessionId: "s-inner", tags: "t-inner"))
            {
                await Chat.AskAnyAsync("inner", model: "e2e-gpt");
            }

            await Chat.AskAnyAsync("outer", model: "e2e-gpt");
        }

        await Chat.AskAnyAsync("none", model: "e2e-gpt");

        Assert.Collection(
            Sink.Records,
            inner =>
            {
                Assert.Equal("outer", inner.Project);
                Assert.Equal("s-inner", inner.SessionId);
                Assert.Equal(["t-outer", "t-inner"], inner.Tags);
            },
            outer =>
            {
                Assert.Equal("outer", outer.Project);
                Assert.Equal("s-outer", outer.SessionId);
                Assert.Equal(["t-outer"], outer.Tags);
            },
            none =>
            {
                Assert.Null(none.Project);
                Assert.Null(none.SessionId);
                Assert.Empty(none.Tags);
            });
    }

    [Fact]
    public async Task AttributeAndParameters_TakePrecedence_TagsAreMerged()
    {
        using (LlmCostContext.Begin(project: "ctx-project", sessionId: "ctx-session", tags: ["ctx-tag", "openai"]))
        {
            await Tagged.AskAsync("attribute project and tags"); // [MeteredLlmCall(Project = "e2e", Tags = ["openai"])]
            Tagged.Answer("session parameter", conversation: "param-session"); // [LlmSession]
        }

        Assert.Collection(
            Sink.Records,
            attributed =>
            {
                Assert.Equal("e2e", attributed.Project);
                Assert.Equal("ctx-session", attributed.SessionId);
                Assert.Equal(["openai", "ctx-tag"], attributed.Tags); // the union, without duplicates
            },
            parameter =>
            {
                Assert.Equal("ctx-project", parameter.Project);
                Assert.Equal("param-session", parameter.SessionId);
                Assert.Equal(["ctx-tag", "openai"], parameter.Tags);
            });
    }

    [Fact]
    public async Task ConcurrentScopes_DoNotLeakIntoEachOther()
    {
        async Task CallInScopeAsync(string session)
        {
            using (LlmCostContext.Begin(project: "parallel", sessionId: session))
            {
                await Task.Yield();
                await Chat.AskAnyAsync(session, model: "e2e-gpt");
                await Chat.AskAnyAsync(session, model: "e2e-gpt");
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => CallInScopeAsync("session-" + i))));

        Assert.Equal(16, Sink.Records.Count);
        Assert.All(
            Sink.Records.GroupBy(r => r.SessionId),
            group => Assert.Equal(2, group.Count()));
        Assert.Equal(8, Sink.Records.Select(r => r.SessionId).Distinct().Count());
    }

    [Fact]
    public async Task DefaultProject_AppliesOutsideAnyScope()
    {
        LlmCostTracker.Configure(options =>
        {
            options.DefaultProject = "default-project";
            options.AddSink(Sink);
        });

        await Chat.AskAnyAsync("no scope", model: "e2e-gpt");
        using (LlmCostContext.Begin(project: "scoped"))
        {
            await Chat.AskAnyAsync("scope", model: "e2e-gpt");
        }

        Assert.Collection(
            Sink.Records,
            unscoped => Assert.Equal("default-project", unscoped.Project),
            scoped => Assert.Equal("scoped", scoped.Project));
    }
}
