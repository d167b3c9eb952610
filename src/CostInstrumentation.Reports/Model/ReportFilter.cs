namespace CostInstrumentation.Reports;

/// <summary>
/// Which calls a report counts besides the period; every criterion given must hold. The empty string selects calls
/// without a project (or session), as reports show them under "(none)".
/// </summary>
public sealed record ReportFilter
{
    /// <summary>No criterion: every call of the period.</summary>
    public static ReportFilter None { get; } = new();

    /// <summary>Calls to this provider (ignoring case).</summary>
    public string? Provider { get; init; }

    /// <summary>Calls to this model, or to the models a glob matches (<c>gpt-4o*</c>, <c>claude-?-*</c>; case-sensitive).</summary>
    public string? Model { get; init; }

    /// <summary>Calls of this project.</summary>
    public string? Project { get; init; }

    /// <summary>Calls of this session.</summary>
    public string? Session { get; init; }

    /// <summary>Calls carrying every one of these tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Calls of this metered method, or of every method of a type (<c>Ns.Type.*</c>).</summary>
    public string? Operation { get; init; }

    /// <summary>Calls made at this call site (<c>file:line</c>).</summary>
    public string? CallSite { get; init; }

    /// <summary>Calls that ended so: <c>ok</c>, <c>error</c>, <c>cancelled</c>, <c>blocked</c> or <c>incomplete</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>The criteria given, as <c>name=value</c> pairs for headers and JSON (tags repeated).</summary>
    public IEnumerable<KeyValuePair<string, string>> Criteria()
    {
        foreach ((string name, string? value) in new[] { ("provider", Provider), ("model", Model), ("project", Project), ("session", Session) })
        {
            if (value is not null)
            {
                yield return new(name, value);
            }
        }

        foreach (string tag in Tags)
        {
            yield return new("tag", tag);
        }

        foreach ((string name, string? value) in new[] { ("operation", Operation), ("call-site", CallSite), ("outcome", Outcome) })
        {
            if (value is not null)
            {
                yield return new(name, value);
            }
        }
    }
}
