namespace CostInstrumentation;

/// <summary>What <see cref="LlmCostTracker.Configure"/> sets up.</summary>
public sealed class LlmCostOptions
{
    internal List<ILlmCostSink> Sinks { get; } = [];

    /// <summary>The project recorded for calls that name none (by attribute or <see cref="LlmCostContext"/>).</summary>
    public string? DefaultProject { get; set; }

    /// <summary>Records every call to the SQLite database at <paramref name="path"/> (created when missing).</summary>
    public LlmCostOptions UseSqlite(string path, Action<SqliteSinkOptions>? configure = null)
    {
        SqliteSinkOptions options = new();
        configure?.Invoke(options);
        return AddSink(new SqliteCostSink(path, options));
    }

    /// <summary>Adds a sink; every record goes to every sink.</summary>
    public LlmCostOptions AddSink(ILlmCostSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Sinks.Add(sink);
        return this;
    }
}
