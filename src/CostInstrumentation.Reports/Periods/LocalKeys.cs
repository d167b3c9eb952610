using System.Globalization;

namespace CostInstrumentation.Reports;

/// <summary>
/// The local keys of one dimension's UTC bucket keys in one zone, each worked out once: a grid's cells share their time
/// keys (a year of day × model: 14,600 cells, 365 days), and a source hands them in runs of the same key. Other
/// dimensions' keys pass through.
/// </summary>
internal sealed class LocalKeys(ReportDimension dimension, TimeZoneInfo zone)
{
    private readonly Dictionary<string, string>? _known = dimension.IsTime() ? new(StringComparer.Ordinal) : null;
    private string? _lastKey;
    private string? _lastLocal;

    /// <summary>The local key of <paramref name="key"/>: the same string instance for every cell of a bucket.</summary>
    public string Of(string key)
    {
        if (_known is null)
        {
            return key;
        }

        if (string.Equals(key, _lastKey, StringComparison.Ordinal))
        {
            return _lastLocal!;
        }

        if (!_known.TryGetValue(key, out string? local))
        {
            local = Local(dimension, key, zone);
            _known.Add(key, local);
        }

        (_lastKey, _lastLocal) = (key, local);
        return local;
    }

    /// <summary>The local key of a UTC bucket of a time dimension.</summary>
    private static string Local(ReportDimension dimension, string key, TimeZoneInfo zone)
    {
        DateTimeOffset start = ReportStore.BucketStart(key);
        if (dimension != ReportDimension.Hour)
        {
            return LocalBucket.Key(dimension, LocalBucket.Of(dimension, start, zone));
        }

        DateTimeOffset local = TimeZoneInfo.ConvertTime(start, zone);
        return new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
    }
}
