using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>What the pages read from and how they behave.</summary>
/// <param name="OpenReports">Opens the report layer over the cost database (one instance per request: it is not thread-safe).</param>
/// <param name="Prices">The compiled price catalogue (in an application: <see cref="LlmPricing.GetAllPrices"/>).</param>
/// <param name="Clock">The clock periods and budgets are counted from.</param>
/// <param name="Zone">The zone reports count days in when the URL names none (<c>tz=</c>).</param>
/// <param name="ReadOnly">No forms and no write routes (<c>--read-only</c>).</param>
internal sealed record DashboardPageOptions(
    Func<CostReports> OpenReports,
    Func<IEnumerable<ModelPrice>> Prices,
    TimeProvider Clock,
    TimeZoneInfo Zone,
    bool ReadOnly);
