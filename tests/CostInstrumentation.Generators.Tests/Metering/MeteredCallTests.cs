using System.Reflection;
using System.Threading.Tasks;
using CostInstrumentation;

namespace CostInstrumentation.Generators.Tests.Metering;

/// <summary>
/// Compiles user code with the generator, loads it and calls it: every call of a metered method must be
/// recorded once, priced exactly, and leave results and exceptions untouched. One class, because
/// <see cref="LlmCostTracker"/> is process-wide.
/// </summary>
public sealed class MeteredCallTests : IDisposable
{
    private static readonly Lazy<Assembly> s_consumer = new(() => MeteringHarness.Load(MeteringHarness.Run(MeteringSources.Library, MeteringSources.Caller)));
    private readonly InMemoryCostSink _sink = new();
    private readonly List<LlmCostErrorEventArgs> _errors = [];

    public MeteredCallTests()
    {
        LlmCostTracker.Configure(options => options.AddSink(_sink));
        LlmCostTracker.Error += OnError;
        Failure(null);
    }

    public void Dispose()
    {
        LlmCostTracker.Error -= OnError;
        LlmCostTracker.Configure(_ => { });
        Failure(null);
    }

    [Fact]
    public void ConstantModelCall_IsRecordedOnceWithExactCostAndCallSite()
    {
        object reply = Call("Summarize");

        Assert.Equal("re: ticket", Text(reply));
        LlmCallRecord record = Assert.Single(_sink.Records);
        // 600 fresh input × 0.000002 + 400 cached × 0.0000005 + 200 output × 0.000008 = 0.0012 + 0.0002 + 0.0016
        Assert.Equal(0.003m, record.CostUsd);
        Assert.Equal(new LlmUsage(1_000, 200, CachedInputTokens: 400), record.Usage);
        Assert.Equal("acme-large", record.Model);
        Assert.Equal("acme", record.Provider);
        Assert.Equal("Shop.Assistant.Summarize", record.Operation);
        Assert.Equal("Source1.cs:9", record.CallSite);
        Assert.Equal("checkout", record.Project);
        Assert.Equal(["summaries"], record.Tags);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Null(record.PricingError);
        Assert.Equal(LlmPricing.Version, record.PricingVersion);
    }

    [Fact]
    public async Task ModelFromParameter_ResolvesThroughAlias_AndContextFlowsAcrossAwait()
    {
        object reply = await CallAsync("AskInScope");

        Assert.Equal("re: why?", Text(reply));
        LlmCallRecord record = Assert.Single(_sink.Records);
        // 3,000 input × 0.000002 + 100 output × 0.000008 = 0.006 + 0.0008
        Assert.Equal(0.0068m, record.CostUsd);
        Assert.Equal("acme-large-2026-01-01", record.Model);
        Assert.Equal("session-7", record.SessionId);
        Assert.Equal("support", record.Project);
        Assert.Equal(["night-shift"], record.Tags);
    }

    [Fact]
    public async Task ValueTaskCall_IsPriced()
    {
        object reply = await CallValueTaskAsync("Classify", CancellationToken.None);

        Assert.Equal("re: spam?", Text(reply));
        // 10,000 input × 0.0000001 + 10 output × 0.0000004 = 0.001 + 0.000004
        Assert.Equal(0.001004m, Assert.Single(_sink.Records).CostUsd);
    }

    [Fact]
    public async Task Cancellation_PropagatesAndIsRecordedAsCancelledWithUnknownCost()
    {
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CallValueTaskAsync("Classify", cancelled.Token));

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Null(record.CostUsd);
    }

    [Fact]
    public void ExceptionFromTheOriginal_ReachesTheCallerUnchanged()
    {
        InvalidOperationException failure = new("provider said no");
        Failure(failure);

        TargetInvocationException thrown = Assert.Throws<TargetInvocationException>(() => Call("Summarize"));

        Assert.Same(failure, thrown.InnerException);
        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal("System.InvalidOperationException", record.ErrorType);
    }

    [Fact]
    public void UnpricedModel_IsRecordedWithUnknownCost_AndReportedOnce()
    {
        Call("Legacy");
        Call("Legacy");

        Assert.All(_sink.Records, r =>
        {
            Assert.Null(r.CostUsd);
            Assert.Equal(LlmCallOutcome.Ok, r.Outcome);
            Assert.Contains("no-such-model", r.PricingError);
        });
        Assert.Equal(2, _sink.Records.Count);
        Assert.True(_errors.Count(e => e.Kind == LlmCostErrorKind.ModelNotPriced) <= 1, "reported more than once");
    }

    [Fact]
    public void InvalidUsage_IsNeverPriced()
    {
        Call("Broken");

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Null(record.CostUsd);
        Assert.Contains("Reasoning tokens (30) exceed the output tokens (20)", record.PricingError);
        Assert.Contains(_errors, e => e.Kind == LlmCostErrorKind.InvalidUsage);
    }

    [Fact]
    public async Task Stream_IsRecordedOnceWhenItEnds_WithUsageFromTheChunks()
    {
        Assert.Equal("Hello!", await CallAsync("StreamAll"));

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal(new LlmUsage(2_000, 100), record.Usage);
        // 2,000 input × 0.000002 + 100 output × 0.000008 = 0.004 + 0.0008
        Assert.Equal(0.0048m, record.CostUsd);
    }

    [Fact]
    public async Task AbandonedStream_IsRecordedAsCancelled_WithWhatWasSeen()
    {
        Assert.Equal("Hel", await CallAsync("StreamFirst"));

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Equal(new LlmUsage(2_000, 1), record.Usage);
        // 2,000 input × 0.000002 + 1 output × 0.000008 = 0.004 + 0.000008
        Assert.Equal(0.004008m, record.CostUsd);
    }

    [Fact]
    public void ThrowingSink_NeverReachesTheCaller()
    {
        LlmCostTracker.Configure(options => options.AddSink(new ThrowingSink()).AddSink(_sink));
        long failedBefore = LlmCostTracker.FailedWrites;

        object reply = Call("Summarize");

        Assert.Equal("re: ticket", Text(reply));
        Assert.Single(_sink.Records);
        Assert.Equal(failedBefore + 1, LlmCostTracker.FailedWrites);
        Assert.Contains(_errors, e => e.Kind == LlmCostErrorKind.SinkFailed && e.Exception is IOException);
    }

    private void OnError(object? sender, LlmCostErrorEventArgs error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }

    private static Type Calls => s_consumer.Value.GetType("Shop.Calls", throwOnError: true)!;

    private static object Call(string method) => Calls.GetMethod(method)!.Invoke(null, null)!;

    private static async Task<object> CallAsync(string method)
    {
        Task task = (Task)Calls.GetMethod(method)!.Invoke(null, null)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    private static async Task<object> CallValueTaskAsync(string method, CancellationToken token)
    {
        object valueTask;
        try
        {
            valueTask = Calls.GetMethod(method)!.Invoke(null, [token])!;
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is { } inner)
        {
            // The original throws before returning a task; so must the interceptor (it does not turn it into a faulted task).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }

        Task task = (Task)valueTask.GetType().GetMethod("AsTask")!.Invoke(valueTask, null)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    private static string Text(object reply) => (string)reply.GetType().GetProperty("Text")!.GetValue(reply)!;

    private static void Failure(Exception? exception) =>
        s_consumer.Value.GetType("Shop.Assistant", throwOnError: true)!.GetField("NextFailure")!.SetValue(null, exception);

    private sealed class ThrowingSink : ILlmCostSink
    {
        public void Write(in LlmCallRecord record) => throw new IOException("disk full");

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
