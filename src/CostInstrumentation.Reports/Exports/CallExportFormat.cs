namespace CostInstrumentation.Reports;

/// <summary>The formats <see cref="CallExport"/> writes.</summary>
public enum CallExportFormat
{
    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    Jsonl,

    /// <summary>One JSON array of objects.</summary>
    Json,

    /// <summary>An XLSX workbook, written by <see cref="XlsxCallExport"/> to a file (not a text writer).</summary>
    Xlsx,
}
