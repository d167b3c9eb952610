using CostInstrumentation;

namespace AnalyzerTour;

/// <summary>Each method shows one diagnostic; the comment says which and why.</summary>
public sealed class Tour
{
    // LLMC101: "gpt-4o-mnii" is in no pricing table; the message (and the code fix) offer "gpt-4o-mini".
    [MeteredLlmCall("gpt-4o-mnii")]
    public LlmUsage Misspelt(string prompt) => new(10, 5);

    // LLMC102 (reported at the call in Program.cs): a string result carries no token usage to read.
    [MeteredLlmCall("gpt-4o-mini")]
    public string NoUsage(string prompt) => prompt;

    // LLMC103 (reported at the call below): a private method cannot be called by a generated interceptor.
    [MeteredLlmCall("gpt-4o-mini")]
    private LlmUsage Hidden(string prompt) => new(10, 5);

    public LlmUsage CallHidden() => Hidden("hello");

    // LLMC104 (reported at the method group in Program.cs): a delegate call cannot be intercepted.
    [MeteredLlmCall("gpt-4o-mini")]
    public LlmUsage Cheap(string prompt) => new(10, 5);

    // LLMC105: gemini-2.0-flash was deprecated on 2026-06-01; the code fix switches to gemini-2.5-flash.
    [MeteredLlmCall("gemini-2.0-flash")]
    public LlmUsage Retired(string prompt) => new(10, 5);

    // LLMC106: no model in the attribute, no [LlmModel] parameter, and LlmUsage names no model.
    [MeteredLlmCall]
    public LlmUsage Anonymous(string prompt) => new(10, 5);

    // No diagnostic: the model comes from the [LlmModel] argument at run time.
    [MeteredLlmCall]
    public LlmUsage Chosen([LlmModel] string model, string prompt) => new(10, 5);

    // No diagnostic: gpt-4.1 is expensive, but budgets.json declares a monthly budget for it.
    [MeteredLlmCall("gpt-4.1")]
    public LlmUsage CoveredByBudgetFile(string prompt) => new(10, 5);
}

/// <summary>Budgets, good and bad.</summary>
public sealed class Budgets
{
    // LLMC201: claude-opus-4-1 costs 75 USD per 1M output tokens and no budget covers this method.
    [MeteredLlmCall("claude-opus-4-1")]
    public LlmUsage Unbudgeted(string prompt) => new(10, 5);

    // LLMC202: one gpt-4o call can cost up to 0.4838 USD (128,000 input + 16,384 output tokens), more than 0.05.
    [MeteredLlmCall("gpt-4o")]
    [LlmBudget(PerCallUsd = 0.05)]
    public LlmUsage TooTight(string prompt) => new(10, 5);

    // No diagnostic: an expensive model with a sound budget.
    [MeteredLlmCall("gpt-4o")]
    [LlmBudget(MonthlyUsd = 100, WarnAt = new[] { 0.5, 0.9 })]
    public LlmUsage Budgeted(string prompt) => new(10, 5);
}

// LLMC203: a budget amount must be greater than zero.
[LlmBudget(MonthlyUsd = -1)]
public sealed class BrokenBudget
{
}
