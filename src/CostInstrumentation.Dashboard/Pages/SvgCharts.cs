namespace CostInstrumentation.Dashboard.Pages;

/// <summary>
/// Server-rendered SVG charts. Colours come from the stylesheet (classes <c>s0</c>…<c>s7</c>, light and dark), tooltips are
/// SVG <c>title</c> elements: no script and no inline style, so the page works under <c>default-src 'self'</c>.
/// </summary>
internal static class SvgCharts
{
    /// <summary>How many series a stacked chart colours apart; the rest are summed as "other".</summary>
    public const int MaxSeries = 7;

    private const decimal Width = 760m;
    private const decimal Height = 220m;
    private const decimal Left = 64m;
    private const decimal Bottom = 24m;
    private const decimal Top = 8m;

    /// <summary>
    /// Stacked columns: one per bucket (in order), one segment per series (priced cost only: unpriced calls are named in the
    /// tooltip), with an optional horizontal budget line.
    /// </summary>
    public static Markup StackedColumns(IReadOnlyList<string> buckets, IReadOnlyList<string> series, Func<string, string, decimal> cost,
        Func<string, long> unpriced, decimal? budgetLine, string label)
    {
        decimal max = Math.Max(budgetLine ?? 0m, buckets.Select(b => series.Sum(s => cost(b, s))).DefaultIfEmpty(0m).Max());
        max = max <= 0 ? 1m : max;
        decimal plotHeight = Height - Bottom - Top;
        decimal step = (Width - Left) / Math.Max(1, buckets.Count);
        decimal barWidth = Math.Max(1m, step * 0.8m);
        Html svg = new();
        svg.Add($"""<figure class="chart"><svg viewBox="0 0 {PageText.Coordinate(Width)} {PageText.Coordinate(Height)}" role="img" aria-label="{label}">""");
        svg.Add($"""<line class="axis" x1="{PageText.Coordinate(Left)}" y1="{PageText.Coordinate(Top + plotHeight)}" x2="{PageText.Coordinate(Width)}" y2="{PageText.Coordinate(Top + plotHeight)}"/>""");
        svg.Add($"""<text class="tick" x="{PageText.Coordinate(Left - 4)}" y="{PageText.Coordinate(Top + 10)}" text-anchor="end">{PageText.Usd(decimal.Round(max, 2))}</text><text class="tick" x="{PageText.Coordinate(Left - 4)}" y="{PageText.Coordinate(Top + plotHeight)}" text-anchor="end">$0</text>""");
        int labelEvery = Math.Max(1, buckets.Count / 8);
        for (int i = 0; i < buckets.Count; i++)
        {
            string bucket = buckets[i];
            decimal x = Left + (i * step) + ((step - barWidth) / 2);
            decimal y = Top + plotHeight;
            decimal total = 0m;
            for (int s = 0; s < series.Count; s++)
            {
                decimal value = cost(bucket, series[s]);
                total += value;
                if (value <= 0)
                {
                    continue;
                }

                decimal height = value / max * plotHeight;
                y -= height;
                svg.Add($"""<rect class="s{s % (MaxSeries + 1)}" x="{PageText.Coordinate(x)}" y="{PageText.Coordinate(y)}" width="{PageText.Coordinate(barWidth)}" height="{PageText.Coordinate(Math.Max(height, 0.5m))}"><title>{bucket} · {PageText.Key(series[s])}: {PageText.Usd(value)}</title></rect>""");
            }

            long unknown = unpriced(bucket);
            string unknownNote = unknown > 0 ? $" + {PageText.Count(unknown)} unpriced call(s)" : "";
            svg.Add($"""<rect class="hit" x="{PageText.Coordinate(Left + (i * step))}" y="{PageText.Coordinate(Top)}" width="{PageText.Coordinate(step)}" height="{PageText.Coordinate(plotHeight)}"><title>{bucket}: {PageText.Usd(total)}{unknownNote}</title></rect>""");
            if (i % labelEvery == 0)
            {
                svg.Add($"""<text class="tick" x="{PageText.Coordinate(x + (barWidth / 2))}" y="{PageText.Coordinate(Height - 6)}" text-anchor="middle">{ShortBucket(bucket)}</text>""");
            }
        }

        if (budgetLine is { } limit and > 0)
        {
            decimal y = Top + plotHeight - (limit / max * plotHeight);
            svg.Add($"""<line class="budget" x1="{PageText.Coordinate(Left)}" y1="{PageText.Coordinate(y)}" x2="{PageText.Coordinate(Width)}" y2="{PageText.Coordinate(y)}"><title>Budget: {PageText.Usd(limit)}</title></line>""");
        }

        svg.Add($"""</svg><figcaption class="legend">""");
        for (int s = 0; s < series.Count; s++)
        {
            svg.Add($"""<span><i class="s{s % (MaxSeries + 1)}"></i>{PageText.Key(series[s])}</span>""");
        }

        if (budgetLine is not null)
        {
            svg.Add($"""<span><i class="budget"></i>budget {PageText.Usd(budgetLine.Value)}</span>""");
        }

        svg.Add($"</figcaption></figure>");
        return svg.ToMarkup();
    }

    /// <summary>A horizontal bar for a share of a whole (0–1), with an optional marker (a projection) past the bar.</summary>
    public static Markup Meter(decimal fraction, decimal? marker, string cssClass, string label)
    {
        decimal shown = Math.Clamp(fraction, 0m, 1m) * 100m;
        Html svg = new();
        svg.Add($"""<svg class="meter {cssClass}" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="{label}"><rect class="track" x="0" y="0" width="100" height="8"/><rect class="fill" x="0" y="0" width="{PageText.Coordinate(shown)}" height="8"/>""");
        if (marker is { } projected)
        {
            svg.Add($"""<rect class="marker" x="{PageText.Coordinate(Math.Clamp(projected, 0m, 1m) * 100m - 0.5m)}" y="0" width="1" height="8"/>""");
        }

        svg.Add($"<title>{label}</title></svg>");
        return svg.ToMarkup();
    }

    /// <summary>A step line of a running total over ordered points (a session's calls), x by time.</summary>
    public static Markup RunningTotal(IReadOnlyList<(DateTimeOffset At, decimal Cost, string Label)> points, string label)
    {
        Html svg = new();
        svg.Add($"""<figure class="chart"><svg viewBox="0 0 {PageText.Coordinate(Width)} {PageText.Coordinate(Height)}" role="img" aria-label="{label}">""");
        if (points.Count > 0)
        {
            decimal total = points.Sum(p => p.Cost);
            decimal max = total <= 0 ? 1m : total;
            decimal plotHeight = Height - Bottom - Top;
            DateTimeOffset first = points[0].At;
            decimal span = Math.Max(1m, (decimal)(points[^1].At - first).TotalSeconds);
            decimal running = 0m;
            List<string> path = [$"M{PageText.Coordinate(Left)},{PageText.Coordinate(Top + plotHeight)}"];
            svg.Add($"""<text class="tick" x="{PageText.Coordinate(Left - 4)}" y="{PageText.Coordinate(Top + 10)}" text-anchor="end">{PageText.Usd(total)}</text>""");
            foreach ((DateTimeOffset at, decimal cost, string text) in points)
            {
                decimal x = Left + ((decimal)(at - first).TotalSeconds / span * (Width - Left - 8));
                path.Add($"H{PageText.Coordinate(x)}");
                running += cost;
                decimal y = Top + plotHeight - (running / max * plotHeight);
                path.Add($"V{PageText.Coordinate(y)}");
                svg.Add($"""<circle class="s0" cx="{PageText.Coordinate(x)}" cy="{PageText.Coordinate(y)}" r="3"><title>{text}</title></circle>""");
            }

            svg.Add($"""<path class="line" d="{string.Join(' ', path)}"/>""");
        }

        svg.Add($"</svg></figure>");
        return svg.ToMarkup();
    }

    /// <summary>A bucket key short enough for an axis: the day of a day, the hour of an hour.</summary>
    private static string ShortBucket(string bucket) => bucket.Length switch
    {
        10 => bucket[5..],
        > 16 => bucket[11..16],
        _ => bucket,
    };
}
