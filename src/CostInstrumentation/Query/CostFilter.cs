namespace CostInstrumentation;

/// <summary>
/// Which calls a query counts. Every non-null criterion must hold. The empty string selects calls without a
/// project (or session), as the empty breakdown key reports them.
/// </summary>
public sealed record CostFilter
{
    /// <summary>Calls at or after this instant.</summary>
    public DateTimeOffset? FromUtc { get; init; }

    /// <summary>Calls before this instant (exclusive).</summary>
    public DateTimeOffset? ToUtc { get; init; }

    /// <summary>Calls to this model.</summary>
    public string? Model { get; init; }

    /// <summary>Calls to this provider.</summary>
    public string? Provider { get; init; }

    /// <summary>Calls of this project; <c>""</c> selects calls without a project.</summary>
    public string? Project { get; init; }

    /// <summary>Calls carrying this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Calls of this session; <c>""</c> selects calls without a session.</summary>
    public string? Session { get; init; }

    /// <summary>Calls of this metered method (<c>Ns.Type.Method</c>), or of every method of a type (<c>Ns.Type.*</c>).</summary>
    public string? Operation { get; init; }

    /// <summary>Compares <see cref="Provider"/> ignoring (ASCII) case, as provider budgets are enforced.</summary>
    internal bool ProviderIgnoresCase { get; init; }

    /// <summary>Calls in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static CostFilter Between(DateTimeOffset from, DateTimeOffset to) => new() { FromUtc = from, ToUtc = to };
}
