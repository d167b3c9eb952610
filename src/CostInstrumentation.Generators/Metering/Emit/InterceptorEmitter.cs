using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Metering.Model;

namespace CostInstrumentation.Generators.Metering.Emit;

/// <summary>
/// Emits one interceptor per metered call: admit it against the budgets (which may refuse it or switch an
/// <c>[LlmModel]</c> argument to a fallback model), time it, call the original, read the usage with direct
/// property access, and hand it to <c>LlmCallMeter</c> with the admission, which settles the reservation.
/// Exceptions pass through an exception filter, so they reach the caller untouched, stack trace included.
/// </summary>
internal static class InterceptorEmitter
{
    public const string HintName = "LlmMeteringInterceptors.g.cs";
    private const string Meter = "global::CostInstrumentation.LlmCallMeter";

    public static string Emit(ImmutableArray<CallSiteModel> sites, EquatableArray<ConstantPrice> constantPrices)
    {
        Dictionary<string, string> prices = constantPrices.ToDictionary(p => p.Model, p => p.Expression, System.StringComparer.Ordinal);
        IndentedWriter writer = GeneratedFile.Begin(null, "OPENAI001 // The OpenAI SDK marks its Responses API experimental; reading its usage is not using it.")
            .Line(GeneratedFile.CodeAttribute)
            .Line("file static class LlmMeteringInterceptors")
            .Open();

        for (int i = 0; i < sites.Length; i++)
        {
            EmitSite(writer, sites[i], i, prices);
        }

        foreach ((UsageShape shape, bool stream) in sites.Select(s => (s.Usage, s.Shape == ReturnShape.Stream)).Distinct().OrderBy(r => r))
        {
            EmitReader(writer, shape, stream);
        }

        writer.Close().Close()
            .Line()
            .Line("namespace System.Runtime.CompilerServices")
            .Open()
            .Line("[global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = true)]")
            .Line("file sealed class InterceptsLocationAttribute : global::System.Attribute")
            .Open()
            .Line("public InterceptsLocationAttribute(int version, string data)")
            .Open()
            .Line("_ = version;")
            .Line("_ = data;")
            .Close()
            .Close()
            .Close();
        return writer.ToString();
    }

    private static void EmitSite(IndentedWriter writer, CallSiteModel site, int index, Dictionary<string, string> prices)
    {
        string number = index.ToString(CultureInfo.InvariantCulture);
        string price = prices.TryGetValue(site.Model, out string? constant) ? constant : "null";
        string tags = site.Tags.Count == 0 ? "null" : "[" + string.Join(", ", site.Tags.Select(CSharpLiteral.String)) + "]";
        writer.Line($"private static readonly global::CostInstrumentation.MeteredCallSite Site{number} = new(")
            .Line($"    {CSharpLiteral.String(site.Operation)}, {CSharpLiteral.String(site.CallSite)}, {Optional(site.Model)}, {Optional(site.Provider)}, {Optional(site.Project)}, {tags}, {Optional(site.ServiceTier)},")
            .Line($"    {price});")
            .Line();

        List<string> parameters = site.Parameters.Select(p => p.Modifier + p.Type + " " + p.Name).ToList();
        List<string> arguments = site.Parameters.Select(p => Argument(p)).ToList();
        string call;
        if (site.IsStatic)
        {
            call = site.ContainingType + "." + site.MethodName + "(" + string.Join(", ", arguments) + ")";
        }
        else
        {
            parameters.Insert(0, "this " + site.ContainingType + " @this");
            call = "@this." + site.MethodName + "(" + string.Join(", ", arguments) + ")";
        }

        string requestModel = site.ModelParameter >= 0 ? site.Parameters[site.ModelParameter].Name : "null";
        string session = site.SessionParameter >= 0 ? site.Parameters[site.SessionParameter].Name : "null";
        string admit = $"global::CostInstrumentation.LlmAdmission meteredAdmission = {Meter}.Admit(Site{number}, {requestModel}, {session});";

        // A by-value [LlmModel] argument takes the model admission chose: the budget's fallback when a hard limit switched it.
        string? switchModel = site.ModelParameter >= 0 && site.Parameters[site.ModelParameter].Modifier.Length == 0
            ? $"{requestModel} = meteredAdmission.Model!;"
            : null;
        if (site.Shape == ReturnShape.Stream)
        {
            EmitStreamSite(writer, site, number, parameters, call, requestModel, session, admit, switchModel);
            return;
        }

        string value = site.UnwrapClientResult ? "meteredResult.Value" : "meteredResult";
        string attribute = $"[global::System.Runtime.CompilerServices.InterceptsLocation({site.LocationVersion.ToString(CultureInfo.InvariantCulture)}, {CSharpLiteral.String(site.LocationData)})]";
        string completed = $"{Meter}.Completed(Site{number}, meteredStart, {ReaderName(site.Usage)}({value}, out string? meteredResponseModel), {requestModel}, meteredResponseModel, {session}, meteredAdmission);";
        string observe = $"catch (global::System.Exception meteredException) when ({Meter}.ObserveFailure(Site{number}, meteredStart, meteredException, {requestModel}, {session}, meteredAdmission))";
        writer.Line($"/// <summary>Meters the call of {Xml(site.Operation)} at {Xml(site.CallSite)}.</summary>")
            .Line(attribute)
            .Line($"internal static {site.ReturnType} Metered{number}({string.Join(", ", parameters)})")
            .Open()
            .Line(admit);
        if (switchModel is not null)
        {
            writer.Line(switchModel);
        }

        writer.Line($"long meteredStart = {Meter}.Start();")
            .Line($"{(site.Shape == ReturnShape.Value ? site.ResultType + " meteredResult" : site.ReturnType + " meteredTask")};")
            .Line("try")
            .Open()
            .Line($"{(site.Shape == ReturnShape.Value ? "meteredResult" : "meteredTask")} = {call};")
            .Close()
            .Line(observe)
            .Open()
            .Line("throw; // Unreachable: the filter records the failure and returns false, so the exception propagates untouched.")
            .Close()
            .Line(LeaveOnReturn)
            .Line();
        if (site.Shape == ReturnShape.Value)
        {
            writer.Line(completed).Line("return meteredResult;").Close().Line();
            return;
        }

        // A task that already succeeded is recorded and returned as it is: no state machine, no new task.
        writer.Line("if (meteredTask.IsCompletedSuccessfully)")
            .Open()
            .Line($"{site.ResultType} meteredResult = meteredTask.Result;")
            .Line(completed)
            .Line("return meteredTask;")
            .Close()
            .Line()
            .Line($"return MeteredAwait(meteredTask, meteredStart, {requestModel}, {session}, meteredAdmission);")
            .Line()
            .Line($"static async {site.ReturnType} MeteredAwait({site.ReturnType} meteredTask, long meteredStart, string? meteredModel, string? meteredSession, global::CostInstrumentation.LlmAdmission meteredAdmission)")
            .Open()
            .Line($"{site.ResultType} meteredResult;")
            .Line("try")
            .Open()
            .Line("meteredResult = await meteredTask.ConfigureAwait(false);")
            .Close()
            .Line($"catch (global::System.Exception meteredException) when ({Meter}.ObserveFailure(Site{number}, meteredStart, meteredException, meteredModel, meteredSession, meteredAdmission))")
            .Open()
            .Line("throw; // Unreachable: see above.")
            .Close()
            .Line()
            .Line($"{Meter}.Completed(Site{number}, meteredStart, {ReaderName(site.Usage)}({value}, out string? meteredResponseModel), meteredModel, meteredResponseModel, meteredSession, meteredAdmission);")
            .Line("return meteredResult;")
            .Close()
            .Close()
            .Line();
    }

    private static void EmitStreamSite(IndentedWriter writer, CallSiteModel site, string number, List<string> parameters, string call, string requestModel, string session, string admit, string? switchModel)
    {
        writer.Line($"/// <summary>Meters the stream of {Xml(site.Operation)} at {Xml(site.CallSite)}.</summary>")
            .Line($"[global::System.Runtime.CompilerServices.InterceptsLocation({site.LocationVersion.ToString(CultureInfo.InvariantCulture)}, {CSharpLiteral.String(site.LocationData)})]")
            .Line($"internal static {site.ReturnType} Metered{number}({string.Join(", ", parameters)})")
            .Open()
            .Line(admit);
        if (switchModel is not null)
        {
            writer.Line(switchModel);
        }

        writer.Line($"long meteredStart = {Meter}.Start();")
            .Line($"{site.ReturnType} meteredStream;")
            .Line("try")
            .Open()
            .Line($"meteredStream = {call};")
            .Close()
            .Line($"catch (global::System.Exception meteredException) when ({Meter}.ObserveFailure(Site{number}, meteredStart, meteredException, {requestModel}, {session}, meteredAdmission))")
            .Open()
            .Line("throw; // Unreachable: the filter records the failure and returns false, so the exception propagates untouched.")
            .Close()
            .Line(LeaveOnReturn)
            .Line()
            .Line($"return global::CostInstrumentation.MeteredStream.Wrap(meteredStream, Site{number}, meteredStart, {requestModel}, {session}, {StreamReaderName(site.Usage)}, meteredAdmission);")
            .Close()
            .Line();
    }

    /// <summary>
    /// Emits the usage reader of <paramref name="shape"/>; a stream's reader also says whether the item is the provider's
    /// final usage report (<c>final</c>), without which the runtime records the stream as incomplete.
    /// </summary>
    private static void EmitReader(IndentedWriter writer, UsageShape shape, bool stream)
    {
        string type = shape switch
        {
            UsageShape.LlmUsage => "global::CostInstrumentation.LlmUsage",
            UsageShape.UsageSource => "global::CostInstrumentation.ILlmUsageSource?",
            UsageShape.OpenAIChatCompletion => "global::OpenAI.Chat.ChatCompletion?",
            UsageShape.OpenAIResponse => "global::OpenAI.Responses.ResponseResult?",
            UsageShape.AnthropicStreamEvent => "global::Anthropic.Models.Messages.RawMessageStreamEvent?",
            UsageShape.AnthropicMessage => "global::Anthropic.Models.Messages.Message?",
            UsageShape.OpenAIStreamingChatUpdate => "global::OpenAI.Chat.StreamingChatCompletionUpdate?",
            UsageShape.ChatResponseUpdate => "global::Microsoft.Extensions.AI.ChatResponseUpdate?",
            _ => "global::Microsoft.Extensions.AI.ChatResponse?",
        };
        writer.Line(stream
                ? $"private static global::CostInstrumentation.LlmUsage? {StreamReaderName(shape)}({type} response, out string? model, out bool final)"
                : $"private static global::CostInstrumentation.LlmUsage? {ReaderName(shape)}({type} response, out string? model)")
            .Open()
            .Line("model = null;");
        if (stream)
        {
            writer.Line("final = false;");
        }

        writer.Line("try")
            .Open();
        switch (shape)
        {
            case UsageShape.LlmUsage when stream:
                // A custom item's usage cannot say whether more follows: each report counts as final.
                writer.Line("final = true;")
                    .Line("return response;");
                break;
            case UsageShape.LlmUsage:
                writer.Line("return response;");
                break;
            case UsageShape.UsageSource when stream:
                writer.Line("var usage = response?.GetLlmUsage();")
                    .Line("final = usage is not null;")
                    .Line("return usage;");
                break;
            case UsageShape.UsageSource:
                writer.Line("return response?.GetLlmUsage();");
                break;
            case UsageShape.OpenAIChatCompletion:
            case UsageShape.OpenAIResponse:
                // OpenAI's input count already includes cached tokens and its output count reasoning tokens.
                writer.Line("model = response?.Model;")
                    .Line("var usage = response?.Usage;")
                    .Line("return usage is null ? null : new global::CostInstrumentation.LlmUsage(")
                    .Line("    usage.InputTokenCount, usage.OutputTokenCount, usage.InputTokenDetails?.CachedTokenCount ?? 0, 0, usage.OutputTokenDetails?.ReasoningTokenCount ?? 0);");
                break;
            case UsageShape.AnthropicMessage:
                // Anthropic's input_tokens exclude cache reads and writes; canonical input includes both. Its thinking
                // tokens are inside output_tokens, as canonical reasoning tokens are.
                writer.Line("model = response?.Model.Raw();")
                    .Line("var usage = response?.Usage;")
                    .Line("if (usage is null) return null;")
                    .Line("long cacheRead = usage.CacheReadInputTokens ?? 0;")
                    .Line("long cacheWrite = usage.CacheCreationInputTokens ?? 0;")
                    .Line("return new global::CostInstrumentation.LlmUsage(usage.InputTokens + cacheRead + cacheWrite, usage.OutputTokens, cacheRead, cacheWrite, usage.OutputTokensDetails?.ThinkingTokens ?? 0);");
                break;
            case UsageShape.OpenAIStreamingChatUpdate:
                // Only the final chunk carries usage (when the request asks for it with include_usage).
                writer.Line("model = response?.Model;")
                    .Line("var usage = response?.Usage;")
                    .Line("if (usage is null) return null;")
                    .Line("var read = new global::CostInstrumentation.LlmUsage(")
                    .Line("    usage.InputTokenCount, usage.OutputTokenCount, usage.InputTokenDetails?.CachedTokenCount ?? 0, 0, usage.OutputTokenDetails?.ReasoningTokenCount ?? 0);")
                    .Line("final = true;")
                    .Line("return read;");
                break;
            case UsageShape.AnthropicStreamEvent:
                // message_start carries input and cache counts, message_delta the running output total and ends the
                // usage (final only once read: an unreadable delta leaves the stream incomplete, not under-priced);
                // the stream merges them (largest of each).
                writer.Line("if (response is null) return null;")
                    .Line("if (response.TryPickStart(out var start) && start is not null)")
                    .Open()
                    .Line("model = start.Message.Model.Raw();")
                    .Line("var usage = start.Message.Usage;")
                    .Line("long cacheRead = usage.CacheReadInputTokens ?? 0;")
                    .Line("long cacheWrite = usage.CacheCreationInputTokens ?? 0;")
                    .Line("return new global::CostInstrumentation.LlmUsage(usage.InputTokens + cacheRead + cacheWrite, usage.OutputTokens, cacheRead, cacheWrite, usage.OutputTokensDetails?.ThinkingTokens ?? 0);")
                    .Close()
                    .Line()
                    .Line("if (response.TryPickDelta(out var delta) && delta is not null)")
                    .Open()
                    .Line("var usage = delta.Usage;")
                    .Line("long cacheRead = usage.CacheReadInputTokens ?? 0;")
                    .Line("long cacheWrite = usage.CacheCreationInputTokens ?? 0;")
                    .Line("var read = new global::CostInstrumentation.LlmUsage((usage.InputTokens ?? 0) + cacheRead + cacheWrite, usage.OutputTokens, cacheRead, cacheWrite, usage.OutputTokensDetails?.ThinkingTokens ?? 0);")
                    .Line("final = true;")
                    .Line("return read;")
                    .Close()
                    .Line()
                    .Line("return null;");
                break;
            case UsageShape.ChatResponseUpdate:
                // The adapter's usage arrives as a UsageContent, in the last update. It is final with the finish reason:
                // Anthropic's adapter also sends one, with message_start's counts and no finish reason, when the stream
                // is cut off before message_delta. Final even when its counts are incomplete (then an unknown cost).
                writer.Line("model = response?.ModelId;")
                    .Line("if (response is null) return null;")
                    .Line("foreach (var content in response.Contents)")
                    .Open()
                    .Line("if (content is global::Microsoft.Extensions.AI.UsageContent { Details: var usage })")
                    .Open()
                    .Line("final = response.FinishReason is not null;")
                    .Line(UsageDetailsToLlmUsage)
                    .Close()
                    .Close()
                    .Line()
                    .Line("return null;");
                break;
            case UsageShape.ChatResponse:
                writer.Line("model = response?.ModelId;")
                    .Line("var usage = response?.Usage;")
                    .Line("if (usage is null) return null;")
                    .Line(UsageDetailsToLlmUsage);
                break;
        }

        writer.Close()
            .Line("catch (global::System.Exception)")
            .Open()
            .Line("return null; // An unreadable response is recorded with an unknown cost, never thrown to the caller.")
            .Close()
            .Close()
            .Line();
    }

    // Microsoft.Extensions.AI UsageDetails: InputTokenCount already includes cache reads and writes (Anthropic's and
    // OpenAI's adapters both follow the UsageDetails contract); cache writes only appear as Anthropic's
    // AdditionalCounts["CacheCreationInputTokens"]. ChatUsageDetails documents the verified shapes.
    private const string UsageDetailsToLlmUsage =
        "return global::CostInstrumentation.ChatUsageDetails.ToLlmUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.CachedInputTokenCount, usage.ReasoningTokenCount, usage.AdditionalCounts);";

    // The caller must not inherit the "metered call in progress" marker Admit set for the method's own flow.
    private const string LeaveOnReturn = "finally { " + Meter + ".Leave(meteredAdmission); }";

    private static string ReaderName(UsageShape shape) => "UsageOf" + shape;

    private static string StreamReaderName(UsageShape shape) => "StreamUsageOf" + shape;

    private static string Argument(ParameterModel parameter)
    {
        string modifier = parameter.Modifier.Replace("this ", string.Empty).Replace("params ", string.Empty).Replace("ref readonly ", "in ");
        return modifier + parameter.Name;
    }

    private static string Optional(string value) => value.Length == 0 ? "null" : CSharpLiteral.String(value);

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
