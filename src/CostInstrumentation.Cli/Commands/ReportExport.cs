using System.CommandLine;
using System.IO;
using System.Text;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary><c>--export FILE</c> of a report: the same document written as a self-contained HTML page (<c>.html</c>).</summary>
internal static class ReportExport
{
    public static readonly Option<string?> File = new("--export") { Description = "Also write the report to FILE: .html (self-contained, inline SVG charts).", HelpName = "FILE" };

    /// <summary>Writes the document when --export was given; the terminal output is unchanged.</summary>
    public static void WriteIfAsked(Invocation invocation, ReportDocument document)
    {
        if (invocation.Parse.GetValue(File) is not { Length: > 0 } file)
        {
            return;
        }

        string path = Path.GetFullPath(file, invocation.Environment.CurrentDirectory);
        if (!path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
        {
            throw new ReportArgumentException($"--export writes .html files; '{file}' is neither.");
        }

        using (StreamWriter writer = new(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            HtmlRenderer.Render(writer, document, invocation.Now);
        }

        invocation.Environment.Error.WriteLine($"Wrote {path}.");
    }
}
