using System.Globalization;
using System.Text;

namespace CostInstrumentation.Reports;

/// <summary>
/// A position in the calls ordered by time and id: the stored <c>ts_utc</c> text and the row id of the last call seen.
/// Its <see cref="Token"/> is opaque to clients (base64url of both), so the stored format can change behind it.
/// </summary>
public readonly record struct CallCursor(string TimestampUtc, long Id)
{
    /// <summary>The cursor of an export row (<see cref="CostReports.ExportColumns"/>: id first, ts_utc second).</summary>
    public static CallCursor Of(object?[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new((string)row[1]!, (long)row[0]!);
    }

    /// <summary>The opaque text a client sends back.</summary>
    public string Token => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Id}|{TimestampUtc}")))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Reads a <see cref="Token"/>.</summary>
    /// <exception cref="ReportArgumentException">Not a token this layer wrote.</exception>
    public static CallCursor Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            string base64 = token.Replace('-', '+').Replace('_', '/');
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            string[] parts = text.Split('|', 2);
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long id) && parts[1].Length > 0)
            {
                return new CallCursor(parts[1], id);
            }
        }
        catch (FormatException)
        {
            // Falls through to the one message below.
        }

        throw new ReportArgumentException($"'{token}' is not a cursor this API returned.");
    }
}
