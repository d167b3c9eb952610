using System.Threading;
using System.Threading.Tasks;

namespace CostInstrumentation.Benchmarks;

/// <summary>A sink that keeps only a count: the benchmarks measure metering, not a store, and must not grow with the run.</summary>
internal sealed class CountingSink : ILlmCostSink
{
    public long Count;

    public void Write(in LlmCallRecord record) => Count++;

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
