namespace CostInstrumentation.Tests.Recording;

/// <summary>A sink whose every write throws.</summary>
internal sealed class ThrowingSink : ILlmCostSink
{
    public void Write(in LlmCallRecord record) => throw new InvalidOperationException("sink");

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
