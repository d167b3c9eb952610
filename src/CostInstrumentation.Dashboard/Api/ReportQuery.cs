using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Mvc;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>
/// The period, zone and call filters every report route takes, spelled as the CLI's options (docs/cli.md "Shared options").
/// All strings, so binding never fails before the report layer can say what is wrong in a ProblemDetails.
/// </summary>
internal sealed class ReportQuery
{
    /// <summary>today, yesterday, this-week, last-week, this-month, last-month, this-year, last-year, all, 2026-11, 2026, 2026-W47 or 2026-11-05.</summary>
    [FromQuery(Name = "period")]
    public string? Period { get; set; }

    /// <summary>From this local date (2026-11-01) or instant with offset.</summary>
    [FromQuery(Name = "from")]
    public string? From { get; set; }

    /// <summary>Up to and including this local date, or up to this instant.</summary>
    [FromQuery(Name = "to")]
    public string? To { get; set; }

    /// <summary>24h, 7d, 4w, 3m.</summary>
    [FromQuery(Name = "last")]
    public string? Last { get; set; }

    /// <summary>A month: 2026-11, or 11 for this year's.</summary>
    [FromQuery(Name = "month")]
    public string? Month { get; set; }

    /// <summary>A year: 2026.</summary>
    [FromQuery(Name = "year")]
    public string? Year { get; set; }

    /// <summary>The zone days are counted in: local (the server's), utc or an IANA id.</summary>
    [FromQuery(Name = "tz")]
    public string? Tz { get; set; }

    /// <summary>Only this provider.</summary>
    [FromQuery(Name = "provider")]
    public string? Provider { get; set; }

    /// <summary>Only this model, or the models a glob matches (gpt-4o*).</summary>
    [FromQuery(Name = "model")]
    public string? Model { get; set; }

    /// <summary>Only this project ("" for calls without one).</summary>
    [FromQuery(Name = "project")]
    public string? Project { get; set; }

    /// <summary>Only this session.</summary>
    [FromQuery(Name = "session")]
    public string? Session { get; set; }

    /// <summary>Only calls carrying this tag (repeat: all of them).</summary>
    [FromQuery(Name = "tag")]
    public string[]? Tag { get; set; }

    /// <summary>Only this metered method (Ns.Type.Method, or Ns.Type.*).</summary>
    [FromQuery(Name = "operation")]
    public string? Operation { get; set; }

    /// <summary>Only this call site (file:line).</summary>
    [FromQuery(Name = "callSite")]
    public string? CallSite { get; set; }

    /// <summary>Only calls that ended so: ok, error, cancelled, blocked or incomplete.</summary>
    [FromQuery(Name = "outcome")]
    public string? Outcome { get; set; }

    private static readonly string[] Outcomes = ["ok", "error", "cancelled", "blocked", "incomplete"];

    /// <summary>The zone the request names, else the dashboard's.</summary>
    public TimeZoneInfo Zone(DashboardContext context) => ReportZone.Resolve(Tz, context.Options.LocalZone);

    /// <summary>The period the request names, else <paramref name="fallback"/>.</summary>
    public ReportPeriod ReportPeriod(DashboardContext context, string fallback = "all") =>
        PeriodParser.Parse(new PeriodRequest { Period = Period, From = From, To = To, Last = Last, Month = Month, Year = Year }, context.Now, Zone(context), fallback);

    /// <summary>The call filters.</summary>
    public ReportFilter Filter()
    {
        if (Outcome is not null && !Outcomes.Contains(Outcome, StringComparer.Ordinal))
        {
            throw new ReportArgumentException($"outcome '{Outcome}' is not an outcome: use {string.Join(", ", Outcomes)}.");
        }

        return new ReportFilter
        {
            Provider = Provider,
            Model = Model,
            Project = Project,
            Session = Session,
            Tags = Tag ?? [],
            Operation = Operation,
            CallSite = CallSite,
            Outcome = Outcome,
        };
    }
}
