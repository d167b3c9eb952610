using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CostInstrumentation.Contract;

/// <summary>
/// The one writer and the one reader of a generated price table line (docs/pricing-table-format.md):
/// <c>model TAB provider TAB mode TAB maxIn TAB maxOut TAB deprecation TAB successor TAB rates (TAB alias)*</c>,
/// where rates are space-separated <c>[scope.]field=decimal</c> pairs and a scope is an optional service letter
/// (<c>b</c>, <c>f</c>, <c>p</c>) followed by an optional tier (<c>@N</c> long context, <c>#S-E</c> tier-table row).
/// </summary>
internal static class PriceTableGrammar
{
    public const char LineSeparator = '\n';
    public const char FieldSeparator = '\t';
    private const char RateSeparator = ' ';
    private const int RatesField = 7;

    /// <summary>Appends the row as one line (no line separator). Rates are written in ordinal order of their keys.</summary>
    public static void Write(StringBuilder text, PriceTableRow row)
    {
        text.Append(row.Model).Append(FieldSeparator)
            .Append(row.Provider).Append(FieldSeparator)
            .Append(row.Mode).Append(FieldSeparator)
            .Append(row.MaxInputTokens?.ToString(CultureInfo.InvariantCulture)).Append(FieldSeparator)
            .Append(row.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture)).Append(FieldSeparator)
            .Append(row.DeprecationDate).Append(FieldSeparator)
            .Append(row.Successor).Append(FieldSeparator);
        string[] pairs = new string[row.Rates.Count];
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = RateKey(row.Rates[i]) + "=" + FormatDecimal(row.Rates[i].PerToken);
        }

        Array.Sort(pairs, StringComparer.Ordinal);
        text.Append(string.Join(RateSeparator.ToString(), pairs));
        foreach (string alias in row.Aliases)
        {
            text.Append(FieldSeparator).Append(alias);
        }
    }

    /// <summary>Reads one line; throws <see cref="InvalidOperationException"/> when it does not follow the grammar.</summary>
    public static PriceTableRow Read(string line)
    {
        string[] fields = line.Split(FieldSeparator);
        if (fields.Length <= RatesField)
        {
            throw Corrupt(line, "it has fewer than 8 fields");
        }

        string[] pairs = fields[RatesField].Split(RateSeparator);
        TableRate[] rates = new TableRate[pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            rates[i] = ReadRate(line, pairs[i]);
        }

        string[] aliases = new string[fields.Length - RatesField - 1];
        Array.Copy(fields, RatesField + 1, aliases, 0, aliases.Length);
        return new PriceTableRow(
            fields[0],
            fields[1],
            fields[2],
            fields[3].Length == 0 ? null : Tokens(line, fields[3]),
            fields[4].Length == 0 ? null : Tokens(line, fields[4]),
            Date(line, fields[5]),
            fields[6],
            rates,
            aliases);
    }

    /// <summary>Adds the model id and the aliases of the line at [start, end) of <paramref name="data"/> to <paramref name="lookup"/>; the first line to claim an id keeps it.</summary>
    public static void AddIds(string data, int start, int end, int entry, Dictionary<string, int> lookup)
    {
        int field = 0;
        while (start <= end)
        {
            int tab = data.IndexOf(FieldSeparator, start, end - start);
            int fieldEnd = tab < 0 ? end : tab;
            if (field == 0 || field > RatesField)
            {
                string id = data.Substring(start, fieldEnd - start);
#if NETCOREAPP
                lookup.TryAdd(id, entry); // one hash of the id where the framework has it: ~6,000 ids on a table's first use
#else
                if (!lookup.ContainsKey(id))
                {
                    lookup.Add(id, entry);
                }
#endif
            }

            if (tab < 0)
            {
                break;
            }

            start = tab + 1;
            field++;
        }
    }

    /// <summary>The <c>[scope.]field</c> key of a rate: <c>in</c>, <c>@200000.cr</c>, <c>p@272000.out</c>, <c>#0-256000.rs</c>.</summary>
    public static string RateKey(TableRate rate)
    {
        TableScope card = rate.Scope;
        string scope = ServiceLetter(card.Service) + card.Tier switch
        {
            TableTierKind.Above => "@" + card.Start.ToString(CultureInfo.InvariantCulture),
            TableTierKind.Range => "#" + card.Start.ToString(CultureInfo.InvariantCulture) + "-" + card.End?.ToString(CultureInfo.InvariantCulture),
            _ => string.Empty,
        };
        return scope.Length == 0 ? FieldKey(rate.Field) : scope + "." + FieldKey(rate.Field);
    }

    /// <summary>A plain invariant decimal without trailing zeros: no exponent, no grouping.</summary>
    public static string FormatDecimal(decimal value)
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    public static InvalidOperationException Corrupt(string line, string reason) =>
        new($"Generated price table line is corrupt ({reason}): '{line}'. Rebuild the project; if it persists, report a bug.");

    private static TableRate ReadRate(string line, string pair)
    {
        int equals = pair.IndexOf('=');
        if (equals <= 0 || !decimal.TryParse(pair.Substring(equals + 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
        {
            throw Corrupt(line, $"bad rate '{pair}'");
        }

        int dot = pair.LastIndexOf('.', equals - 1);
        TableRateField field = pair.Substring(dot + 1, equals - dot - 1) switch
        {
            "in" => TableRateField.Input,
            "out" => TableRateField.Output,
            "cr" => TableRateField.CacheRead,
            "cw" => TableRateField.CacheWrite,
            "rs" => TableRateField.Reasoning,
            _ => throw Corrupt(line, $"unknown rate field in '{pair}'"),
        };
        string scope = dot < 0 ? string.Empty : pair.Substring(0, dot);
        TableService service = scope.Length == 0 ? TableService.Standard : scope[0] switch
        {
            'b' => TableService.Batch,
            'f' => TableService.Flex,
            'p' => TableService.Priority,
            _ => TableService.Standard,
        };
        return new TableRate(ReadScope(line, scope, service), field, value);
    }

    private static TableScope ReadScope(string line, string scope, TableService service)
    {
        string tier = service == TableService.Standard ? scope : scope.Substring(1);
        if (tier.Length == 0)
        {
            return scope.Length == 0 || service != TableService.Standard
                ? TableScope.Base(service)
                : throw Corrupt(line, $"unknown rate scope '{scope}'");
        }

        if (tier[0] == '@')
        {
            return TableScope.Above(service, Tokens(line, tier.Substring(1)));
        }

        int dash = tier.IndexOf('-');
        if (service == TableService.Standard && tier[0] == '#' && dash > 1)
        {
            string end = tier.Substring(dash + 1);
            return TableScope.Range(Tokens(line, tier.Substring(1, dash - 1)), end.Length == 0 ? null : Tokens(line, end));
        }

        throw Corrupt(line, $"unknown rate scope '{scope}'");
    }

    private static string ServiceLetter(TableService service) => service switch
    {
        TableService.Batch => "b",
        TableService.Flex => "f",
        TableService.Priority => "p",
        _ => string.Empty,
    };

    private static string FieldKey(TableRateField field) => field switch
    {
        TableRateField.Input => "in",
        TableRateField.Output => "out",
        TableRateField.CacheRead => "cr",
        TableRateField.CacheWrite => "cw",
        _ => "rs",
    };

    private static long Tokens(string line, string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw Corrupt(line, $"'{text}' is not a token count");

    private static string Date(string line, string text) =>
        text.Length == 0 || DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? text
            : throw Corrupt(line, $"'{text}' is not a yyyy-MM-dd date");
}
