using Spectre.Console;

namespace CostInstrumentation.Cli.Rendering;

/// <summary>The one place a document becomes output, in the format asked for.</summary>
internal static class DocumentRenderer
{
    public static void Render(CliEnvironment environment, ReportDocument document, OutputFormat format, bool color)
    {
        switch (format)
        {
            case OutputFormat.Json:
                JsonRenderer.Render(environment.Out, document, environment.Clock.GetUtcNow());
                break;
            case OutputFormat.Csv:
                CsvRenderer.Render(environment.Out, document);
                break;
            case OutputFormat.Md:
                MarkdownRenderer.Render(environment.Out, document);
                break;
            default:
                TerminalRenderer.Render(environment.Terminal(color), document);
                break;
        }
    }
}
