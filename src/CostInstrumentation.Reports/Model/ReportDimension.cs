namespace CostInstrumentation.Reports;

/// <summary>What a report groups calls by. The time dimensions count in the report's zone.</summary>
public enum ReportDimension
{
    /// <summary>The model id.</summary>
    Model,

    /// <summary>The provider.</summary>
    Provider,

    /// <summary>The project ("" for none).</summary>
    Project,

    /// <summary>Each tag of a call (a call with two tags counts under both; "" for untagged).</summary>
    Tag,

    /// <summary>The session ("" for none).</summary>
    Session,

    /// <summary>The metered method.</summary>
    Operation,

    /// <summary>The call site (<c>file:line</c>).</summary>
    CallSite,

    /// <summary>The local hour, keyed <c>yyyy-MM-ddTHH:mm±hh:mm</c> (the offset tells the two 01:00s of a DST change apart).</summary>
    Hour,

    /// <summary>The local day, keyed <c>yyyy-MM-dd</c>.</summary>
    Day,

    /// <summary>The ISO week of the local day, keyed <c>yyyy-Www</c>.</summary>
    Week,

    /// <summary>The local month, keyed <c>yyyy-MM</c>.</summary>
    Month,
}

/// <summary>The command-line spellings of <see cref="ReportDimension"/> (<c>call-site</c>, …).</summary>
public static class ReportDimensions
{
    /// <summary>Every dimension in declaration order.</summary>
    public static IReadOnlyList<ReportDimension> All { get; } = Enum.GetValues<ReportDimension>();

    /// <summary>Whether the dimension is a span of local time (sorted chronologically, not by cost).</summary>
    public static bool IsTime(this ReportDimension dimension) => dimension >= ReportDimension.Hour;

    /// <summary>The spelling: <c>model</c>, <c>call-site</c>, ….</summary>
    public static string Name(this ReportDimension dimension) => dimension == ReportDimension.CallSite ? "call-site" : dimension.ToString().ToLowerInvariant();

    /// <summary>Parses a spelling (case-insensitive; <c>callsite</c> and <c>call_site</c> are accepted too).</summary>
    /// <exception cref="ReportArgumentException">Not a dimension.</exception>
    public static ReportDimension Parse(string text)
    {
        string key = (text ?? string.Empty).Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse(key, ignoreCase: true, out ReportDimension dimension) && Enum.IsDefined(dimension) && !int.TryParse(key, out _)
            ? dimension
            : throw new ReportArgumentException($"'{text}' is not a dimension: use {string.Join(", ", All.Select(d => d.Name()))}.");
    }
}
