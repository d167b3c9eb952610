using System.IO;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CostInstrumentation.Cli.Tests.Harness;

namespace CostInstrumentation.Cli.Tests;

/// <summary><c>llmcost report --export report.html</c>: one self-contained page with inline SVG charts and exact totals.</summary>
public sealed class HtmlReportTests
{
    [Fact]
    public async Task The_page_loads_nothing_charts_inline_and_shows_the_exact_costs_of_the_report()
    {
        using TestDatabase database = await Fixture.CreateAsync();
        string file = Path.Combine(database.Folder, "report.html");

        CliResult result = CliRun.Run(["report", "--by", "model", "--period", "this-month", "--export", file, "--db", database.Path]);

        Assert.True(result.ExitCode == 0, result.Error);
        string html = File.ReadAllText(file);
        // Nothing external: no script, no stylesheet or image link, no URL but the SVG namespace.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(html, "(?:https?:)?//[^\"<\\s]+").Select(m => m.Value).Distinct());
        // Each chart is well-formed SVG with one bar per model.
        Match svg = Regex.Match(html, "<svg.*?</svg>", RegexOptions.Singleline);
        Assert.True(svg.Success);
        XElement chart = XElement.Parse(svg.Value);
        long models = database.Scalar("SELECT count(DISTINCT model) FROM llm_calls WHERE ts_utc >= '2026-11-01' AND ts_utc < '2026-12-01'");
        Assert.Equal(models, chart.Elements().Count(e => e.Name.LocalName == "rect"));
        // The exact month total, as SQL over the raw table gives it.
        decimal total = database.CostNano("2026-11-01", "2026-12-01") / 1_000_000_000m;
        Assert.Contains($">{total.ToString(System.Globalization.CultureInfo.InvariantCulture)}<", html);
        Assert.Contains("1234.567891234", html);
    }

    [Fact]
    public async Task Another_extension_is_refused()
    {
        using TestDatabase database = await Fixture.CreateAsync();

        CliResult result = CliRun.Run(["report", "--by", "model", "--export", Path.Combine(database.Folder, "report.docx"), "--db", database.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(".html", result.Error);
    }
}
