namespace CostInstrumentation;

/// <summary>
/// The ambient project, session and tags of the calls made inside a scope; flows across <c>await</c>
/// (an <see cref="AsyncLocal{T}"/>). Scopes nest: an inner scope inherits what it does not set and adds its tags.
/// Each scope also keeps what the calls recorded inside it (and inside the scopes it encloses) cost so far —
/// <see cref="Totals"/> and <see cref="LastCall"/> — read in memory, without a database round trip.
/// </summary>
public sealed class LlmCostContext
{
    private static readonly AsyncLocal<LlmCostContext?> s_current = new();

    private readonly LlmCostContext? _outer;
    private readonly Lock _gate = new();
    private LlmCostTotals _totals;
    private LlmCallRecord? _lastCall;

    private LlmCostContext(LlmCostContext? outer, string? project, string? sessionId, string[] tags)
    {
        _outer = outer;
        Project = project;
        SessionId = sessionId;
        Tags = tags;
    }

    /// <summary>The context of the current scope, or <see langword="null"/> outside any scope.</summary>
    public static LlmCostContext? Current => s_current.Value;

    /// <summary>The project calls in this scope are attributed to.</summary>
    public string? Project { get; }

    /// <summary>The session (conversation) id of calls in this scope.</summary>
    public string? SessionId { get; }

    /// <summary>The tags of this scope and its enclosing scopes.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>What the calls recorded in this scope so far cost: exact, with calls of unknown cost counted apart.</summary>
    public LlmCostTotals Totals
    {
        get
        {
            lock (_gate)
            {
                return _totals;
            }
        }
    }

    /// <summary>
    /// The call recorded last in this scope (the seeds' <c>response.cost</c>: <c>LastCall?.CostUsd</c>), or
    /// <see langword="null"/> before the first. With calls running in parallel in one scope, the one that finished last.
    /// </summary>
    public LlmCallRecord? LastCall
    {
        get
        {
            lock (_gate)
            {
                return _lastCall;
            }
        }
    }

    /// <summary>Starts a scope; dispose it to restore the enclosing one.</summary>
    public static IDisposable Begin(string? project = null, string? sessionId = null, params string[]? tags)
    {
        LlmCostContext? outer = s_current.Value;
        string[] allTags = outer is null || outer.Tags.Count == 0
            ? (tags is null ? [] : [.. tags]) // a copy: the caller may reuse its array, records must not change with it
            : [.. outer.Tags, .. (tags ?? []).Where(t => !outer.Tags.Contains(t))];
        s_current.Value = new LlmCostContext(outer, project ?? outer?.Project, sessionId ?? outer?.SessionId, allTags);
        return new Scope(outer);
    }

    /// <summary>Counts a recorded call in this scope and every scope enclosing it. Never throws.</summary>
    internal void Observe(in LlmCallRecord record)
    {
        for (LlmCostContext? context = this; context is not null; context = context._outer)
        {
            lock (context._gate)
            {
                context._totals = context._totals.Add(record);
                context._lastCall = record;
            }
        }
    }

    private sealed class Scope(LlmCostContext? outer) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                s_current.Value = outer;
            }
        }
    }
}
