using System;
using System.IO;
using System.Text;
using CostInstrumentation.Reports;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Hosting;

/// <summary>
/// <c>CostInstrumentation:ExportOnExit</c>: the calls the database holds from the host's start on, written with the
/// report layer's export (the same columns and money format as <c>llmcost export</c>) when the host stops.
/// </summary>
internal static class ExportOnExit
{
    /// <summary>Writes the export; a failure is logged, not thrown, so shutdown goes on.</summary>
    public static void Write(string database, string file, DateTimeOffset sinceUtc, ILogger logger)
    {
        try
        {
            using CostReports reports = CostReports.Open(database);
            ReportPeriod period = new("since start-up", sinceUtc, null, TimeZoneInfo.Utc);
            string extension = Path.GetExtension(file).ToLowerInvariant();
            using FileStream output = File.Create(file);
            long count;
            if (extension == ".xlsx")
            {
                count = XlsxCallExport.Write(reports, period, ReportFilter.None, output);
            }
            else
            {
                using StreamWriter writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                count = CallExport.Write(reports, period, ReportFilter.None, extension switch
                {
                    ".csv" => CallExportFormat.Csv,
                    ".jsonl" => CallExportFormat.Jsonl,
                    _ => CallExportFormat.Json,
                }, writer);
            }

            HostingLog.Exported(logger, count, Path.GetFullPath(file));
        }
        catch (Exception exception)
        {
            HostingLog.ExportFailed(logger, exception, file);
        }
    }
}
