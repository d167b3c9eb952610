using System.Globalization;
using System.Text;
using SQLitePCL;

namespace CostInstrumentation.Reports;

/// <summary>
/// One call row's values (<see cref="ReportStore.ExportColumns"/> order) as its database holds them, for the export to
/// write without a .NET object or string per value where the source can spare them (SQLite's <see cref="CallRows"/>).
/// </summary>
internal abstract class CallValues
{
    /// <summary>An integer, text, NULL (SQLite's storage classes) or anything else (<see cref="Other"/>).</summary>
    public abstract int Type(int column);

    public abstract long Integer(int column);

    /// <summary>A text value as UTF-8, valid until the next row.</summary>
    public abstract ReadOnlySpan<byte> Text(int column);

    /// <summary>A value that is neither an integer nor text (a real, a blob), as its .NET value prints.</summary>
    public abstract string Other(int column);
}

/// <summary>A row a source read into objects (<see cref="IReportSource.Calls"/>), seen as <see cref="CallValues"/>.</summary>
internal sealed class ObjectCallValues : CallValues
{
    private byte[] _text = new byte[256];

    public object?[] Row { get; set; } = [];

    /// <summary>Hands each of <paramref name="rows"/> to <paramref name="write"/>; returns how many.</summary>
    public static long Each(IEnumerable<object?[]> rows, Action<CallValues> write)
    {
        ObjectCallValues values = new();
        long count = 0;
        foreach (object?[] row in rows)
        {
            values.Row = row;
            write(values);
            count++;
        }

        return count;
    }

    public override int Type(int column) => Row[column] switch
    {
        null => raw.SQLITE_NULL,
        long => raw.SQLITE_INTEGER,
        string => raw.SQLITE_TEXT,
        _ => raw.SQLITE_BLOB,
    };

    public override long Integer(int column) => (long)Row[column]!;

    public override ReadOnlySpan<byte> Text(int column)
    {
        string text = (string)Row[column]!;
        int size = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_text.Length < size)
        {
            _text = new byte[size];
        }

        return _text.AsSpan(0, Encoding.UTF8.GetBytes(text, _text));
    }

    public override string Other(int column) => Convert.ToString(Row[column], CultureInfo.InvariantCulture) ?? "";
}
