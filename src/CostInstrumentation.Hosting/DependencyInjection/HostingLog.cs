using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Hosting;

/// <summary>
/// The hosting's own log events (ids 100–199). The runtime's problems are logged by the pipeline with their
/// <see cref="LlmCostErrorKind"/> + 1 as the event id (1–99).
/// </summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Cost tracking started: recording to {Database}, {BudgetCount} budgets in force, pricing {PricingVersion}")]
    public static partial void Started(ILogger logger, string database, int budgetCount, string pricingVersion);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Cost tracking is off (Enabled = false): calls are not recorded and no budget is enforced")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Pricing override {File}: {ModelCount} models priced by it instead of the compiled table, recorded as pricing version {Version}")]
    public static partial void PricingOverride(ILogger logger, string file, int modelCount, string version);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "{Location}: warning {Id}: {Message}")]
    public static partial void PricingFileWarning(ILogger logger, string location, string id, string message);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Cost tracking flushed on shutdown")]
    public static partial void Flushed(ILogger logger);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Cost tracking could not flush before the shutdown timeout; records still buffered are written when the pipeline is disposed")]
    public static partial void FlushTimedOut(ILogger logger);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Exported {Count} calls recorded since start-up to {File}")]
    public static partial void Exported(ILogger logger, long count, string file);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "Exporting the calls recorded since start-up to {File} failed")]
    public static partial void ExportFailed(ILogger logger, System.Exception exception, string file);
}
