namespace CostInstrumentation;

/// <summary>On a <see cref="string"/> parameter of a metered method: the model comes from this argument at run time.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class LlmModelAttribute : Attribute
{
}
