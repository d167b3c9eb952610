using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Model;
using CostInstrumentation.Generators.Pricing.Parse;

namespace CostInstrumentation.Generators.Metering.Emit;

/// <summary>
/// Writes a <c>ModelPrice</c> whose rates are decimal literals, for call sites whose model is known at
/// compile time: such a call is priced without any table lookup.
/// </summary>
internal static class ConstantPriceEmitter
{
    private const string Runtime = "global::CostInstrumentation.";

    public static string Expression(PriceEntry entry)
    {
        // Group "[service][tier].field" keys into cards by scope.
        SortedDictionary<string, List<RateValue>> scopes = new(System.StringComparer.Ordinal);
        foreach (RateValue rate in entry.Rates)
        {
            int dot = rate.Key.LastIndexOf('.');
            string scope = dot < 0 ? string.Empty : rate.Key.Substring(0, dot);
            if (!scopes.TryGetValue(scope, out List<RateValue>? list))
            {
                scopes[scope] = list = new List<RateValue>();
            }

            list.Add(rate with { Key = rate.Key.Substring(dot + 1) });
        }

        StringBuilder text = new();
        text.Append("new ").Append(Runtime).Append("ModelPrice(new ").Append(Runtime).Append("ModelPriceDefinition { Model = ")
            .Append(CSharpLiteral.String(entry.Model))
            .Append(", Provider = ").Append(CSharpLiteral.String(entry.Provider));
        if (entry.MaxInputTokens is { } maxInput)
        {
            text.Append(", MaxInputTokens = ").Append(maxInput.ToString(CultureInfo.InvariantCulture)).Append('L');
        }

        if (entry.MaxOutputTokens is { } maxOutput)
        {
            text.Append(", MaxOutputTokens = ").Append(maxOutput.ToString(CultureInfo.InvariantCulture)).Append('L');
        }

        text.Append(", Rates = ").Append(Card(scopes, string.Empty));
        AppendContextTiers(text, "ContextTiers", scopes, string.Empty);
        List<string> ranges = scopes.Keys.Where(s => s.StartsWith("#", System.StringComparison.Ordinal)).ToList();
        if (ranges.Count > 0)
        {
            text.Append(", RangeTiers = [");
            text.Append(string.Join(", ", ranges.Select(scope =>
            {
                string[] bounds = scope.Substring(1).Split('-');
                string end = bounds[1].Length == 0 ? "null" : bounds[1] + "L";
                return "new " + Runtime + "RangeTier(" + bounds[0] + "L, " + end + ", " + Card(scopes, scope) + ")";
            })));
            text.Append(']');
        }

        foreach ((string property, string letter) in new[] { ("Batch", "b"), ("Flex", "f"), ("Priority", "p") })
        {
            if (scopes.Keys.Any(s => s.StartsWith(letter, System.StringComparison.Ordinal)))
            {
                text.Append(", ").Append(property).Append(" = new ").Append(Runtime).Append("ServiceTierRates(").Append(Card(scopes, letter)).Append(", [");
                text.Append(string.Join(", ", ContextScopes(scopes, letter).Select(s => ContextTier(scopes, s, letter))));
                text.Append("])");
            }
        }

        return text.Append(" })").ToString();
    }

    private static void AppendContextTiers(StringBuilder text, string property, SortedDictionary<string, List<RateValue>> scopes, string service)
    {
        List<string> tiers = ContextScopes(scopes, service).ToList();
        if (tiers.Count > 0)
        {
            text.Append(", ").Append(property).Append(" = [").Append(string.Join(", ", tiers.Select(s => ContextTier(scopes, s, service)))).Append(']');
        }
    }

    private static IEnumerable<string> ContextScopes(SortedDictionary<string, List<RateValue>> scopes, string service) =>
        scopes.Keys.Where(s => s.Length > service.Length && s.StartsWith(service + "@", System.StringComparison.Ordinal));

    private static string ContextTier(SortedDictionary<string, List<RateValue>> scopes, string scope, string service) =>
        "new " + Runtime + "ContextTier(" + scope.Substring(service.Length + 1) + "L, " + Card(scopes, scope) + ")";

    private static string Card(SortedDictionary<string, List<RateValue>> scopes, string scope)
    {
        if (!scopes.TryGetValue(scope, out List<RateValue>? rates))
        {
            return Runtime + "RateCard.None";
        }

        IEnumerable<string> members = rates.Select(r => Property(r.Key) + " = " + DecimalText.Format(r.Value) + "m");
        return "new " + Runtime + "RateCard { " + string.Join(", ", members) + " }";
    }

    private static string Property(string field) => field switch
    {
        RateField.Input => "Input",
        RateField.Output => "Output",
        RateField.CacheRead => "CacheRead",
        RateField.CacheWrite => "CacheWrite",
        _ => "Reasoning",
    };
}
