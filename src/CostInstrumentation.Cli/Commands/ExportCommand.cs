using System.CommandLine;
using System.IO;
using System.Text;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost export [period] [filters] -f csv|jsonl|json [-o FILE] [--raw]</c>: the raw calls, streamed (memory stays
/// flat), with exact costs; CSV text is guarded against spreadsheet formula injection unless <c>--raw</c>.
/// </summary>
internal static class ExportCommand
{
    private static readonly Option<CallExportFormat> Format = new("--format", "-f")
    {
        Description = "csv (default), jsonl, json or xlsx (with -o).",
        HelpName = "FORMAT",
        DefaultValueFactory = _ => CallExportFormat.Csv,
    };

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "The file to write (default: standard output).", HelpName = "FILE" };

    private static readonly Option<bool> Raw = new("--raw") { Description = "CSV: write text exactly, without the formula-injection guard." };

    public static Command Create(CliEnvironment environment)
    {
        Command command = new Command("export", "The raw calls of a period (default: all) as CSV, JSON Lines or JSON, streamed.").WithPeriod().WithFilters();
        command.Add(CommonOptions.Database);
        command.Add(CommonOptions.TimeZone);
        command.Add(Format);
        command.Add(Output);
        command.Add(Raw);
        Invocation.Bind(command, environment, Run);
        return command;
    }

    private static int Run(Invocation invocation)
    {
        ReportPeriod period = invocation.Period("all");
        ReportFilter filter = invocation.Filter;
        CallExportFormat format = invocation.Parse.GetValue(Format);
        bool raw = invocation.Parse.GetValue(Raw);
        using CostReports reports = invocation.OpenReports();
        if (invocation.Parse.GetValue(Output) is not { Length: > 0 } file)
        {
            if (format == CallExportFormat.Xlsx)
            {
                throw new ReportArgumentException("An XLSX export needs a file: add -o FILE.xlsx.");
            }

            CallExport.Write(reports, period, filter, format, invocation.Environment.Out, raw);
            return ExitCodes.Ok;
        }

        string path = Path.GetFullPath(file, invocation.Environment.CurrentDirectory);
        string partial = path + ".partial";
        long rows;
        if (format == CallExportFormat.Xlsx)
        {
            using FileStream stream = new(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            rows = XlsxCallExport.Write(reports, period, filter, stream);
        }
        else
        {
            using StreamWriter writer = new(partial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
            rows = CallExport.Write(reports, period, filter, format, writer, raw);
        }

        // Written beside the target and moved at the end, so a failed export never leaves half a file under the real name.
        File.Move(partial, path, overwrite: true);
        invocation.Environment.Error.WriteLine($"Exported {rows:N0} call(s) to {path}.");
        return ExitCodes.Ok;
    }
}
