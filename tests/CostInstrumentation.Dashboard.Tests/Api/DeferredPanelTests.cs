using System.Net.Http;
using System.Text.RegularExpressions;
using CostInstrumentation.Dashboard.Pages;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>
/// The Overview does not wait for the panels rollups cannot answer (top sessions, call sites, tags): it sends
/// placeholders whose link opens them on a page of their own, with the same filters; the script swaps them in (the
/// browser tests check that).
/// </summary>
public sealed partial class DeferredPanelTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_overview_links_its_top_panels_instead_of_reading_them()
    {
        string overview = await _host.Client.GetStringAsync("/llm-costs/?period=all&project=support&stack=provider");

        MatchCollection placeholders = Placeholder().Matches(overview);
        Assert.Equal(["top-sessions", "top-call-sites", "top-tags"], placeholders.Select(m => m.Groups["id"].Value));
        Assert.All(placeholders, m => Assert.Equal("/llm-costs/tops?period=all&amp;project=support", m.Groups["url"].Value));
        Assert.All(placeholders, m => Assert.Contains("<a href=\"/llm-costs/tops?period=all&amp;project=support\">", m.Value, StringComparison.Ordinal));
        Assert.All(placeholders, m => Assert.DoesNotContain("<table", m.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tops_page_holds_the_panels_with_the_report_layers_rows()
    {
        string tops = await _host.Client.GetStringAsync("/llm-costs/tops?period=all&project=support");

        using CostReports reports = CostReports.Open(_host.Database.DatabasePath);
        ReportPeriod all = PeriodParser.Named("all", ApiHost.Now, TimeZoneInfo.Utc);
        ReportFilter support = new() { Project = "support" };
        foreach ((string id, ReportDimension dimension) in new[] { ("top-sessions", ReportDimension.Session), ("top-call-sites", ReportDimension.CallSite), ("top-tags", ReportDimension.Tag) })
        {
            string panel = Regex.Match(tops, $"<section class=\"card\" id=\"{id}\">.*?</section>", RegexOptions.Singleline).Value;
            IEnumerable<string> keys = reports.Breakdown(all, dimension, support, top: 5).Select(r => System.Net.WebUtility.HtmlEncode(PageText.Key(r.Key)));
            Assert.Equal(keys, FirstCells().Matches(panel).Select(m => Regex.Replace(m.Groups["key"].Value, "<[^>]+>", "")));
        }
    }

    [GeneratedRegex("""<section class="card" id="(?<id>top-[a-z-]+)" data-fragment="(?<url>[^"]+)">.*?</section>""", RegexOptions.Singleline)]
    private static partial Regex Placeholder();

    [GeneratedRegex("""<tr><td[^>]*>(?<key>.*?)</td>""", RegexOptions.Singleline)]
    private static partial Regex FirstCells();
}
