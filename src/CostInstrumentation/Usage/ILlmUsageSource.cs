namespace CostInstrumentation;

/// <summary>
/// Implemented by a custom response type so that metered calls can read its token usage.
/// </summary>
public interface ILlmUsageSource
{
    /// <summary>The call's token usage in canonical form (see <see cref="LlmUsage"/>).</summary>
    LlmUsage GetLlmUsage();
}
