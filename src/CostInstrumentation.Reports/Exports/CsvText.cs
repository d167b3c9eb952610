using System.Buffers;
using System.Numerics;

namespace CostInstrumentation.Reports;

/// <summary>CSV fields (RFC 4180) with the spreadsheet formula-injection guard every export uses.</summary>
public static class CsvText
{
    /// <summary>
    /// One field: when <paramref name="guard"/>, a value starting with <c>= + - @</c>, a tab or a carriage return gets a
    /// leading <c>'</c> so a spreadsheet shows it instead of running it; quoted when it holds a comma, quote or line break.
    /// </summary>
    public static string Field(string value, bool guard)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArrayBufferWriter<char> field = new(value.Length + 3);
        Write(field, value.AsSpan(), guard);
        return field.WrittenSpan.ToString();
    }

    /// <summary>
    /// Writes <see cref="Field"/>'s text to <paramref name="output"/>, in characters or in UTF-8 bytes (the export writes
    /// millions of fields as bytes: every character the rules look at is ASCII, so both read the same).
    /// </summary>
    internal static void Write<T>(IBufferWriter<T> output, ReadOnlySpan<T> value, bool guard)
        where T : unmanaged, IBinaryInteger<T>
    {
        T quote = T.CreateTruncating('"');
        ReadOnlySpan<T> special = [T.CreateTruncating(','), quote, T.CreateTruncating('\r'), T.CreateTruncating('\n')];
        bool quoted = value.IndexOfAny(special) >= 0;
        if (quoted)
        {
            output.Write([quote]);
        }

        if (guard && value.Length > 0 && int.CreateTruncating(value[0]) is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            output.Write([T.CreateTruncating('\'')]);
        }

        if (!quoted)
        {
            output.Write(value);
            return;
        }

        for (int next; (next = value.IndexOf(quote)) >= 0; value = value[(next + 1)..])
        {
            output.Write(value[..(next + 1)]);
            output.Write([quote]);
        }

        output.Write(value);
        output.Write([quote]);
    }
}
