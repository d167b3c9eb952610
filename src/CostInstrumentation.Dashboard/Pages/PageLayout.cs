using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>The frame of every page: head, navigation, the filter form and the active filters, then the page's body.</summary>
internal static class PageLayout
{
    private static readonly (string Path, string Title)[] Navigation =
    [
        ("", "Overview"), ("/explore", "Explore"), ("/sessions", "Sessions"), ("/call-sites", "Call sites"), ("/budgets", "Budgets"),
        ("/alerts", "Alerts"), ("/pricing", "Pricing"), ("/estimate", "Estimate"), ("/live", "Live"),
    ];

    private static readonly string[] NamedPeriods = ["today", "yesterday", "this-week", "last-week", "this-month", "last-month", "this-year", "last-year", "all"];

    /// <summary>The whole document. <paramref name="filters"/>: whether the page counts calls (shows the filter form).</summary>
    public static string Render(PageRequest request, string title, Markup body, bool filters = true, Markup head = default)
    {
        Html html = new();
        html.Add($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark"><title>{title} · LLM costs</title>
            <link rel="stylesheet" href="{request.Base}/assets/dashboard.css"><script src="{request.Base}/assets/dashboard.js" defer></script>{head}
            </head><body data-page="{request.Page}"><header><a class="brand" href="{request.Base}/">LLM costs</a><nav>
            """);
        foreach ((string path, string name) in Navigation)
        {
            string current = path == request.Page ? "page" : "false";
            html.Add($"""<a href="{request.Link(path)}" aria-current="{current}">{name}</a>""");
        }

        html.Add($"</nav></header><main><h1>{title}</h1>");
        if (request.Problem is { } problem)
        {
            html.Add($"""<p class="problem" role="alert">{problem}</p>""");
        }

        if (filters)
        {
            FilterForm(html, request);
        }

        html.Add($"{body}</main><footer>Read from the cost database · exact USD · unpriced calls are counted apart, never as $0 · times in {ReportZone.Name(request.Zone)}, budgets on UTC periods</footer></body></html>");
        return html.ToString();
    }

    /// <summary>The shared filters as a GET form (so the state lives in the URL), and the active ones as removable chips.</summary>
    private static void FilterForm(Html html, PageRequest request)
    {
        html.Add($"""<form class="filters" method="get" action="{request.Base}{request.Page}"><label>Period <input name="period" list="periods" value="{request.Get("period")}" placeholder="{request.Period.Label}" size="11"></label><datalist id="periods">""");
        foreach (string period in NamedPeriods)
        {
            html.Add($"""<option value="{period}">""");
        }

        html.Add($"""</datalist><label>Last <input name="last" value="{request.Get("last")}" placeholder="7d" size="4"></label>""");
        foreach ((string key, string label) in new[] { ("provider", "Provider"), ("model", "Model"), ("project", "Project"), ("session", "Session"), ("operation", "Operation"), ("call-site", "Call site") })
        {
            html.Add($"""<label>{label} <input name="{key}" value="{request.Get(key)}" size="10"></label>""");
        }

        html.Add($"""<label>Tag <input name="tag" size="8"></label><label>Outcome <select name="outcome"><option value="">any</option>""");
        foreach (string outcome in PageRequest.Outcomes)
        {
            html.Option(outcome, request.Filter.Outcome == outcome);
        }

        html.Add($"""</select></label><label>Zone <input name="tz" value="{request.Get("tz")}" placeholder="{ReportZone.Name(request.Zone)}" size="9"></label>""");
        foreach (string tag in request.Filter.Tags)
        {
            html.Add($"""<input type="hidden" name="tag" value="{tag}">""");
        }

        foreach (string key in new[] { "by", "then", "bucket", "stack" })
        {
            if (request.Get(key) is { } value)
            {
                html.Add($"""<input type="hidden" name="{key}" value="{value}">""");
            }
        }

        html.Add($"""<button type="submit">Apply</button></form><p class="scope">{request.Period.Label}: {PageText.Bounds(request.Period)}""");
        foreach ((string key, string value) in request.Filter.Criteria())
        {
            html.Add($""" <a class="chip" href="{request.Without(key, key == "tag" ? value : null)}" title="Remove this filter">{key}={PageText.Key(value)} ×</a>""");
        }

        html.Add($"</p>");
    }
}
