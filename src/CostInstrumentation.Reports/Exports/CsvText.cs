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
        if (guard && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
