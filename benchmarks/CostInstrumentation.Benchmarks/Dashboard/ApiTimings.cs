using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using CostInstrumentation.Dashboard;
using CostInstrumentation.Dashboard.Api;
using CostInstrumentation.Dashboard.Pages;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// <c>-- api-timings DB [rounds]</c>: the REST API's server time (a middleware's stopwatch around the endpoint, JSON written
/// to the socket included) for summary, breakdown and series over a real database on loopback Kestrel, each next to the
/// same report-layer work done directly in the same run (the difference is what HTTP, routing and JSON add). Prints
/// p50 and p95 in milliseconds; whole-process, a few rounds, no BenchmarkDotNet (the 10 M-call queries take seconds).
/// <c>-- api-timings DB rounds TEXT</c> times only the routes whose name contains TEXT; <c>-- api-timings DB rounds TEXT
/// groups-once</c> reads each query's groups once (<see cref="RememberedGroups"/>), so the times are what follows the query.
/// Each route is asked twice before it is timed; <c>warmup=N</c> anywhere after the rounds asks N times instead: the JIT
/// compiles a method called once per request fully (tier 1, after an instrumented tier for PGO) only after some 60 calls,
/// so the first rounds time a route in a process still warming up, later ones a server in service.
/// </summary>
internal static class ApiTimings
{
    public const string Command = "api-timings";

    private const string WarmupOption = "warmup=";

    public static int Run(string[] args)
    {
        string database = args[1];
        int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        int warmup = args.Skip(3).FirstOrDefault(a => a.StartsWith(WarmupOption, StringComparison.Ordinal)) is { } given
            ? int.Parse(given.AsSpan(WarmupOption.Length), CultureInfo.InvariantCulture)
            : 2;
        string[] positional = [.. args.Where(a => !a.StartsWith(WarmupOption, StringComparison.Ordinal))];
        ConcurrentDictionary<string, List<double>> server = new();
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        builder.Services.AddLlmCostDashboard();
        using WebApplication app = builder.Build();
        app.Use(async (context, next) =>
        {
            long start = Stopwatch.GetTimestamp();
            await next(context);
            server.GetOrAdd(context.Request.Path + context.Request.QueryString, _ => []).Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        });
        LlmCostDashboardOptions options = new()
        {
            DatabasePath = database,
            LocalZone = TimeZoneInfo.Utc,
            Reports = positional is [.., "groups-once"] ? () => CostReports.Over(new RememberedGroups(SqliteReportSource.Open(database))) : null,
        };
        app.MapLlmCostDashboard("/", o => (o.DatabasePath, o.LocalZone, o.Reports) = (options.DatabasePath, options.LocalZone, options.Reports));
        app.StartAsync().GetAwaiter().GetResult();
        using HttpClient client = new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        DashboardContext context = new("/", options);
        ReportPeriod all = ReportPeriod.All(TimeZoneInfo.Utc);
        TimeZoneInfo berlinZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        ReportPeriod berlin = ReportPeriod.All(berlinZone);
        ReportPeriod newYork = ReportPeriod.All(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        // The Overview's default chart: the last 30 local days of the file (its calls end in December 2026).
        DateTimeOffset monthEnd = ReportZone.ToUtc(new DateTime(2026, 12, 1), berlinZone);
        ReportPeriod berlin30 = new("30 days", monthEnd.AddDays(-30), monthEnd, berlinZone);
        // Zones whose offset is not a whole hour: their local days start at :30 or :45 of a UTC hour.
        TimeZoneInfo kolkataZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        ReportPeriod kolkata = ReportPeriod.All(kolkataZone);
        ReportPeriod kolkata30 = GridTimings.November(kolkataZone);
        ReportPeriod kolkataWeek = new("7 days", ReportZone.ToUtc(new DateTime(2026, 11, 24), kolkataZone), ReportZone.ToUtc(new DateTime(2026, 12, 1), kolkataZone), kolkataZone);
        ReportPeriod kolkataDay = new("1 day", ReportZone.ToUtc(new DateTime(2026, 11, 30), kolkataZone), ReportZone.ToUtc(new DateTime(2026, 12, 1), kolkataZone), kolkataZone);
        ReportPeriod adelaide = ReportPeriod.All(TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide"));
        (string Name, string Path, Action Direct)[] cases =
        [
            ("summary (7 totals)", "/api/v1/summary?period=all&tz=utc", () => Direct(context, reports => ReportHandlers.SummaryOf(context, reports, all, ReportFilter.None))),
            ("breakdown by model", "/api/v1/breakdown?by=model&period=all&tz=utc", () => Direct(context, reports => reports.Breakdown(all, ReportDimension.Model))),
            ("series by day", "/api/v1/series?bucket=day&period=all&tz=utc", () => Direct(context, reports => reports.Breakdown(all, ReportDimension.Day, sort: ReportSort.Key))),
            ("series by day, Europe/Berlin", "/api/v1/series?bucket=day&period=all&tz=Europe/Berlin", () => Direct(context, reports => reports.Breakdown(berlin, ReportDimension.Day, sort: ReportSort.Key))),
            ("series by day, America/New_York", "/api/v1/series?bucket=day&period=all&tz=America/New_York", () => Direct(context, reports => reports.Breakdown(newYork, ReportDimension.Day, sort: ReportSort.Key))),
            ("series by month, Europe/Berlin", "/api/v1/series?bucket=month&period=all&tz=Europe/Berlin", () => Direct(context, reports => reports.Breakdown(berlin, ReportDimension.Month, sort: ReportSort.Key))),
            ("series by day, Asia/Kolkata", "/api/v1/series?bucket=day&period=all&tz=Asia/Kolkata", () => Direct(context, reports => reports.Breakdown(kolkata, ReportDimension.Day, sort: ReportSort.Key))),
            ("series by day, Asia/Kolkata, 30 days", "/api/v1/series?bucket=day&from=2026-11-01&to=2026-12-01&tz=Asia/Kolkata", () => Direct(context, reports => reports.Breakdown(kolkata30, ReportDimension.Day, sort: ReportSort.Key))),
            ("series by day, Australia/Adelaide", "/api/v1/series?bucket=day&period=all&tz=Australia/Adelaide", () => Direct(context, reports => reports.Breakdown(adelaide, ReportDimension.Day, sort: ReportSort.Key))),
            ("series by month, Asia/Kolkata", "/api/v1/series?bucket=month&period=all&tz=Asia/Kolkata", () => Direct(context, reports => reports.Breakdown(kolkata, ReportDimension.Month, sort: ReportSort.Key))),
            ("breakdown day × model, Asia/Kolkata, 30 days", "/api/v1/breakdown?by=day&then=model&from=2026-11-01&to=2026-12-01&tz=Asia/Kolkata", () => Direct(context, reports => reports.Breakdown(kolkata30, ReportDimension.Day, thenBy: ReportDimension.Model))),
            ("breakdown day × model, Europe/Berlin, 30 days", "/api/v1/breakdown?by=day&then=model&from=2026-11-01&to=2026-12-01&tz=Europe/Berlin", () => Direct(context, reports => reports.Breakdown(berlin30, ReportDimension.Day, thenBy: ReportDimension.Model))),
            ("breakdown day × model (stacked chart)", "/api/v1/breakdown?by=day&then=model&period=all&tz=utc", () => Direct(context, reports => reports.Breakdown(all, ReportDimension.Day, thenBy: ReportDimension.Model))),
            ("breakdown day × provider (stacked chart)", "/api/v1/breakdown?by=day&then=provider&period=all&tz=utc", () => Direct(context, reports => reports.Breakdown(all, ReportDimension.Day, thenBy: ReportDimension.Provider))),
            ("breakdown day × project (stacked chart)", "/api/v1/breakdown?by=day&then=project&period=all&tz=utc", () => Direct(context, reports => reports.Breakdown(all, ReportDimension.Day, thenBy: ReportDimension.Project))),
            ("breakdown day × project, Asia/Kolkata, 30 days", "/api/v1/breakdown?by=day&then=project&from=2026-11-01&to=2026-12-01&tz=Asia/Kolkata", () => Direct(context, reports => reports.Breakdown(kolkata30, ReportDimension.Day, thenBy: ReportDimension.Project))),
            ("series by hour, Asia/Kolkata, 7 days", "/api/v1/series?bucket=hour&from=2026-11-24&to=2026-12-01&tz=Asia/Kolkata", () => Direct(context, reports => reports.Breakdown(kolkataWeek, ReportDimension.Hour, sort: ReportSort.Key))),
            ("breakdown hour × model, Asia/Kolkata, 1 day", "/api/v1/breakdown?by=hour&then=model&from=2026-11-30&to=2026-12-01&tz=Asia/Kolkata", () => Direct(context, reports => reports.Breakdown(kolkataDay, ReportDimension.Hour, thenBy: ReportDimension.Model))),
            ("breakdown by session (top 20)", "/api/v1/breakdown?by=session&top=20&period=all&tz=utc", () => Direct(context, reports => reports.Breakdown(all, ReportDimension.Session, top: 20))),
            ("breakdown by session (top 20), this year", "/api/v1/breakdown?by=session&top=20&period=this-year&tz=utc", () => Direct(context, reports => reports.Breakdown(PeriodParser.Parse(new PeriodRequest { Period = "this-year" }, context.Now, TimeZoneInfo.Utc), ReportDimension.Session, top: 20))),
            ("breakdown by call site (top 20)", "/api/v1/breakdown?by=call-site&top=20&period=all&tz=utc", () => Direct(context, reports => reports.Breakdown(all, ReportDimension.CallSite, top: 20))),
            ("breakdown by operation", "/api/v1/breakdown?by=operation&period=all&tz=utc", () => Direct(context, reports => reports.Breakdown(all, ReportDimension.Operation))),
            ("breakdown by tag", "/api/v1/breakdown?by=tag&period=all&tz=utc", () => Direct(context, reports => reports.Breakdown(all, ReportDimension.Tag))),
            ("Overview's /tops (last 30 days)", "/tops", () => Direct(context, reports => Tops(reports, PeriodParser.Parse(OverviewPage.DefaultPeriod, context.Now, TimeZoneInfo.Utc)))),
        ];
        if (positional.Length > 3)
        {
            // Only the routes whose name contains this text (the session breakdown alone takes seconds a round at 10 M calls).
            cases = [.. cases.Where(c => c.Name.Contains(positional[3], StringComparison.Ordinal))];
        }

        Console.WriteLine($"| route | server p50 | server p95 | report layer p50 | report layer p95 | ({rounds} rounds after {warmup}) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach ((string name, string path, Action direct) in cases)
        {
            List<double> layer = [];
            for (int i = -warmup; i < rounds; i++)
            {
                using HttpResponseMessage response = client.GetAsync(path).GetAwaiter().GetResult();
                response.EnsureSuccessStatusCode();
                long start = Stopwatch.GetTimestamp();
                direct();
                if (i >= 0)
                {
                    layer.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }

            List<double> served = [.. server[path].Skip(warmup)];
            Console.WriteLine($"| {name} | {Percentile(served, 0.5):0.0} ms | {Percentile(served, 0.95):0.0} ms | {Percentile(layer, 0.5):0.0} ms | {Percentile(layer, 0.95):0.0} ms | `{path}` |");
        }

        app.StopAsync().GetAwaiter().GetResult();
        return 0;
    }

    private static void Direct<T>(DashboardContext context, Func<CostReports, T> read)
    {
        using CostReports reports = context.OpenReports();
        GC.KeepAlive(read(reports));
    }

    /// <summary>What the Overview's deferred <c>/tops</c> page reads: the top sessions, call sites and tags of its period.</summary>
    private static object Tops(CostReports reports, ReportPeriod period) =>
        new[] { ReportDimension.Session, ReportDimension.CallSite, ReportDimension.Tag }.Select(dimension => reports.Breakdown(period, dimension, top: 5)).ToList();

    /// <summary>Nearest rank.</summary>
    internal static double Percentile(List<double> values, double fraction)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
    }
}
