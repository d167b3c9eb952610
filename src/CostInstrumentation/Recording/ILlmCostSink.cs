namespace CostInstrumentation;

/// <summary>Receives every metered call. <see cref="Write"/> runs on the caller's thread and must be fast;
/// a sink that throws is contained by the tracker and reported, never seen by the caller.</summary>
public interface ILlmCostSink
{
    /// <summary>Accepts one record.</summary>
    void Write(in LlmCallRecord record);

    /// <summary>Makes every record written so far durable (or visible) before completing.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}
