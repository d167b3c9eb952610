namespace CostInstrumentation.CodeFixes;

/// <summary>
/// The IDs and property names the analyzers report (CostInstrumentation.Generators). Repeated here rather than
/// referenced so that this assembly loads without the generator; a test checks they stay equal.
/// </summary>
internal static class FixedDiagnostics
{
    public const string UnknownModel = "LLMC101";
    public const string DeprecatedModel = "LLMC105";
    public const string ExpensiveWithoutBudget = "LLMC201";
    public const string SuggestionsProperty = "Suggestions";
    public const string SuccessorProperty = "Successor";
    public const char SuggestionSeparator = '|';
}
