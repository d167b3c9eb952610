namespace CostInstrumentation;

/// <summary>
/// The marker "a metered call is in progress", flowing across <c>await</c> (an <see cref="AsyncLocal{T}"/>), so that a call
/// seen by a generated shim and an <c>IChatClient</c> middleware (or by two middlewares) is recorded once:
/// <list type="bullet">
/// <item><description>a shim always records: it knows the call site, the operation and the attributes' budgets;</description></item>
/// <item><description>a middleware inside a shim's call records nothing and checks no budget: it hands the usage it saw to
/// that call, which uses it when its own response carried none;</description></item>
/// <item><description>a shim inside a middleware's call claims it: the middleware then records nothing;</description></item>
/// <item><description>a middleware inside another middleware's call records its own: it is another provider call (a tool
/// asking the model); the same pipeline registered twice is caught when it is built.</description></item>
/// </list>
/// Only kept once a middleware exists in the process (<see cref="MeteredCallSite.ForMiddleware"/>): shims alone pay nothing for it.
/// </summary>
internal sealed class MeteredCallScope
{
    private static readonly AsyncLocal<MeteredCallScope?> s_current = new();
    private static volatile bool s_enabled;

    private readonly bool _middleware;
    private MeteredCallScope? _outer;
    private volatile bool _ended;
    private volatile bool _claimed;
    private LlmUsage? _observedUsage;
    private string? _observedModel;

    private MeteredCallScope(bool middleware) => _middleware = middleware;

    /// <summary>Whether an inner shim recorded this middleware's call.</summary>
    internal bool Claimed => _claimed;

    /// <summary>Called when the first middleware site is made; from then on shims mark their calls.</summary>
    internal static void Enable() => s_enabled = true;

    /// <summary>
    /// A new scope for a call at <paramref name="site"/> (begun by <see cref="Begin"/> once admitted), with
    /// <paramref name="deferTo"/> set when it is a middleware's call inside a shim's, which records it. Null while disabled.
    /// </summary>
    internal static MeteredCallScope? Enter(MeteredCallSite site, out MeteredCallScope? deferTo)
    {
        deferTo = null;
        if (!s_enabled)
        {
            return null;
        }

        MeteredCallScope? current = Active();
        if (site.IsMiddleware && current is { _middleware: false })
        {
            // Its own scope still marks "a middleware's call": a tool asking the model inside it makes a call of its own.
            deferTo = current;
        }

        if (!site.IsMiddleware && current is { _middleware: true })
        {
            current._claimed = true;
        }

        return new MeteredCallScope(site.IsMiddleware);
    }

    /// <summary>Makes <paramref name="scope"/> the current one (until <see cref="Leave"/>) and returns it.</summary>
    internal static MeteredCallScope? Begin(MeteredCallScope? scope)
    {
        if (scope is not null)
        {
            scope._outer = s_current.Value;
            s_current.Value = scope;
        }

        return scope;
    }

    /// <summary>Restores the scope that was current before <paramref name="scope"/> began: the caller of a shim must not inherit it.</summary>
    internal static void Leave(MeteredCallScope? scope)
    {
        if (scope is not null && s_current.Value != scope._outer)
        {
            s_current.Value = scope._outer;
        }
    }

    /// <summary>Makes <paramref name="scope"/> current again inside a stream's enumeration, which runs in the consumer's flow.</summary>
    internal static void Resume(MeteredCallScope? scope)
    {
        if (scope is not null && s_current.Value != scope)
        {
            s_current.Value = scope;
        }
    }

    /// <summary>The call ended: flows it leaves behind (a task started and not awaited) no longer count as inside it.</summary>
    internal void End() => _ended = true;

    /// <summary>Adds the usage of one provider call a middleware saw inside this call.</summary>
    internal void Observe(LlmUsage usage, string? model)
    {
        lock (this)
        {
            _observedUsage = _observedUsage is { } seen
                ? new LlmUsage(
                    seen.InputTokens + usage.InputTokens,
                    seen.OutputTokens + usage.OutputTokens,
                    seen.CachedInputTokens + usage.CachedInputTokens,
                    seen.CacheWriteInputTokens + usage.CacheWriteInputTokens,
                    seen.ReasoningTokens + usage.ReasoningTokens)
                : usage;
            _observedModel ??= model;
        }
    }

    /// <summary>The usage (summed) and first model the middlewares inside this call saw, if any.</summary>
    internal LlmUsage? Observed(out string? model)
    {
        lock (this)
        {
            model = _observedModel;
            return _observedUsage;
        }
    }

    private static MeteredCallScope? Active()
    {
        MeteredCallScope? scope = s_current.Value;
        while (scope is { _ended: true })
        {
            scope = scope._outer;
        }

        return scope;
    }
}
