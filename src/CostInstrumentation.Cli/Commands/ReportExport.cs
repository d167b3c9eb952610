using System.CommandLine;
using System.IO;
using System.Text;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Cli.Rendering.Pdf;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary><c>--export FILE</c> of a report: the same document as a self-contained HTML page (<c>.html</c>) or a PDF for accounting (<c>.pdf</c>).</summary>
internal static class ReportExport
{
    public static readonly Option<string?> File = new("--export") { Description = "Also write the report to FILE: .html (self-contained, inline SVG charts) or .pdf (for accounting, font embedded).", HelpName = "FILE" };

    /// <summary>Writes the document when --export was given; the terminal output is unchanged.</summary>
    public static void WriteIfAsked(Invocation invocation, ReportDocument document)
    {
        if (invocation.Parse.GetValue(File) is not { Length: > 0 } file)
        {
            return;
        }

        string path = Path.GetFullPath(file, invocation.Environment.CurrentDirectory);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        // Only the full tool carries PDFsharp: the native front hands every .pdf argument on to it (NativeFront.Answers).
        if (extension is ".pdf" && NativeFront.IsFullTool)
        {
            using FileStream stream = new(path, FileMode.Create, FileAccess.Write);
            PdfRenderer.Render(stream, document, invocation.Now);
        }
        else if (extension is ".html" or ".htm")
        {
            using StreamWriter writer = new(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            HtmlRenderer.Render(writer, document, invocation.Now);
        }
        else
        {
            throw new ReportArgumentException($"--export writes .html or .pdf files; '{file}' is neither.");
        }

        invocation.Environment.Error.WriteLine($"Wrote {path}.");
    }
}
