using System.Globalization;

namespace CostInstrumentation;

/// <summary>
/// Reads one line of a generated price table (layout in docs/pricing-table-format.md):
/// <c>model TAB provider TAB mode TAB maxIn TAB maxOut TAB deprecation TAB successor TAB rates (TAB alias)*</c>,
/// where rates are space-separated <c>[scope.]field=decimal</c> pairs.
/// </summary>
internal static class PriceTableLine
{
    private const char FieldSeparator = '\t';
    private const int RatesField = 7;

    /// <summary>Adds the model id and aliases of the line at [start, end) to <paramref name="lookup"/>; the first entry to claim an id keeps it.</summary>
    internal static void AddIds(string data, int start, int end, int entry, Dictionary<string, int> lookup)
    {
        int field = 0;
        while (start <= end)
        {
            int tab = data.IndexOf(FieldSeparator, start, end - start);
            int fieldEnd = tab < 0 ? end : tab;
            if (field == 0 || field > RatesField)
            {
                lookup.TryAdd(data.Substring(start, fieldEnd - start), entry);
            }

            if (tab < 0)
            {
                break;
            }

            start = tab + 1;
            field++;
        }
    }

    internal static ModelPriceDefinition Parse(ReadOnlySpan<char> line)
    {
        // A heap array, not stackalloc: a method with stackalloc skips tier-0 JIT and costs milliseconds on first use.
        Range[] fields = new Range[RatesField + 2];
        int count = line.Split(fields, FieldSeparator);
        if (count <= RatesField)
        {
            throw Corrupt(line, "it has fewer than 8 fields");
        }

        RateAccumulator rates = new();
        foreach (Range pair in line[fields[RatesField]].Split(' '))
        {
            rates.Add(line, line[fields[RatesField]][pair]);
        }

        ReadOnlySpan<char> aliases = count > RatesField + 1 ? line[fields[RatesField + 1].Start..] : [];
        return rates.Build(
            line,
            model: line[fields[0]].ToString(),
            provider: Text(line[fields[1]]),
            mode: Text(line[fields[2]]),
            maxInput: line[fields[3]].IsEmpty ? null : Tokens(line, line[fields[3]]),
            maxOutput: line[fields[4]].IsEmpty ? null : Tokens(line, line[fields[4]]),
            deprecation: Date(line, line[fields[5]]),
            successor: Text(line[fields[6]]),
            aliases: aliases.IsEmpty ? [] : aliases.ToString().Split(FieldSeparator));
    }

    internal static InvalidOperationException Corrupt(ReadOnlySpan<char> line, string reason) =>
        new($"Generated price table line is corrupt ({reason}): '{line}'. Rebuild the project; if it persists, report a bug.");

    private static string? Text(ReadOnlySpan<char> field) => field.IsEmpty ? null : field.ToString();

    private static long Tokens(ReadOnlySpan<char> line, ReadOnlySpan<char> text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw Corrupt(line, $"'{text}' is not a token count");

    private static DateOnly? Date(ReadOnlySpan<char> line, ReadOnlySpan<char> text) =>
        text.IsEmpty ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) ? date
        : throw Corrupt(line, $"'{text}' is not a yyyy-MM-dd date");

    /// <summary>Collects <c>[scope.]field=value</c> pairs into rate cards per scope.</summary>
    private sealed class RateAccumulator
    {
        private readonly List<(string Scope, RateCard Card)> _cards = [];

        internal void Add(ReadOnlySpan<char> line, ReadOnlySpan<char> pair)
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0 || !decimal.TryParse(pair[(equals + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                throw Corrupt(line, $"bad rate '{pair}'");
            }

            ReadOnlySpan<char> key = pair[..equals];
            int dot = key.LastIndexOf('.');
            string scope = dot < 0 ? string.Empty : key[..dot].ToString();
            int index = _cards.FindIndex(c => c.Scope == scope);
            RateCard card = index < 0 ? RateCard.None : _cards[index].Card;
            card = key[(dot + 1)..] switch
            {
                "in" => card with { Input = value },
                "out" => card with { Output = value },
                "cr" => card with { CacheRead = value },
                "cw" => card with { CacheWrite = value },
                "rs" => card with { Reasoning = value },
                _ => throw Corrupt(line, $"unknown rate field in '{pair}'"),
            };
            if (index < 0)
            {
                _cards.Add((scope, card));
            }
            else
            {
                _cards[index] = (scope, card);
            }
        }

        internal ModelPriceDefinition Build(ReadOnlySpan<char> line, string model, string? provider, string? mode, long? maxInput, long? maxOutput, DateOnly? deprecation, string? successor, string[] aliases)
        {
            RateCard standard = RateCard.None;
            List<ContextTier> context = [];
            List<RangeTier> ranges = [];
            ServiceTierBuilder batch = new(), flex = new(), priority = new();
            foreach ((string scope, RateCard card) in _cards)
            {
                if (scope.Length == 0)
                {
                    standard = card;
                    continue;
                }

                ServiceTierBuilder? service = scope[0] switch { 'b' => batch, 'f' => flex, 'p' => priority, _ => null };
                ReadOnlySpan<char> tier = service is null ? scope : scope.AsSpan(1);
                if (tier.IsEmpty)
                {
                    service!.Rates = card;
                }
                else if (tier[0] == '@')
                {
                    ContextTier contextTier = new(Tokens(line, tier[1..]), card);
                    (service?.Context ?? context).Add(contextTier);
                }
                else if (service is null && tier[0] == '#' && tier.IndexOf('-') is int dash and > 1)
                {
                    ReadOnlySpan<char> end = tier[(dash + 1)..];
                    ranges.Add(new RangeTier(Tokens(line, tier[1..dash]), end.IsEmpty ? null : Tokens(line, end), card));
                }
                else
                {
                    throw Corrupt(line, $"unknown rate scope '{scope}'");
                }
            }

            context.Sort(static (a, b) => a.AboveInputTokens.CompareTo(b.AboveInputTokens));
            ranges.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            return new ModelPriceDefinition
            {
                Model = model,
                Provider = provider,
                Mode = mode,
                MaxInputTokens = maxInput,
                MaxOutputTokens = maxOutput,
                DeprecationDate = deprecation,
                Successor = successor,
                Rates = standard,
                ContextTiers = context,
                RangeTiers = ranges,
                Batch = batch.Build(),
                Flex = flex.Build(),
                Priority = priority.Build(),
                Aliases = aliases,
            };
        }
    }

    private sealed class ServiceTierBuilder
    {
        internal RateCard? Rates { get; set; }

        internal List<ContextTier> Context { get; } = [];

        internal ServiceTierRates? Build()
        {
            if (Rates is null && Context.Count == 0)
            {
                return null;
            }

            Context.Sort(static (a, b) => a.AboveInputTokens.CompareTo(b.AboveInputTokens));
            return new ServiceTierRates(Rates ?? RateCard.None, Context);
        }
    }
}
