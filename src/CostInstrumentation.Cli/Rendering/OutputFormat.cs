namespace CostInstrumentation.Cli.Rendering;

/// <summary>The <c>--format</c> values.</summary>
internal enum OutputFormat
{
    /// <summary>Tables for a person at a terminal.</summary>
    Table,

    /// <summary>The JSON envelope (docs/schemas).</summary>
    Json,

    /// <summary>The first table as CSV, exact values.</summary>
    Csv,

    /// <summary>Markdown tables, exact values.</summary>
    Md,
}
