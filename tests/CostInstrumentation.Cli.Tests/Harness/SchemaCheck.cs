using System.IO;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CostInstrumentation.Cli.Tests.Harness;

/// <summary>Validates real output against the published schemas in docs/schemas (copied beside the tests).</summary>
internal static class SchemaCheck
{
    private static readonly Lazy<JsonSchema> Envelope = new(() => Load("llmcost-v1.schema.json"));
    private static readonly Lazy<JsonSchema> ExportedCall = new(() => Load("llmcost-export-v1.schema.json"));
    private static readonly Lazy<JsonSchema> Analysis = new(() => Load("llmcost-analysis-v1.schema.json"));

    public static void Report(string json) => Validate(Envelope.Value, json);

    public static void Call(string json) => Validate(ExportedCall.Value, json);

    /// <summary>The pricing, whatif, reprice, estimate and insights commands.</summary>
    public static void AnalysisReport(string json) => Validate(Analysis.Value, json);

    private static void Validate(JsonSchema schema, string json)
    {
        EvaluationResults results = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, "Not valid against its schema:\n"
            + string.Join("\n", results.Details.Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")))
            + "\n" + json);
    }

    private static JsonSchema Load(string name) => JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schemas", name));
}
