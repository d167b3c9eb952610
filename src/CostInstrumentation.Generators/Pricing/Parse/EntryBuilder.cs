using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>The five per-token rates, by their key in the table format.</summary>
internal static class RateField
{
    public const string Input = "in";
    public const string Output = "out";
    public const string CacheRead = "cr";
    public const string CacheWrite = "cw";
    public const string Reasoning = "rs";
}

/// <summary>Rate scopes in the table format: a service-tier letter, then a long-context or range tier.</summary>
internal static class RateScope
{
    public const string Standard = "";

    public static string Service(string serviceTier) => serviceTier switch
    {
        "batch" or "batches" => "b",
        "flex" => "f",
        "priority" => "p",
        _ => throw new System.ArgumentOutOfRangeException(nameof(serviceTier)),
    };

    public static string Above(string service, long tokens) => service + "@" + tokens.ToString(CultureInfo.InvariantCulture);

    public static string Range(long start, long? end) =>
        "#" + start.ToString(CultureInfo.InvariantCulture) + "-" + (end?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
}

/// <summary>Collects what the readers find about one model and builds its <see cref="PriceEntry"/>.</summary>
internal sealed class EntryBuilder
{
    private readonly SortedDictionary<string, decimal> _rates = new(System.StringComparer.Ordinal);

    public EntryBuilder(string model) => Model = model;

    public string Model { get; }

    public string Provider { get; set; } = string.Empty;

    public string Mode { get; set; } = string.Empty;

    public long? MaxInputTokens { get; set; }

    public long? MaxOutputTokens { get; set; }

    public string DeprecationDate { get; set; } = string.Empty;

    public string Successor { get; set; } = string.Empty;

    public List<string> Aliases { get; } = new();

    /// <summary>True once a rate that prices tokens is known (standard input/output or a tier table row).</summary>
    public bool HasTokenPrice => _rates.Keys.Any(k => k is RateField.Input or RateField.Output || k.StartsWith("#", System.StringComparison.Ordinal));

    public void SetRate(string scope, string field, decimal perToken) =>
        _rates[scope.Length == 0 ? field : scope + "." + field] = perToken;

    public bool HasRate(string scope, string field) => _rates.ContainsKey(scope.Length == 0 ? field : scope + "." + field);

    public PriceEntry Build() => new(
        Model,
        Provider,
        Mode,
        MaxInputTokens,
        MaxOutputTokens,
        DeprecationDate,
        Successor,
        _rates.Select(r => new RateValue(r.Key, r.Value)).ToEquatableArray(),
        Aliases.ToEquatableArray());
}
