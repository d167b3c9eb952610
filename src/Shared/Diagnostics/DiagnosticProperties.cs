namespace CostInstrumentation.Contract;

/// <summary>The properties the analyzers attach to a diagnostic and the code fixes read back.</summary>
internal static class DiagnosticProperties
{
    /// <summary>LLMC101: the priced models nearest to the unknown one, best first, separated by <see cref="Separator"/>.</summary>
    public const string Suggestions = "Suggestions";

    /// <summary>LLMC105: the priced successor of a deprecated model.</summary>
    public const string Successor = "Successor";

    public const char Separator = '|';
}
