using System.Globalization;
using System.IO;

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
        using StringWriter field = new(CultureInfo.InvariantCulture);
        Write(field, value, guard);
        return field.ToString();
    }

    /// <summary>Writes <see cref="Field"/>'s text straight to <paramref name="output"/> (the export writes millions of fields).</summary>
    public static void Write(TextWriter output, ReadOnlySpan<char> value, bool guard)
    {
        ArgumentNullException.ThrowIfNull(output);
        bool quoted = value.IndexOfAny(",\"\r\n") >= 0;
        if (quoted)
        {
            output.Write('"');
        }

        if (guard && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            output.Write('\'');
        }

        if (!quoted)
        {
            output.Write(value);
            return;
        }

        for (int quote; (quote = value.IndexOf('"')) >= 0; value = value[(quote + 1)..])
        {
            output.Write(value[..(quote + 1)]);
            output.Write('"');
        }

        output.Write(value);
        output.Write('"');
    }
}
