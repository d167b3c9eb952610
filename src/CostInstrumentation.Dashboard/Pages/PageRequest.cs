using System.Text;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>
/// One page request: the filter state read from the URL (the CLI's shared options, spelled as query keys: <c>period</c>,
/// <c>last</c>, <c>from</c>, <c>to</c>, <c>month</c>, <c>year</c>, <c>tz</c>, <c>provider</c>, <c>model</c>, <c>project</c>,
/// <c>session</c>, <c>tag</c> (repeated), <c>operation</c>, <c>call-site</c>, <c>outcome</c>) and the links that keep it.
/// A value that does not parse falls back to the page's default and is reported once, above the page.
/// </summary>
internal sealed class PageRequest
{
    /// <summary>The keys of the shared filters and period options, in the order links write them.</summary>
    public static readonly string[] FilterKeys = ["period", "last", "from", "to", "month", "year", "tz", "provider", "model", "project", "session", "tag", "operation", "call-site", "outcome"];

    private readonly IQueryCollection _query;

    /// <summary>Reads the request of <paramref name="page"/>; <paramref name="route"/>: the path requested when it is another (a form post answered with the page).</summary>
    public PageRequest(HttpContext context, DashboardContext dashboard, string page, PeriodRequest defaultPeriod, string? route = null)
    {
        HttpContext = context;
        Dashboard = dashboard;
        _query = context.Request.Query;
        string path = context.Request.PathBase.Add(context.Request.Path).Value ?? "/";
        route ??= page;
        Base = path.EndsWith(route, StringComparison.Ordinal) ? path[..^route.Length].TrimEnd('/') : path.TrimEnd('/');
        Page = page;
        Now = dashboard.Now;
        Filter = new ReportFilter
        {
            Provider = Get("provider"),
            Model = Get("model"),
            Project = Get("project"),
            Session = Get("session"),
            Tags = [.. _query["tag"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!)],
            Operation = Get("operation"),
            CallSite = Get("call-site"),
            Outcome = Get("outcome") is { } outcome && Outcomes.Contains(outcome) ? outcome : null,
        };
        try
        {
            Zone = ReportZone.Resolve(Get("tz"), dashboard.Options.LocalZone);
        }
        catch (ReportArgumentException problem)
        {
            Zone = dashboard.Options.LocalZone;
            Problem = problem.Message;
        }

        PeriodRequest request = new() { Period = Get("period"), Last = Get("last"), From = Get("from"), To = Get("to"), Month = Get("month"), Year = Get("year") };
        try
        {
            Period = PeriodParser.Parse(request.IsEmpty ? defaultPeriod : request, Now, Zone);
        }
        catch (ReportArgumentException problem)
        {
            Period = PeriodParser.Parse(defaultPeriod, Now, Zone);
            Problem = problem.Message;
        }
    }

    /// <summary>The outcomes a call can end with.</summary>
    public static IReadOnlyList<string> Outcomes { get; } = ["ok", "error", "cancelled", "blocked", "incomplete"];

    public HttpContext HttpContext { get; }

    /// <summary>The mapped dashboard: its report layer, prices, clock, zone and read-only flag.</summary>
    public DashboardContext Dashboard { get; }

    /// <summary>The dashboard's root path (the part before the page), without a trailing slash.</summary>
    public string Base { get; }

    /// <summary>This page's path under <see cref="Base"/> (<c>/explore</c>).</summary>
    public string Page { get; }

    public DateTimeOffset Now { get; }

    public TimeZoneInfo Zone { get; }

    public ReportPeriod Period { get; }

    public ReportFilter Filter { get; }

    /// <summary>A URL value that did not parse, in one sentence; null when every one did.</summary>
    public string? Problem { get; set; }

    /// <summary>A non-empty query value.</summary>
    public string? Get(string key) => _query[key] is { Count: > 0 } values && !string.IsNullOrWhiteSpace(values[^1]) ? values[^1]!.Trim() : null;

    /// <summary>
    /// A link to <paramref name="page"/> that keeps the filter state, with <paramref name="changes"/> applied (a null value
    /// removes the key; <c>tag</c> adds one more tag). Page-specific keys are kept only on the same page.
    /// </summary>
    public string Link(string page, params (string Key, string? Value)[] changes)
    {
        List<KeyValuePair<string, string>> pairs = [];
        foreach ((string key, StringValues values) in _query)
        {
            bool kept = FilterKeys.Contains(key, StringComparer.Ordinal) || page == Page;
            if (kept && !changes.Any(c => c.Key == key && key != "tag"))
            {
                pairs.AddRange(values.Where(v => v is not null).Select(v => new KeyValuePair<string, string>(key, v!)));
            }
        }

        foreach ((string key, string? value) in changes)
        {
            if (value is not null && !(key == "tag" && pairs.Contains(new(key, value))))
            {
                pairs.Add(new(key, value));
            }
        }

        // A period option replaces the others: they cannot be combined.
        if (changes.FirstOrDefault(c => c.Key is "period" or "last" or "from" or "month" or "year").Key is { } periodKey)
        {
            pairs.RemoveAll(p => p.Key is "period" or "last" or "from" or "to" or "month" or "year" && p.Key != periodKey && !(periodKey == "from" && p.Key == "to"));
        }

        StringBuilder url = new(Base);
        url.Append(page.Length == 0 ? "/" : page);
        char separator = '?';
        foreach ((string key, string value) in pairs)
        {
            url.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return url.ToString();
    }

    /// <summary>A link to this page without one tag, or without one key.</summary>
    public string Without(string key, string? value = null)
    {
        List<KeyValuePair<string, string>> pairs = [.. _query.SelectMany(p => p.Value.Where(v => v is not null).Select(v => new KeyValuePair<string, string>(p.Key, v!)))
            .Where(p => !(p.Key == key && (value is null || p.Value == value)))];
        return Base + (Page.Length == 0 ? "/" : Page) + (pairs.Count == 0 ? "" : "?" + string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
    }
}
