using CostInstrumentation.Generators.Common;

namespace CostInstrumentation.Generators.Metering.Model;

/// <summary>How the metered method returns its result.</summary>
internal enum ReturnShape
{
    Value,
    Task,
    ValueTask,

    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c>: usage comes from the items that carry it.</summary>
    Stream,
}

/// <summary>How the shim reads token usage from the result (docs/metering.md lists the SDK types).</summary>
internal enum UsageShape
{
    None,
    LlmUsage,
    UsageSource,
    OpenAIChatCompletion,
    OpenAIResponse,
    AnthropicMessage,
    ChatResponse,
    OpenAIStreamingChatUpdate,
    ChatResponseUpdate,
    AnthropicStreamEvent,
}

/// <summary>A parameter of the metered method, as the interceptor must redeclare it.</summary>
internal sealed record ParameterModel(string Type, string Name, string Modifier);

/// <summary>An invocation, known only by name and place: cheap to compute for every call in a project.</summary>
internal sealed record InvocationRef(string Name, string FilePath, int Start, int Length);

/// <summary>One call of a metered method, with everything the interceptor needs as plain values.</summary>
internal sealed record CallSiteModel(
    int LocationVersion,
    string LocationData,
    string CallSite,
    string Operation,
    string ContainingType,
    string MethodName,
    bool IsStatic,
    string ReturnType,
    ReturnShape Shape,
    string ResultType,
    bool UnwrapClientResult,
    UsageShape Usage,
    EquatableArray<ParameterModel> Parameters,
    int ModelParameter,
    int SessionParameter,
    string Model,
    string Provider,
    string Project,
    EquatableArray<string> Tags,
    string ServiceTier);

/// <summary>A candidate call after binding: a site to intercept, a diagnostic, or neither (not metered after all).</summary>
internal sealed record CallSiteResult(CallSiteModel? Site, DiagnosticInfo? Diagnostic);
