using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// Queries over 10,000,000 calls (<see cref="QueryBenchmarkDatabase"/>). Goal: a month's breakdown by model in ≤ 200 ms.
/// Model, project and the summary read the daily rollups; top sessions and the export read the calls.
/// </summary>
[MemoryDiagnoser]
public class MonthlySummaryBenchmarks
{
    private static readonly CostFilter s_september = CostFilter.Between(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly CostFilter s_day = CostFilter.Between(new DateTimeOffset(2026, 9, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 9, 16, 0, 0, 0, TimeSpan.Zero));
    private static readonly DateTimeOffset s_now = new(2026, 10, 28, 12, 0, 0, TimeSpan.Zero);
    private LlmCostQuery _query = null!;

    [GlobalSetup]
    public void Setup() => _query = LlmCostQuery.Open(QueryBenchmarkDatabase.Quarter.Ensure());

    [GlobalCleanup]
    public void Cleanup() => _query.Dispose();

    [Benchmark]
    public IReadOnlyList<CostBreakdownRow> MonthByModel() => _query.Breakdown(CostDimension.Model, s_september);

    [Benchmark]
    public PeriodTotals Summary() => _query.Summary(s_now);

    [Benchmark]
    public IReadOnlyList<CostBreakdownRow> MonthByProject() => _query.Breakdown(CostDimension.Project, s_september);

    [Benchmark]
    public IReadOnlyList<CostBreakdownRow> MonthTopSessions() => _query.TopSessions(20, s_september);

    [Benchmark]
    public long ExportCsvOneDay() => _query.ExportCsv(TextWriter.Null, s_day);
}
