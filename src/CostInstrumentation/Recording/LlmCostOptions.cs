using Microsoft.Extensions.Logging;

namespace CostInstrumentation;

/// <summary>What <see cref="LlmCostTracker.Configure"/> sets up.</summary>
public sealed class LlmCostOptions
{
    internal List<ILlmCostSink> Sinks { get; } = [];

    internal List<LlmBudget> Budgets { get; } = [];

    internal ILogger? Logger { get; private set; }

    /// <summary>The project recorded for calls that name none (by attribute or <see cref="LlmCostContext"/>).</summary>
    public string? DefaultProject { get; set; }

    /// <summary>Records every call to the SQLite database at <paramref name="path"/> (created when missing).</summary>
    public LlmCostOptions UseSqlite(string path, Action<SqliteSinkOptions>? configure = null)
    {
        SqliteSinkOptions options = new();
        configure?.Invoke(options);
        return AddSink(new SqliteCostSink(path, options));
    }

    /// <summary>Enforces <paramref name="budget"/> alongside the budgets compiled in from attributes and budget files.</summary>
    public LlmCostOptions AddBudget(LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Budgets.Add(budget);
        return this;
    }

    /// <summary>Writes metering problems and budget alerts to <paramref name="logger"/> as well as raising the tracker's events.</summary>
    public LlmCostOptions UseLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Logger = logger;
        return this;
    }

    /// <summary>Adds a sink; every record goes to every sink.</summary>
    public LlmCostOptions AddSink(ILlmCostSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Sinks.Add(sink);
        return this;
    }
}
