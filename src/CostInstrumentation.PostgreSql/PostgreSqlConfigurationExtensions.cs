using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CostInstrumentation.PostgreSql;

/// <summary>
/// The shared ledger from configuration (<c>CostInstrumentation:PostgreSql</c>, docs/multi-host.md lists the keys), over
/// the configuration abstractions alone, so the package brings no hosting into an app that does not use it.
/// </summary>
public static class PostgreSqlConfigurationExtensions
{
    /// <summary>
    /// <see cref="PostgreSqlCostOptionsExtensions.UsePostgreSql"/> as <paramref name="section"/> says: <c>ConnectionString</c>
    /// (required once the section exists), the <see cref="PostgreSqlLedgerOptions"/> by name (<c>MaxBatchSize</c>,
    /// <c>MaxBatchDelay</c>, <c>MaxRetryDelay</c>, <c>HoldTimeout</c>, <c>UnreachableBackoff</c>, <c>LeaseFraction</c>,
    /// <c>LeaseIdleTimeout</c>), and <c>FailOpen</c> and <c>Lease</c>: lists of the hard limits they apply to, each a
    /// budget's source (<c>CostInstrumentation:Budgets:0</c>, <c>budgets.json</c>, …) or <c>*</c> for all. A missing or
    /// empty section leaves the host on SQLite alone, so one line serves hosts with and without a shared ledger.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is missing or invalid: the message names every such key in full.</exception>
    public static LlmCostOptions UsePostgreSql(this LlmCostOptions options, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        if (!section.GetChildren().Any())
        {
            return options;
        }

        string prefix = section is IConfigurationSection { Path.Length: > 0 } named ? named.Path + ":" : "";
        List<string> problems = [];
        PostgreSqlLedgerOptions read = new();
        Read<int>(section, prefix, nameof(read.MaxBatchSize), int.TryParse, value => read.MaxBatchSize = value, problems);
        Read<TimeSpan>(section, prefix, nameof(read.MaxBatchDelay), TimeSpan.TryParse, value => read.MaxBatchDelay = Positive(value), problems);
        Read<TimeSpan>(section, prefix, nameof(read.MaxRetryDelay), TimeSpan.TryParse, value => read.MaxRetryDelay = Positive(value), problems);
        Read<TimeSpan>(section, prefix, nameof(read.HoldTimeout), TimeSpan.TryParse, value => read.HoldTimeout = value, problems);
        Read<TimeSpan>(section, prefix, nameof(read.UnreachableBackoff), TimeSpan.TryParse, value => read.UnreachableBackoff = Positive(value), problems);
        Read<decimal>(section, prefix, nameof(read.LeaseFraction), decimal.TryParse, value => read.LeaseFraction = value, problems);
        Read<TimeSpan>(section, prefix, nameof(read.LeaseIdleTimeout), TimeSpan.TryParse, value => read.LeaseIdleTimeout = Positive(value), problems);
        read.FailOpen = Budgets(section, nameof(read.FailOpen));
        read.Lease = Budgets(section, nameof(read.Lease));
        string? connectionString = section["ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            problems.Add($"{prefix}ConnectionString is required: the PostgreSQL ledger's connection string (Host=…;Database=…;Username=…).");
        }

        if (options.SqlitePath is null)
        {
            problems.Add($"{prefix}ConnectionString needs a SQLite file to ship from (CostInstrumentation:SqlitePath, or UseSqlite before UsePostgreSql).");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        return options.UsePostgreSql(connectionString!, ledger =>
        {
            ledger.MaxBatchSize = read.MaxBatchSize;
            ledger.MaxBatchDelay = read.MaxBatchDelay;
            ledger.MaxRetryDelay = read.MaxRetryDelay;
            ledger.HoldTimeout = read.HoldTimeout;
            ledger.UnreachableBackoff = read.UnreachableBackoff;
            ledger.LeaseFraction = read.LeaseFraction;
            ledger.LeaseIdleTimeout = read.LeaseIdleTimeout;
            ledger.FailOpen = read.FailOpen;
            ledger.Lease = read.Lease;
        });
    }

    private delegate bool Parser<T>(string? text, IFormatProvider? provider, out T value);

    /// <summary>Sets the option when the key is there; a value that does not parse, or that the option refuses, is a problem naming the key.</summary>
    private static void Read<T>(IConfiguration section, string prefix, string key, Parser<T> parse, Action<T> set, List<string> problems)
    {
        if (section[key] is not { } text)
        {
            return;
        }

        if (!parse(text, CultureInfo.InvariantCulture, out T value))
        {
            problems.Add($"{prefix}{key} is not a {(typeof(T) == typeof(TimeSpan) ? "duration (hh:mm:ss)" : "number")} (it is '{text}').");
            return;
        }

        try
        {
            set(value);
        }
        catch (ArgumentOutOfRangeException exception)
        {
            problems.Add($"{prefix}{key} is out of range (it is '{text}'): {exception.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static TimeSpan Positive(TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A duration must be longer than 0.");

    /// <summary>The hard limits a list names: by source (a configuration budget by its entry, e.g. <c>CostInstrumentation:Budgets:0</c>, covering each of its limits), or all with <c>*</c>.</summary>
    private static Func<LlmBudget, bool> Budgets(IConfiguration section, string key)
    {
        string[] names = [.. section.GetSection(key).GetChildren().Select(c => c.Value).OfType<string>(), .. section[key] is { Length: > 0 } one ? [one] : Array.Empty<string>()];
        return budget => Array.Exists(names, name => name == "*"
            || (budget.Source is { } source && (source == name || source.StartsWith(name + ":", StringComparison.Ordinal))));
    }
}
