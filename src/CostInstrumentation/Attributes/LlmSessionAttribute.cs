namespace CostInstrumentation;

/// <summary>On a <see cref="string"/> parameter of a metered method: the session (conversation) id comes from this argument.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class LlmSessionAttribute : Attribute
{
}
