using Microsoft.CodeAnalysis;

namespace CostInstrumentation.PricingFiles;

/// <summary>One problem the generator's parser found in a pricing file, located as a compiler would report it (1-based line and column).</summary>
public sealed record PricingProblem(string File, int Line, int Column, string Severity, string Id, string Message)
{
    /// <summary>Whether the build fails on it.</summary>
    public bool IsError => Severity == "error";

    /// <summary><c>pricing/mine.json:12:18</c>.</summary>
    public string Location => $"{File}:{Line}:{Column}";

    /// <summary>The same text the build prints: the message the generator's descriptor formats, at the position it reports.</summary>
    internal static PricingProblem From(Diagnostic diagnostic, string file)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        return new PricingProblem(file, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            diagnostic.Severity.ToString().ToLowerInvariant(), diagnostic.Id, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
