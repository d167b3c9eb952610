using System.IO;
using System.Text;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>
/// The selected calls as CSV (formula-guarded unless <c>raw</c>), JSON Lines or XLSX, streamed a row at a time from the
/// report layer's reader to the response, so memory stays flat however many calls there are.
/// </summary>
internal static class ExportHandlers
{
    public static IResult Export(DashboardContext context, ReportQuery query, string? format, string? raw)
    {
        // Everything that can be refused is checked before the first byte is sent, so it can still be a ProblemDetails.
        ReportPeriod period = query.ReportPeriod(context);
        ReportFilter filter = query.Filter();
        (CallExportFormat kind, string contentType, string extension) = (format ?? "csv") switch
        {
            "csv" => (CallExportFormat.Csv, "text/csv; charset=utf-8", "csv"),
            "jsonl" => (CallExportFormat.Jsonl, "application/jsonl; charset=utf-8", "jsonl"),
            "xlsx" => (CallExportFormat.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            _ => throw new ReportArgumentException($"format '{format}' is not an export format: use csv, jsonl or xlsx."),
        };
        bool unguarded = raw is "true";
        CostReports reports = context.OpenReports();
        return new StreamedExport(reports, period, filter, kind, contentType, $"llm-calls.{extension}", unguarded);
    }

    /// <summary>Writes the export to the response body on the request's thread (the report layer reads synchronously).</summary>
    private sealed class StreamedExport(CostReports reports, ReportPeriod period, ReportFilter filter, CallExportFormat format, string contentType, string fileName, bool raw) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            using (reports)
            {
                httpContext.Response.ContentType = contentType;
                httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
                if (httpContext.Features.Get<IHttpBodyControlFeature>() is { } body)
                {
                    // Rows come from SQLite one at a time on this thread; synchronous writes keep them flowing without buffering the file.
                    body.AllowSynchronousIO = true;
                }

                Stream output = httpContext.Response.Body;
                if (format == CallExportFormat.Xlsx)
                {
                    XlsxCallExport.Write(reports, period, filter, output);
                }
                else
                {
                    using StreamWriter writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
                    CallExport.Write(reports, period, filter, format, writer, raw);
                }

                await output.FlushAsync(httpContext.RequestAborted);
            }
        }
    }
}
