using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Cli.Pricing;

/// <summary>One problem the generator's parser found in a pricing file, located as a compiler would report it (1-based line and column).</summary>
internal sealed record PricingProblem(string File, int Line, int Column, string Severity, string Id, string Message)
{
    public bool IsError => Severity == "error";

    /// <summary><c>pricing/mine.json:12:18</c>.</summary>
    public string Location => $"{File}:{Line}:{Column}";

    /// <summary>The same text the build prints: the message the generator's descriptor formats, at the position it reports.</summary>
    public static PricingProblem From(Diagnostic diagnostic, string file)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        return new PricingProblem(file, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            diagnostic.Severity.ToString().ToLowerInvariant(), diagnostic.Id, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
