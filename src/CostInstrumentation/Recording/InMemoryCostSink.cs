namespace CostInstrumentation;

/// <summary>Keeps records in memory: for tests, samples and short-lived tools. Thread-safe.</summary>
public sealed class InMemoryCostSink : ILlmCostSink
{
    private readonly Lock _gate = new();
    private readonly List<LlmCallRecord> _records = [];

    /// <summary>A snapshot of the records written so far, in write order.</summary>
    public IReadOnlyList<LlmCallRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>The sum of the known costs.</summary>
    public decimal TotalCostUsd
    {
        get
        {
            lock (_gate)
            {
                return _records.Sum(r => r.CostUsd ?? 0m);
            }
        }
    }

    /// <inheritdoc />
    public void Write(in LlmCallRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }
    }

    /// <summary>Forgets every record.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
        }
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
