using System;
using System.Globalization;

namespace CostInstrumentation.Contract;

/// <summary>
/// How an instant is stored (<c>ts_utc</c>) and compared in SQL: ISO-8601 in UTC with seven fractional digits and a
/// <c>Z</c>, so text order is time order. The same text as .NET's round-trip format ("O") of a UTC <see cref="DateTime"/>.
/// </summary>
internal static class UtcTimestamp
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Write(DateTimeOffset instant) => instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Reads a stored instant (any ISO-8601 text; a missing offset means UTC).</summary>
    public static DateTimeOffset Read(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
