using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard;

/// <summary>The options of one mapped dashboard, resolved once: what every API handler and page reads the data through.</summary>
internal sealed class DashboardContext
{
    private readonly Func<CostReports> _open;
    private readonly Func<IEnumerable<ModelPrice>> _prices;

    internal DashboardContext(string prefix, LlmCostDashboardOptions options)
    {
        Prefix = prefix.TrimEnd('/');
        Options = options;
        string? path = options.DatabasePath;
        _open = options.Reports ?? (path is { Length: > 0 }
            ? () => CostReports.Open(path)
            : throw new InvalidOperationException("MapLlmCostDashboard needs a database: set options.DatabasePath (or options.Reports)."));
        _prices = options.Prices ?? LlmPricing.GetAllPrices;
    }

    /// <summary>The path the dashboard is mapped under, without a trailing slash ("" at the root).</summary>
    public string Prefix { get; }

    public LlmCostDashboardOptions Options { get; }

    public DateTimeOffset Now => Options.Clock.GetUtcNow();

    /// <summary>A report layer for one request; the caller disposes it.</summary>
    public CostReports OpenReports() => _open();

    /// <summary>Every price of the catalogue, one per model.</summary>
    public IEnumerable<ModelPrice> Prices => _prices().DistinctBy(price => price.Model, StringComparer.Ordinal);

    /// <summary>A lookup of a model id or alias (ids first, then aliases, then ids ignoring case) to its price, built once per request.</summary>
    public Func<string, ModelPrice?> PriceLookup()
    {
        List<ModelPrice> all = [.. Prices];
        Dictionary<string, ModelPrice> byId = all.ToDictionary(p => p.Model, StringComparer.Ordinal);
        Dictionary<string, ModelPrice> byAlias = new(StringComparer.Ordinal);
        foreach (ModelPrice price in all)
        {
            foreach (string alias in price.Definition.Aliases)
            {
                byAlias.TryAdd(alias, price);
            }
        }

        Dictionary<string, ModelPrice> ignoringCase = all.DistinctBy(p => p.Model, StringComparer.OrdinalIgnoreCase).ToDictionary(p => p.Model, StringComparer.OrdinalIgnoreCase);
        return model => byId.GetValueOrDefault(model) ?? byAlias.GetValueOrDefault(model) ?? ignoringCase.GetValueOrDefault(model);
    }
}
