namespace CostInstrumentation.Tests.Query;

/// <summary>Over random data, the rollup path, the raw path and a LINQ oracle over the records agree exactly.</summary>
public sealed class RollupEquivalenceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash", "o3"];
    private static readonly string[] Providers = ["openai", "anthropic", "google"];
    private static readonly string?[] Projects = [null, "", "web", "batch", "é-projet"];
    private static readonly string[] AllTags = ["prod", "chat", "eval", "ünï"];
    private static readonly CostDimension?[] RollupDimensions = [null, CostDimension.Model, CostDimension.Provider, CostDimension.Project, CostDimension.Day];

    private readonly CostDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomFilters_RollupAndRawPathsAgreeWithTheRecords(int seed)
    {
        Random random = new(seed);
        List<LlmCallRecord> records = Enumerable.Range(0, 3_000).Select(_ => RandomCall(random)).ToList();
        await _db.WriteAsync(records);
        using LlmCostQuery query = _db.Open();

        for (int round = 0; round < 60; round++)
        {
            CostFilter filter = RandomDayAlignedFilter(random);
            CostDimension? by = RollupDimensions[random.Next(RollupDimensions.Length)];
            Assert.True(CostQuerySql.CanUseRollups(filter, by));
            List<LlmCallRecord> selected = records.Where(r => Matches(filter, r)).ToList();

            query.UseRollups = true;
            CostTotals rollupTotals = query.Totals(filter);
            IReadOnlyList<CostBreakdownRow>? rollupRows = by is { } d1 ? query.Breakdown(d1, filter) : null;
            query.UseRollups = false;
            CostTotals rawTotals = query.Totals(filter);
            IReadOnlyList<CostBreakdownRow>? rawRows = by is { } d2 ? query.Breakdown(d2, filter) : null;

            Assert.Equal(Oracle(selected), rollupTotals);
            Assert.Equal(rollupTotals, rawTotals);
            if (by is { } dimension)
            {
                List<CostBreakdownRow> expected = selected
                    .GroupBy(r => Key(dimension, r), StringComparer.Ordinal)
                    .Select(g => new CostBreakdownRow(g.Key, Oracle(g.ToList())))
                    .OrderByDescending(row => row.Totals.CostUsd)
                    .ThenBy(row => row.Key, StringComparer.Ordinal)
                    .ToList();
                Assert.Equal(expected, rollupRows);
                Assert.Equal(expected, rawRows);
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task RandomFilters_AnyDimension_AgreeWithTheRecords(int seed)
    {
        Random random = new(seed);
        List<LlmCallRecord> records = Enumerable.Range(0, 2_000).Select(_ => RandomCall(random)).ToList();
        await _db.WriteAsync(records);
        using LlmCostQuery query = _db.Open();
        CostDimension[] dimensions = Enum.GetValues<CostDimension>();

        for (int round = 0; round < 60; round++)
        {
            CostFilter filter = RandomDayAlignedFilter(random) with
            {
                FromUtc = random.Next(2) == 0 ? Start.AddTicks(random.NextInt64(TimeSpan.FromDays(14).Ticks)) : null,
                Tag = random.Next(3) == 0 ? AllTags[random.Next(AllTags.Length)] : null,
                Session = random.Next(4) == 0 ? (random.Next(5) == 0 ? "" : "s" + random.Next(20)) : null,
                Operation = random.Next(4) == 0 ? (random.Next(2) == 0 ? "App.Op1" : "App.*") : null,
            };
            CostDimension by = dimensions[random.Next(dimensions.Length)];
            List<LlmCallRecord> selected = records.Where(r => Matches(filter, r)).ToList();

            Assert.Equal(Oracle(selected), query.Totals(filter));
            List<CostBreakdownRow> expected = selected
                .SelectMany(r => Keys(by, r).Select(key => (Key: key, Record: r)))
                .GroupBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(g => new CostBreakdownRow(g.Key, Oracle(g.Select(pair => pair.Record).ToList())))
                .OrderByDescending(row => row.Totals.CostUsd)
                .ThenBy(row => row.Key, StringComparer.Ordinal)
                .ToList();
            Assert.Equal(expected, query.Breakdown(by, filter));
        }
    }

    [Fact]
    public void RawPath_WhenTheFilterOrDimensionIsNotInTheRollups()
    {
        DateTimeOffset day = Start;
        Assert.True(CostQuerySql.CanUseRollups(CostFilter.Between(day, day.AddDays(30)) with { Model = "m", Provider = "p", Project = "" }, CostDimension.Day));
        Assert.False(CostQuerySql.CanUseRollups(CostFilter.Between(day, day.AddHours(30)), null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter { FromUtc = day.AddTicks(1) }, null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter { Tag = "t" }, null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter { Session = "s" }, null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter { Operation = "A.B.*" }, null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter(), CostDimension.Session));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter(), CostDimension.Tag));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter(), CostDimension.Operation));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter(), CostDimension.CallSite));
    }

    private static LlmCallRecord RandomCall(Random random)
    {
        long input = random.Next(0, 50_000);
        long cached = random.Next(0, (int)input + 1) / 2;
        long output = random.Next(0, 4_000);
        return new LlmCallRecord
        {
            TimestampUtc = Start.AddTicks(random.NextInt64(TimeSpan.FromDays(14).Ticks)),
            Provider = Providers[random.Next(Providers.Length)],
            Model = Models[random.Next(Models.Length)],
            Operation = "App.Op" + random.Next(3),
            CallSite = "F.cs:" + random.Next(5),
            Project = Projects[random.Next(Projects.Length)],
            SessionId = random.Next(4) == 0 ? null : "s" + random.Next(20),
            Tags = AllTags.Where(_ => random.Next(3) == 0).ToArray(),
            Usage = new LlmUsage(input, output, cached, cached / 3, output / 4),
            // Nano-USD resolution; one call in ten unpriced.
            CostUsd = random.Next(10) == 0 ? null : random.NextInt64(0, 50_000_000_000) / 1_000_000_000m,
            Outcome = random.Next(8) == 0 ? LlmCallOutcome.Error : LlmCallOutcome.Ok,
        } is var call && random.Next(9) == 0 && call.CostUsd is not null
            ? call with { Outcome = LlmCallOutcome.Incomplete, CostIsLowerBound = true }
            : call;
    }

    private static CostFilter RandomDayAlignedFilter(Random random)
    {
        DateTimeOffset? from = random.Next(3) == 0 ? null : Start.AddDays(random.Next(-1, 15));
        DateTimeOffset? to = random.Next(3) == 0 ? null : Start.AddDays(random.Next(0, 16));
        return new CostFilter
        {
            FromUtc = from,
            ToUtc = to,
            Model = random.Next(4) == 0 ? Models[random.Next(Models.Length)] : null,
            Provider = random.Next(4) == 0 ? Providers[random.Next(Providers.Length)] : null,
            Project = random.Next(4) == 0 ? Projects[random.Next(Projects.Length)] ?? "" : null,
        };
    }

    private static bool Matches(CostFilter filter, LlmCallRecord r) =>
        (filter.FromUtc is not { } from || r.TimestampUtc >= from)
        && (filter.ToUtc is not { } to || r.TimestampUtc < to)
        && (filter.Model is null || filter.Model == r.Model)
        && (filter.Provider is null || filter.Provider == r.Provider)
        && (filter.Project is null || filter.Project == (r.Project ?? ""))
        && (filter.Tag is null || r.Tags.Contains(filter.Tag))
        && (filter.Session is null || filter.Session == (r.SessionId ?? ""))
        && (filter.Operation is null || (filter.Operation.EndsWith(".*", StringComparison.Ordinal)
            ? r.Operation.StartsWith(filter.Operation[..^1], StringComparison.Ordinal)
            : r.Operation == filter.Operation));

    /// <summary>A call's keys: one per tag for <see cref="CostDimension.Tag"/> (the empty key when it has none), else one.</summary>
    private static IEnumerable<string> Keys(CostDimension by, LlmCallRecord r) => by switch
    {
        CostDimension.Tag => r.Tags.Count == 0 ? [""] : r.Tags,
        CostDimension.Session => [r.SessionId ?? ""],
        CostDimension.Operation => [r.Operation],
        CostDimension.CallSite => [r.CallSite],
        _ => [Key(by, r)],
    };

    private static string Key(CostDimension by, LlmCallRecord r) => by switch
    {
        CostDimension.Model => r.Model,
        CostDimension.Provider => r.Provider,
        CostDimension.Project => r.Project ?? "",
        _ => r.TimestampUtc.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static CostTotals Oracle(List<LlmCallRecord> calls) => new(
        calls.Count,
        calls.Sum(r => r.CostUsd ?? 0m),
        calls.Count(r => r.CostUsd is null),
        calls.Count(r => r.Outcome != LlmCallOutcome.Ok),
        calls.Sum(r => r.Usage.InputTokens),
        calls.Sum(r => r.Usage.CachedInputTokens),
        calls.Sum(r => r.Usage.CacheWriteInputTokens),
        calls.Sum(r => r.Usage.OutputTokens),
        calls.Sum(r => r.Usage.ReasoningTokens))
    {
        LowerBoundCalls = calls.Count(r => r.CostIsLowerBound),
    };
}
