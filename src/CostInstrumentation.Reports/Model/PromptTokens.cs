using Microsoft.ML.Tokenizers;

namespace CostInstrumentation.Reports;

/// <summary>
/// The input tokens of a prompt. OpenAI publishes its tokenizers, so their models are counted exactly (o200k_base or
/// cl100k_base, as the model uses; the vocabularies ship in NuGet packages). Other providers (Anthropic, Google, …) do
/// not publish theirs: their count is an approximation, a band from 0.9× to 1.3× the cl100k_base count, which covers
/// the ratios seen between those tokenizers on English text and code (docs/cli.md, "estimate"). One rule for every view:
/// the CLI's <c>estimate</c>, the dashboard's Estimate page and REST route.
/// </summary>
/// <param name="Low">The fewest tokens the prompt can be.</param>
/// <param name="High">The most tokens the prompt can be (equal to <paramref name="Low"/> when counted exactly).</param>
/// <param name="Method">How the count was made, for people.</param>
/// <param name="Exact">Whether the provider's own tokenizer counted it.</param>
public sealed record PromptTokens(long Low, long High, string Method, bool Exact)
{
    private const decimal BandLow = 0.9m;
    private const decimal BandHigh = 1.3m;

    /// <summary>Counts <paramref name="text"/> for <paramref name="model"/> of <paramref name="provider"/>.</summary>
    public static PromptTokens Count(string text, string model, string? provider)
    {
        if (provider is "openai" or "azure")
        {
            Tokenizer tokenizer;
            string encoding;
            try
            {
                tokenizer = TiktokenTokenizer.CreateForModel(model);
                encoding = "the tokenizer of " + model;
            }
            catch (NotSupportedException)
            {
                // A model newer than the package's table: OpenAI's current models all use o200k_base.
                tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
                encoding = "o200k_base";
            }

            long exact = tokenizer.CountTokens(text);
            return new PromptTokens(exact, exact, encoding, Exact: true);
        }

        long reference = TiktokenTokenizer.CreateForEncoding("cl100k_base").CountTokens(text);
        return new PromptTokens(
            (long)Math.Floor(reference * BandLow),
            (long)Math.Ceiling(reference * BandHigh),
            $"approximation: {provider ?? "this provider"}'s tokenizer is not public; {BandLow}–{BandHigh}× the cl100k_base count ({reference:N0})",
            Exact: false);
    }
}
