using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Api.Models;

/// <summary>
/// A breakdown's rows as the API writes them: the JSON of a list of <see cref="ApiBreakdownRow"/> (described as that in the
/// OpenAPI document), written straight from the report layer's rows (from an arrangement's cells, without a row object
/// each). A year's day × model grid is ~15,000 rows and 4 MB: one <see cref="ApiBreakdownRow"/> and <see cref="ApiTotals"/>
/// per row through the serializer took several times as long.
/// </summary>
[JsonConverter(typeof(Converter))]
internal sealed class ApiBreakdownRows(IReadOnlyList<ReportRow> rows)
{
    public IReadOnlyList<ReportRow> Rows { get; } = rows;

    /// <summary>
    /// Writes what the serializer writes for the same rows as <see cref="ApiBreakdownRow"/>s under the same options: their
    /// names through the naming policy, a null <c>subKey</c> left out when nulls are ignored; the writer brings the encoder and indentation.
    /// </summary>
    private sealed class Converter : JsonConverter<ApiBreakdownRows>
    {
        // ApiBreakdownRow's and ApiTotals' properties in declaration order (the serializer's order).
        private static readonly string[] RowNames = [nameof(ApiBreakdownRow.Key), nameof(ApiBreakdownRow.SubKey), nameof(ApiBreakdownRow.Totals)];

        private static readonly string[] TotalsNames =
        [
            nameof(ApiTotals.Calls), nameof(ApiTotals.CostUsd), nameof(ApiTotals.CostNanoUsd), nameof(ApiTotals.UnpricedCalls), nameof(ApiTotals.LowerBoundCalls),
            nameof(ApiTotals.FailedCalls), nameof(ApiTotals.InputTokens), nameof(ApiTotals.CachedInputTokens), nameof(ApiTotals.CacheWriteTokens),
            nameof(ApiTotals.OutputTokens), nameof(ApiTotals.ReasoningTokens),
        ];

        public override ApiBreakdownRows Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Breakdown rows are only written.");

        public override void Write(Utf8JsonWriter writer, ApiBreakdownRows value, JsonSerializerOptions options)
        {
            JsonEncodedText[] row = Names(RowNames, options);
            JsonEncodedText[] totals = Names(TotalsNames, options);
            bool writeNulls = options.DefaultIgnoreCondition == JsonIgnoreCondition.Never;
            writer.WriteStartArray();
            if (value.Rows is BreakdownRows arranged)
            {
                // From the arrangement's cells: no row object each.
                foreach (BreakdownGroup group in arranged.Groups)
                {
                    if (!arranged.Nested)
                    {
                        WriteRow(writer, row, totals, writeNulls, group.Key, null, group.Totals);
                        continue;
                    }

                    for (int rank = 0; rank < group.ChildCount; rank++)
                    {
                        ref readonly BreakdownCell cell = ref group.Child(rank);
                        WriteRow(writer, row, totals, writeNulls, group.Key, cell.Key, cell.Sum.Sealed);
                    }
                }
            }
            else
            {
                foreach (ReportRow r in value.Rows)
                {
                    WriteRow(writer, row, totals, writeNulls, r.Key, r.SubKey, r.Totals);
                }
            }

            writer.WriteEndArray();
        }

        private static void WriteRow(Utf8JsonWriter writer, JsonEncodedText[] row, JsonEncodedText[] totals, bool writeNulls, string key, string? subKey, in CostTotals t)
        {
            writer.WriteStartObject();
            writer.WriteString(row[0], key);
            if (subKey is not null)
            {
                writer.WriteString(row[1], subKey);
            }
            else if (writeNulls)
            {
                writer.WriteNull(row[1]);
            }

            writer.WriteStartObject(row[2]);
            writer.WriteNumber(totals[0], t.Calls);
            // Envelope.Usd's spelling (the invariant "G" form), without a string per row.
            Span<byte> usd = stackalloc byte[32];
            t.CostUsd.TryFormat(usd, out int length, default, CultureInfo.InvariantCulture);
            writer.WriteString(totals[1], usd[..length]);
            writer.WriteNumber(totals[2], Envelope.Nano(t.CostUsd));
            writer.WriteNumber(totals[3], t.UnpricedCalls);
            writer.WriteNumber(totals[4], t.LowerBoundCalls);
            writer.WriteNumber(totals[5], t.FailedCalls);
            writer.WriteNumber(totals[6], t.InputTokens);
            writer.WriteNumber(totals[7], t.CachedInputTokens);
            writer.WriteNumber(totals[8], t.CacheWriteTokens);
            writer.WriteNumber(totals[9], t.OutputTokens);
            writer.WriteNumber(totals[10], t.ReasoningTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private static JsonEncodedText[] Names(string[] names, JsonSerializerOptions options) =>
            [.. names.Select(name => JsonEncodedText.Encode(options.PropertyNamingPolicy?.ConvertName(name) ?? name, options.Encoder))];
    }
}
