using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Where a breakdown key leads: the same filters plus that key (a model, a session, a day …).</summary>
internal static class DrillDown
{
    /// <summary>The query key that filters on <paramref name="dimension"/>.</summary>
    public static string FilterKey(ReportDimension dimension) => dimension switch
    {
        ReportDimension.Hour => "from",
        ReportDimension.Day or ReportDimension.Week or ReportDimension.Month => "period",
        _ => dimension.Name(),
    };

    /// <summary>A link to <paramref name="page"/> narrowed to <paramref name="key"/> of <paramref name="dimension"/>.</summary>
    public static string Link(PageRequest request, string page, ReportDimension dimension, string key, params (string Key, string? Value)[] more)
    {
        if (dimension == ReportDimension.Hour && DateTimeOffset.TryParse(key, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset hour))
        {
            string to = hour.AddHours(1).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
            return request.Link(page, [("from", key), ("to", to), .. more]);
        }

        return request.Link(page, [(FilterKey(dimension), key), .. more]);
    }
}
