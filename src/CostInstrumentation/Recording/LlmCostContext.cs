namespace CostInstrumentation;

/// <summary>
/// The ambient project, session and tags of the calls made inside a scope; flows across <c>await</c>
/// (an <see cref="AsyncLocal{T}"/>). Scopes nest: an inner scope inherits what it does not set and adds its tags.
/// </summary>
public sealed class LlmCostContext
{
    private static readonly AsyncLocal<LlmCostContext?> s_current = new();

    private LlmCostContext(string? project, string? sessionId, string[] tags)
    {
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

    /// <summary>Starts a scope; dispose it to restore the enclosing one.</summary>
    public static IDisposable Begin(string? project = null, string? sessionId = null, params string[]? tags)
    {
        LlmCostContext? outer = s_current.Value;
        string[] allTags = outer is null || outer.Tags.Count == 0
            ? (tags is null ? [] : [.. tags]) // a copy: the caller may reuse its array, records must not change with it
            : [.. outer.Tags, .. (tags ?? []).Where(t => !outer.Tags.Contains(t))];
        s_current.Value = new LlmCostContext(project ?? outer?.Project, sessionId ?? outer?.SessionId, allTags);
        return new Scope(outer);
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
