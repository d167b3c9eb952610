using System.Globalization;
using System.Text;

namespace CostInstrumentation;

/// <summary>
/// Reads one line of a generated price table (layout in docs/pricing-table-format.md):
/// <c>model TAB provider TAB mode TAB maxIn TAB maxOut TAB deprecation TAB successor TAB rates (TAB alias)*</c>,
/// where rates are space-separated <c>[scope.]field=decimal</c> pairs.
/// </summary>
internal static class PriceTableLine
{
    private const byte FieldSeparator = (byte)'\t';
    private const int RatesField = 7;

    /// <summary>Adds the line's model id and aliases to <paramref name="lookup"/>; the first entry to claim an id keeps it.</summary>
    internal static void AddIds(ReadOnlySpan<byte> line, int entry, Dictionary<string, int> lookup)
    {
        int field = 0;
        foreach (Range range in line.Split(FieldSeparator))
        {
            if (field == 0 || field > RatesField)
            {
                lookup.TryAdd(Encoding.UTF8.GetString(line[range]), entry);
            }

            field++;
        }
    }

    internal static ModelPriceDefinition Parse(ReadOnlySpan<byte> line)
    {
        Span<Range> fields = stackalloc Range[RatesField + 1];
        int count = 0;
        foreach (Range field in line.Split(FieldSeparator))
        {
            fields[count++] = field;
            if (count == fields.Length)
            {
                break;
            }
        }

        if (count <= RatesField)
        {
            throw Corrupt(line, "it has fewer than 8 fields");
        }

        ReadOnlySpan<byte> rates = line[fields[RatesField]];
        int aliasStart = fields[RatesField].End.GetOffset(line.Length) + 1;
        RateAccumulator accumulator = new();
        foreach (Range pair in rates.Split((byte)' '))
        {
            accumulator.Add(line, rates[pair]);
        }

        return accumulator.Build(
            line,
            model: Text(line, fields[0])!,
            provider: Text(line, fields[1]),
            mode: Text(line, fields[2]),
            maxInput: Number(line, fields[3]),
            maxOutput: Number(line, fields[4]),
            deprecation: Date(line, fields[5]),
            successor: Text(line, fields[6]),
            aliases: aliasStart >= line.Length ? [] : [.. Encoding.UTF8.GetString(line[aliasStart..]).Split('\t')]);
    }

    private static string? Text(ReadOnlySpan<byte> line, Range field) =>
        line[field].IsEmpty ? null : Encoding.UTF8.GetString(line[field]);

    private static long? Number(ReadOnlySpan<byte> line, Range field) =>
        line[field].IsEmpty ? null : Tokens(line, line[field]);

    private static long Tokens(ReadOnlySpan<byte> line, ReadOnlySpan<byte> text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw Corrupt(line, $"'{Encoding.UTF8.GetString(text)}' is not a token count");

    private static DateOnly? Date(ReadOnlySpan<byte> line, Range field)
    {
        if (line[field].IsEmpty)
        {
            return null;
        }

        string text = Encoding.UTF8.GetString(line[field]);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : throw Corrupt(line, $"'{text}' is not a yyyy-MM-dd date");
    }

    internal static InvalidOperationException Corrupt(ReadOnlySpan<byte> line, string reason) =>
        new($"Generated price table line is corrupt ({reason}): '{Encoding.UTF8.GetString(line)}'. Rebuild the project; if it persists, report a bug.");

    /// <summary>Collects <c>[scope.]field=value</c> pairs into rate cards per scope.</summary>
    private sealed class RateAccumulator
    {
        private readonly Dictionary<string, RateCard> _cards = new(StringComparer.Ordinal);

        internal void Add(ReadOnlySpan<byte> line, ReadOnlySpan<byte> pair)
        {
            int equals = pair.IndexOf((byte)'=');
            if (equals <= 0 || !decimal.TryParse(pair[(equals + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                throw Corrupt(line, $"bad rate '{Encoding.UTF8.GetString(pair)}'");
            }

            ReadOnlySpan<byte> key = pair[..equals];
            int dot = key.LastIndexOf((byte)'.');
            string scope = dot < 0 ? string.Empty : Encoding.ASCII.GetString(key[..dot]);
            RateCard card = _cards.GetValueOrDefault(scope) ?? RateCard.None;
            _cards[scope] = (key[(dot + 1)..]) switch
            {
                var f when f.SequenceEqual("in"u8) => card with { Input = value },
                var f when f.SequenceEqual("out"u8) => card with { Output = value },
                var f when f.SequenceEqual("cr"u8) => card with { CacheRead = value },
                var f when f.SequenceEqual("cw"u8) => card with { CacheWrite = value },
                var f when f.SequenceEqual("rs"u8) => card with { Reasoning = value },
                _ => throw Corrupt(line, $"unknown rate field in '{Encoding.UTF8.GetString(pair)}'"),
            };
        }

        internal ModelPriceDefinition Build(ReadOnlySpan<byte> line, string model, string? provider, string? mode, long? maxInput, long? maxOutput, DateOnly? deprecation, string? successor, string[] aliases)
        {
            List<ContextTier> context = [];
            List<RangeTier> ranges = [];
            Dictionary<char, (RateCard Rates, List<ContextTier> Context)> services = [];
            foreach ((string scope, RateCard card) in _cards)
            {
                if (scope.Length == 0)
                {
                    continue;
                }

                char service = scope[0] is 'b' or 'f' or 'p' ? scope[0] : '\0';
                string tier = service == '\0' ? scope : scope[1..];
                if (service != '\0' && !services.ContainsKey(service))
                {
                    services[service] = (RateCard.None, []);
                }

                if (tier.Length == 0)
                {
                    services[service] = (card, services[service].Context);
                }
                else if (tier[0] == '@')
                {
                    ContextTier contextTier = new(Tokens(line, Encoding.ASCII.GetBytes(tier[1..])), card);
                    (service == '\0' ? context : services[service].Context).Add(contextTier);
                }
                else if (tier[0] == '#' && tier.IndexOf('-') is int dash and > 1)
                {
                    string end = tier[(dash + 1)..];
                    ranges.Add(new RangeTier(
                        Tokens(line, Encoding.ASCII.GetBytes(tier[1..dash])),
                        end.Length == 0 ? null : Tokens(line, Encoding.ASCII.GetBytes(end)),
                        card));
                }
                else
                {
                    throw Corrupt(line, $"unknown rate scope '{scope}'");
                }
            }

            return new ModelPriceDefinition
            {
                Model = model,
                Provider = provider,
                Mode = mode,
                MaxInputTokens = maxInput,
                MaxOutputTokens = maxOutput,
                DeprecationDate = deprecation,
                Successor = successor,
                Rates = _cards.GetValueOrDefault(string.Empty) ?? RateCard.None,
                ContextTiers = [.. context.OrderBy(t => t.AboveInputTokens)],
                RangeTiers = [.. ranges.OrderBy(t => t.Start)],
                Batch = Service('b'),
                Flex = Service('f'),
                Priority = Service('p'),
                Aliases = aliases,
            };

            ServiceTierRates? Service(char key) =>
                services.TryGetValue(key, out var s) ? new ServiceTierRates(s.Rates, [.. s.Context.OrderBy(t => t.AboveInputTokens)]) : null;
        }
    }
}
