namespace CostInstrumentation.Reports;

/// <summary>The period options as typed: at most one of <see cref="Period"/>, <see cref="Last"/>, <see cref="Month"/>, <see cref="Year"/> or a <see cref="From"/>/<see cref="To"/> range.</summary>
public sealed record PeriodRequest
{
    /// <summary><c>today|yesterday|this-week|last-week|this-month|last-month|this-year|last-year|all</c>, a day <c>2026-11-05</c>, a month <c>2026-11</c>, a year <c>2026</c> or an ISO week <c>2026-W47</c>.</summary>
    public string? Period { get; init; }

    /// <summary>A local date (<c>2026-11-05</c>, from its midnight) or an instant with an offset.</summary>
    public string? From { get; init; }

    /// <summary>A local date (inclusive: up to the next midnight) or an instant with an offset (exclusive).</summary>
    public string? To { get; init; }

    /// <summary><c>Nh</c> (the last N hours up to now), <c>Nd</c>, <c>Nw</c>, <c>Nm</c> (today, this week or this month and the N−1 before).</summary>
    public string? Last { get; init; }

    /// <summary>A month: <c>2026-11</c>, or <c>11</c> for that month of this year.</summary>
    public string? Month { get; init; }

    /// <summary>A year: <c>2026</c>.</summary>
    public string? Year { get; init; }

    /// <summary>Whether no period option was given (the command's default applies).</summary>
    public bool IsEmpty => Period is null && From is null && To is null && Last is null && Month is null && Year is null;
}
