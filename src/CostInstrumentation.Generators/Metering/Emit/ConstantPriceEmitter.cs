using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Metering.Emit;

/// <summary>
/// Writes a <c>ModelPrice</c> whose rates are decimal literals, for call sites whose model is known at
/// compile time: such a call is priced without any table lookup.
/// </summary>
internal static class ConstantPriceEmitter
{
    private const string Runtime = "global::CostInstrumentation.";

    // Card members in a fixed order, so the emitted text is stable.
    private static readonly (TableRateField Field, string Property)[] Members =
    {
        (TableRateField.CacheRead, "CacheRead"),
        (TableRateField.CacheWrite, "CacheWrite"),
        (TableRateField.Input, "Input"),
        (TableRateField.Output, "Output"),
        (TableRateField.Reasoning, "Reasoning"),
    };

    public static string Expression(PriceEntry entry)
    {
        StringBuilder text = new();
        text.Append("new ").Append(Runtime).Append("ModelPrice(new ").Append(Runtime).Append("ModelPriceDefinition { Model = ")
            .Append(CSharpLiteral.String(entry.Model))
            .Append(", Provider = ").Append(CSharpLiteral.String(entry.Provider));
        if (entry.MaxInputTokens is { } maxInput)
        {
            text.Append(", MaxInputTokens = ").Append(Tokens(maxInput));
        }

        if (entry.MaxOutputTokens is { } maxOutput)
        {
            text.Append(", MaxOutputTokens = ").Append(Tokens(maxOutput));
        }

        text.Append(", Rates = ").Append(Card(entry.Rates));
        if (entry.ContextTiers.Count > 0)
        {
            text.Append(", ContextTiers = [").Append(ContextTiers(entry.ContextTiers)).Append(']');
        }

        if (entry.RangeTiers.Count > 0)
        {
            text.Append(", RangeTiers = [")
                .Append(string.Join(", ", entry.RangeTiers.Select(t => "new " + Runtime + "RangeTier(" + Tokens(t.Start) + ", " + Tokens(t.End) + ", " + Card(t.Rates) + ")")))
                .Append(']');
        }

        foreach (ServiceTierPrice service in entry.ServiceTiers)
        {
            text.Append(", ").Append(service.Service.ToString()).Append(" = new ").Append(Runtime).Append("ServiceTierRates(").Append(Card(service.Rates))
                .Append(", [").Append(ContextTiers(service.ContextTiers)).Append("])");
        }

        return text.Append(" })").ToString();
    }

    private static string ContextTiers(IEnumerable<LongContextTier> tiers) =>
        string.Join(", ", tiers.Select(t => "new " + Runtime + "ContextTier(" + Tokens(t.AboveInputTokens) + ", " + Card(t.Rates) + ")"));

    private static string Card(RateSet card)
    {
        if (card.IsEmpty)
        {
            return Runtime + "RateCard.None";
        }

        IEnumerable<string> members = Members
            .Where(m => card[m.Field] is not null)
            .Select(m => m.Property + " = " + PriceTableGrammar.FormatDecimal(card[m.Field]!.Value) + "m");
        return "new " + Runtime + "RateCard { " + string.Join(", ", members) + " }";
    }

    private static string Tokens(long count) => count.ToString(CultureInfo.InvariantCulture) + "L";
}
