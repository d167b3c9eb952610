using System.Text.RegularExpressions;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Tests.Pricing;

/// <summary>
/// Model ids and aliases hold only printable ASCII without spaces, or letters and digits of other scripts: a file whose
/// bytes are not valid UTF-8 gets a located LLMC008 at each id they garble, and that entry is skipped, not compiled.
/// </summary>
public sealed class ModelIdTests
{
    private static readonly Dictionary<string, string> NoStaleCheck = new() { ["llmcost.stale_pricing_days"] = "0" };

    /// <summary>0xC3 0x28 is a UTF-8 lead byte followed by a byte that cannot continue it; a lone 0xFF is never UTF-8.</summary>
    private static readonly byte[] OwnFormatWithInvalidUtf8 = Bytes(
        "{ \"providers\": { \"p\": {\n  \"gpt-", new byte[] { 0xC3, 0x28 }, "x\": { \"input\": 1 },\n  \"ok\": { \"input\": 2, \"aliases\": [\"ok-", new byte[] { 0xFF }, "\"] }\n} } }");

    [Fact]
    public void InvalidUtf8_AsTheCompilerReadsTheFile_IsLLMC008AtEachGarbledId()
    {
        string directory = Directory.CreateTempSubdirectory("llmc008-").FullName;
        try
        {
            string file = Path.Combine(directory, "invalid-utf8.json");
            File.WriteAllBytes(file, OwnFormatWithInvalidUtf8);

            List<string> warnings = CommandLineCompiler.CompileWithPricing(directory, file).Where(line => line.Contains("LLMC", StringComparison.Ordinal)).ToList();

            // Where the compiler falls back to UTF-8 (Linux, macOS) the bytes become U+FFFD; to the ANSI code page (Windows), mojibake.
            Assert.Equal(2, warnings.Count);
            Assert.Matches(new Regex(@"invalid-utf8\.json\(2,3\): warning LLMC008: Model id 'gpt-.+x' .*not valid UTF-8.* it is skipped"), warnings[0]);
            Assert.Matches(new Regex(@"invalid-utf8\.json\(3,35\): warning LLMC008: Alias 'ok-.+' .*not valid UTF-8.* it is skipped"), warnings[1]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void InvalidUtf8_DecodedToReplacementCharacters_IsLLMC008AtTheId_AndTheEntrySkipped()
    {
        GeneratorRun run = GeneratorHarness.Run(new[] { PricingInput.FromBytes("/p/invalid-utf8.json", OwnFormatWithInvalidUtf8) }, NoStaleCheck).AssertHealthy();

        List<Reported> found = run.WithId("LLMC008").OrderBy(d => d.StartLine).ToList();
        Assert.Equal(2, found.Count);
        Assert.Equal(found.Count, run.Diagnostics.Count);
        string decoded = Encoding.UTF8.GetString(OwnFormatWithInvalidUtf8);
        Expect.At(found[0], decoded, "\"gpt-\uFFFD(x\"");
        Expect.MessageContains(found[0], "Model id 'gpt-\uFFFD(x'", "replacement character (U+FFFD) at character 5", "not valid UTF-8", "skipped");
        Expect.At(found[1], decoded, "\"ok-\uFFFD\"");
        Expect.MessageContains(found[1], "Alias 'ok-\uFFFD'", "U+FFFD");

        PriceTable table = MergeTests.TableOf(run);
        Assert.Equal(1, table.ModelCount);
        Assert.True(table.TryGetPrice("ok", out _));
        Assert.DoesNotContain("\uFFFD", run.PriceTableSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"gpt-\uFFFD\": { \"input_cost_per_token\": 1e-06, \"litellm_provider\": \"openai\" }, \"ok\": { \"input_cost_per_token\": 1e-06 } }", "\"gpt-\uFFFD\"")]
    [InlineData("{ \"openai\": { \"gpt-\uFFFD\": { \"input_cost_per_1k\": 0.001 }, \"ok\": { \"input_cost_per_1k\": 0.001 } } }", "\"gpt-\uFFFD\"")]
    [InlineData("{ \"openai\": { \"gpt-\u200B4o\": { \"input_cost_per_1k\": 0.001 }, \"ok\": { \"input_cost_per_1k\": 0.001 } } }", "\"gpt-\u200B4o\"")]
    public void EveryFormat_ReportsAnInvalidModelId_AtItsKey_AndSkipsTheEntry(string json, string key)
    {
        GeneratorRun run = GeneratorHarness.RunText(json, "ids.json", NoStaleCheck).AssertHealthy();

        Reported d = Expect.Only(run, "LLMC008");
        Expect.At(d, json, key);
        Expect.MessageContains(d, "Model id", "skipped");
        PriceTable table = MergeTests.TableOf(run);
        Assert.Equal(1, table.ModelCount);
        Assert.True(table.TryGetPrice("ok", out _));
    }

    [Fact]
    public void AFileReadWithALegacyCodePage_ReportsItsNonAsciiIds_AndKeepsItsAsciiOnes()
    {
        // What the compiler does with a file that is not valid UTF-8 on Windows: it decodes it with the ANSI code page,
        // where every byte is some character, so the id has no U+FFFD and only the encoding tells it apart.
        byte[] bytes = Bytes("{ \"providers\": { \"p\": {\n  \"mod", new byte[] { 0xE8 }, "le\": { \"input\": 1 },\n  \"ok\": { \"input\": 2 }\n} } }");
        PricingInput latin1 = new("/p/latin1.json", SourceText.From(bytes, bytes.Length, Encoding.Latin1));
        GeneratorRun run = GeneratorHarness.Run(new[] { latin1 }, NoStaleCheck).AssertHealthy();

        Reported d = Expect.Only(run, "LLMC008");
        Expect.At(d, 1, 2, 1, 10);
        Expect.MessageContains(d, "Model id 'mod\u00E8le'", "not valid UTF-8 and was read as iso-8859-1", "skipped");
        Assert.Equal(1, MergeTests.TableOf(run).ModelCount);
    }

    [Fact]
    public void TheLiteLlmCatalogue_HasNoIdTheRuleRejects()
    {
        PricingFile file = Stages.Parse(File.ReadAllText(Repo.LiteLlmSnapshot));

        Assert.DoesNotContain(file.Diagnostics, d => d.Id == "LLMC008");
        Assert.True(file.Entries.Count > 2000, file.Entries.Count + " entries");
    }

    private static byte[] Bytes(params object[] parts) =>
        parts.SelectMany(part => part is string text ? Encoding.UTF8.GetBytes(text) : (byte[])part).ToArray();
}
