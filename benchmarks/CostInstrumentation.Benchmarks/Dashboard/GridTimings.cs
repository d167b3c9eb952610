using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using CostInstrumentation.Dashboard;
using CostInstrumentation.Dashboard.Api;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// <c>-- grid-timings DB [rounds] [OUT]</c>: what a two-dimension breakdown costs after its query. Each grid's groups are
/// read from the database once; then, per round, the report layer arranges them (<see cref="CostReports.Arrange"/>: local
/// keys, merging, parents, sorting) and the breakdown route's answer is written as JSON to a null stream, as the route
/// writes it. Prints p50 and p95 in milliseconds of each part, wall and the thread's CPU time (which the machine's load
/// stretches less), and the bytes each part allocates (what the collector must later sweep); no SQL, HTTP or socket in
/// them (<c>-- api-timings</c> has those). With OUT, each answer is also written to OUT/N.json (at a fixed clock) so two
/// builds' answers can be compared byte for byte; the last breakdowns are there for that (other orders, top, a time
/// child, one dimension).
/// </summary>
internal static class GridTimings
{
    public const string Command = "grid-timings";

    public static int Run(string[] args)
    {
        string database = args[1];
        int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        string? output = args.Length > 3 ? args[3] : null;
        LlmCostDashboardOptions options = new() { DatabasePath = database, LocalZone = TimeZoneInfo.Utc, Clock = new FixedClock() };
        DashboardContext context = new("/", options);
        ServiceProvider services = new ServiceCollection().AddLogging().BuildServiceProvider();
        ReportPeriod all = ReportPeriod.All(TimeZoneInfo.Utc);
        TimeZoneInfo berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        TimeZoneInfo kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        ReportPeriod berlin30 = November(berlin);
        ReportPeriod kolkata30 = November(kolkata);
        (string Name, ReportPeriod Period, ReportDimension By, ReportDimension? Then, int? Top, ReportSort? Sort)[] grids =
        [
            ("day × model, a year (UTC)", all, ReportDimension.Day, ReportDimension.Model, null, null),
            ("day × provider, a year (UTC)", all, ReportDimension.Day, ReportDimension.Provider, null, null),
            ("day × project, a year (UTC)", all, ReportDimension.Day, ReportDimension.Project, null, null),
            ("day × model, Europe/Berlin, 30 days", berlin30, ReportDimension.Day, ReportDimension.Model, null, null),
            ("day × model, Asia/Kolkata, 30 days", kolkata30, ReportDimension.Day, ReportDimension.Model, null, null),
            ("day × project, Asia/Kolkata, 30 days", kolkata30, ReportDimension.Day, ReportDimension.Project, null, null),
            ("model × day, a year (UTC)", all, ReportDimension.Model, ReportDimension.Day, null, null),
            ("hour × provider, Europe/Berlin, 30 days, by cost", berlin30, ReportDimension.Hour, ReportDimension.Provider, null, ReportSort.Cost),
            ("project × week, Asia/Kolkata, 30 days, by calls, top 3", kolkata30, ReportDimension.Project, ReportDimension.Week, 3, ReportSort.Calls),
            ("month, Europe/Berlin, by tokens", ReportPeriod.All(berlin), ReportDimension.Month, null, null, ReportSort.Tokens),
            ("model, a year (UTC), top 5", all, ReportDimension.Model, null, 5, null),
        ];
        if (output is not null)
        {
            Directory.CreateDirectory(output);
        }

        Console.WriteLine($"| grid | groups read | cells | arrange p50 / p95 | arrange CPU p50 / p95 | JSON p50 / p95 | JSON CPU p50 / p95 | JSON bytes | allocated: arrange / JSON | ({rounds} rounds) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (int grid = 0; grid < grids.Length; grid++)
        {
            (string name, ReportPeriod period, ReportDimension by, ReportDimension? then, int? top, ReportSort? sort) = grids[grid];
            ReportDimension[] dimensions = then is { } second ? [by, second] : [by];
            List<SourceGroup> raw;
            using (SqliteReportSource source = SqliteReportSource.Open(database))
            {
                raw = [.. source.Group(period, ReportFilter.None, dimensions, !ReportZone.IsWholeHour(period.Zone))];
            }

            List<double> arrange = [];
            List<double> json = [];
            List<double> arrangeCpu = [];
            List<double> jsonCpu = [];
            long arrangeBytes = 0;
            long jsonBytes = 0;
            IReadOnlyList<ReportRow> rows = [];
            long bytes = 0;
            for (int i = -3; i < rounds; i++)
            {
                long start = Stopwatch.GetTimestamp();
                long cpu = MeteringCpuTime.ThreadCpuNanoseconds();
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                rows = CostReports.Arrange(raw, period.Zone, by, then, top, sort);
                arrangeBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
                double arrangedCpu = (MeteringCpuTime.ThreadCpuNanoseconds() - cpu) / 1e6;
                double arranged = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                using CountingStream body = new();
                DefaultHttpContext http = new() { RequestServices = services };
                http.Response.Body = body;
                start = Stopwatch.GetTimestamp();
                cpu = MeteringCpuTime.ThreadCpuNanoseconds();
                allocated = GC.GetAllocatedBytesForCurrentThread();
                ReportHandlers.BreakdownAnswer(context, rows, period, ReportFilter.None).ExecuteAsync(http).GetAwaiter().GetResult();
                jsonBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
                double writtenCpu = (MeteringCpuTime.ThreadCpuNanoseconds() - cpu) / 1e6;
                double written = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (i >= 0)
                {
                    arrange.Add(arranged);
                    arrangeCpu.Add(arrangedCpu);
                    json.Add(written);
                    jsonCpu.Add(writtenCpu);
                }

                bytes = body.Length;
            }

            if (output is not null)
            {
                using FileStream file = File.Create(Path.Combine(output, grid.ToString(CultureInfo.InvariantCulture) + ".json"));
                DefaultHttpContext http = new() { RequestServices = services };
                http.Response.Body = file;
                ReportHandlers.BreakdownAnswer(context, rows, period, ReportFilter.None).ExecuteAsync(http).GetAwaiter().GetResult();
            }

            Console.WriteLine($"| {name} | {raw.Count:N0} | {rows.Count:N0} | {Span(arrange)} | {Span(arrangeCpu)} | {Span(json)} | {Span(jsonCpu)} | {bytes:N0} | {arrangeBytes / 1024.0:N0} / {jsonBytes / 1024.0:N0} KB |");
        }

        return 0;
    }

    /// <summary>The benchmark year's last whole month, November 2026, in <paramref name="zone"/> (the routes' <c>from=2026-11-01&amp;to=2026-12-01</c>).</summary>
    internal static ReportPeriod November(TimeZoneInfo zone) =>
        new("30 days", ReportZone.ToUtc(new DateTime(2026, 11, 1), zone), ReportZone.ToUtc(new DateTime(2026, 12, 1), zone), zone);

    private static string Span(List<double> values) => $"{ApiTimings.Percentile(values, 0.5):0.00} / {ApiTimings.Percentile(values, 0.95):0.00} ms";

    /// <summary>The same "now" in every answer written, so two builds' answers compare byte for byte.</summary>
    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>A body that keeps nothing but its length.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override System.Threading.Tasks.ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, System.Threading.CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return default;
        }
    }
}
