namespace CostInstrumentation;

/// <summary>
/// Marks a method that calls an LLM. Every call of it in a project that references CostInstrumentation
/// is wrapped by a generated interceptor that reads the token usage from its result, prices it and
/// records it (see docs/metering.md).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class MeteredLlmCallAttribute : Attribute
{
    /// <param name="model">The model the method calls, when fixed; else a <see cref="LlmModelAttribute"/> parameter or the response's model id is used.</param>
    public MeteredLlmCallAttribute(string? model = null) => Model = model;

    /// <summary>The model the method calls, when it is fixed.</summary>
    public string? Model { get; }

    /// <summary>The provider recorded with each call (default: the pricing table's provider for the model).</summary>
    public string? Provider { get; set; }

    /// <summary>The project recorded with each call (default: the ambient <see cref="LlmCostContext"/>, then <see cref="LlmCostOptions.DefaultProject"/>).</summary>
    public string? Project { get; set; }

    /// <summary>Tags recorded with each call, in addition to those of the ambient <see cref="LlmCostContext"/>.</summary>
    public string[]? Tags { get; set; }

    /// <summary>The service tier the method's calls are billed at: <c>batch</c>, <c>flex</c>, <c>priority</c> or standard.</summary>
    public string? ServiceTier { get; set; }
}
