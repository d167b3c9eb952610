extern alias generator;

using System.Text.RegularExpressions;
using generator::CostInstrumentation.Generators.Diagnostics;

namespace CostInstrumentation.Contract.Tests;

/// <summary>Diagnostic IDs, money and timestamps: each defined once and held to what the rest of the product expects.</summary>
public sealed partial class SharedFormatTests
{
    [Fact]
    public void EveryDiagnosticId_HasItsDescriptor_ItsHelpPage_AndItsRange()
    {
        string docs = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Generator.LiteLlmSnapshot)))!, "docs", "diagnostics");

        Assert.Equal(DiagnosticIds.All.Length, DiagnosticIds.All.Distinct().Count());
        foreach (string id in DiagnosticIds.All)
        {
            Assert.Matches(IdPattern(), id);
            Assert.Equal(id, DiagnosticDescriptors.Find(id)?.Id);
            Assert.Equal(DiagnosticDescriptors.HelpLink(id), DiagnosticDescriptors.Find(id)!.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(docs, id + ".md")), id + " has no help page");
        }
    }

    [Theory]
    [InlineData("0.000001234", 1_234L)]
    [InlineData("0.0000000005", 0L)] // half a nano-USD rounds to even
    [InlineData("0.0000000015", 2L)]
    [InlineData("-0.25", -250_000_000L)]
    [InlineData("9223372036.854775807", long.MaxValue)]
    public void NanoUsd_RoundsHalfToEven_AndConvertsBack(string usdText, long nano)
    {
        decimal usd = decimal.Parse(usdText, CultureInfo.InvariantCulture);

        Assert.Equal(nano, NanoUsd.From(usd));
        Assert.Equal(nano, NanoUsd.TryFrom(usd));
        Assert.Equal(nano, NanoUsd.Saturated(usd));
        Assert.Equal(nano / 1_000_000_000m, NanoUsd.ToUsd(nano));
    }

    [Fact]
    public void NanoUsd_BeyondALong_IsUnknownWhenStored_AndClampedForALimit()
    {
        Assert.Null(NanoUsd.TryFrom(10_000_000_000m));
        Assert.Null(NanoUsd.TryFrom(decimal.MaxValue));
        Assert.Equal(long.MaxValue, NanoUsd.Saturated(decimal.MaxValue));
        Assert.Equal(long.MinValue, NanoUsd.Saturated(decimal.MinValue));
        Assert.Throws<OverflowException>(() => NanoUsd.From(10_000_000_000m));
    }

    [Fact]
    public void StoredTimestamps_AreTheRoundTripFormatInUtc_AndSortAsTime()
    {
        DateTimeOffset[] instants =
        [
            new(2026, 12, 6, 23, 59, 59, TimeSpan.FromHours(-5)),
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_567),
            new(2026, 12, 7, 0, 0, 0, TimeSpan.FromHours(1)),
            DateTimeOffset.UnixEpoch,
        ];

        foreach (DateTimeOffset instant in instants)
        {
            string text = UtcTimestamp.Write(instant);
            Assert.Equal(instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), text); // what the SQLite insert writes
            Assert.Equal(instant, UtcTimestamp.Read(text));
            Assert.EndsWith("Z", text, StringComparison.Ordinal);
        }

        Assert.Equal(instants.OrderBy(i => i).Select(UtcTimestamp.Write), instants.Select(UtcTimestamp.Write).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Shop.Assistant.*", "Shop.Assistant.Ask", true)]
    [InlineData("Shop.Assistant.*", "Shop.Assistant.Inner.Ask", true)] // a nested type's methods are the type's too
    [InlineData("Shop.Assistant.*", "Shop.AssistantPro.Ask", false)]
    [InlineData("Shop.Assistant.*", "Shop.Assistant", false)]
    [InlineData("Shop.Assistant.Ask", "Shop.Assistant.Ask", true)]
    [InlineData("Shop.Assistant.Ask", "Shop.Assistant.AskMore", false)]
    [InlineData("Shop.Assistant.Ask", "shop.assistant.ask", false)]
    public void AnOperationBudget_CoversItsMethod_OrEveryMethodOfItsType(string scope, string operation, bool covers) =>
        Assert.Equal(covers, OperationName.Covers(scope, operation));

    [Fact]
    public void OperationNames_AreTypeDotMethod()
    {
        Assert.Equal("Shop.Assistant.Ask", OperationName.Of("Shop.Assistant", "Ask"));
        Assert.True(OperationName.Covers(OperationName.EveryMethodOf("Shop.Assistant"), OperationName.Of("Shop.Assistant", "Ask")));
    }

    [GeneratedRegex("^LLMC[0-2][0-9]{2}$")]
    private static partial Regex IdPattern();
}
