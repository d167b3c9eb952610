using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostInstrumentation;

/// <summary>
/// A forward-only cursor over a command's rows, prepared on a database handle and read value by value straight from the
/// statement (<see cref="SqliteNative"/>, or SQLitePCLRaw with another SQLite bundle) instead of through
/// <see cref="SqliteDataReader"/>, whose checks and conversions cost about 2 µs a row of twelve values: a year's day ×
/// model grid (14,600 aggregate rows) is read in ~7 ms instead of ~30, and the export's calls without a boxed object or
/// a .NET string per value. A value's bytes are valid until the next <see cref="Read"/>.
/// </summary>
internal sealed class SqliteRows : IIntegerColumns, IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    /// <summary>The statement's native pointer, for the per-value reads (<see cref="_statement"/> keeps it alive).</summary>
    private readonly nint _values;

    /// <summary>
    /// The short texts read so far, each made once: keys repeat row after row (a year's day × model grid has 365 days and 40
    /// models in 14,600 rows), so a key is decoded into a stack buffer and looked up instead of allocated again.
    /// </summary>
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _textLookup;

    /// <summary>The longest text kept in <see cref="_texts"/> (UTF-8 bytes), and how many it keeps at most.</summary>
    private const int ShortText = 128;
    private const int TextsKept = 8_192;

    /// <summary>Prepares <paramref name="command"/>'s text with its parameters (text and integers) on its open connection.</summary>
    internal SqliteRows(SqliteCommand command)
        : this(command.Connection!.Handle!, command)
    {
    }

    /// <summary>Prepares <paramref name="command"/>'s text with its parameters (text and integers) on <paramref name="database"/>.</summary>
    internal SqliteRows(sqlite3 database, SqliteCommand command)
    {
        _database = database;
        _textLookup = _texts.GetAlternateLookup<ReadOnlySpan<char>>();
        Check(raw.sqlite3_prepare_v2(_database, command.CommandText, out _statement));
        try
        {
            _values = _statement.DangerousGetHandle();
            foreach (SqliteParameter parameter in command.Parameters)
            {
                int index = raw.sqlite3_bind_parameter_index(_statement, parameter.ParameterName);
                Check(parameter.Value switch
                {
                    string text => raw.sqlite3_bind_text(_statement, index, text),
                    long or int => raw.sqlite3_bind_int64(_statement, index, Convert.ToInt64(parameter.Value, CultureInfo.InvariantCulture)),
                    var other => throw new NotSupportedException($"A {other?.GetType().Name ?? "null"} parameter is not bound here."),
                });
            }
        }
        catch
        {
            _statement.Dispose();
            throw;
        }
    }

    /// <summary>Steps to the next row; false after the last.</summary>
    public bool Read()
    {
        int result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }

        Check(result == raw.SQLITE_DONE ? raw.SQLITE_OK : result);
        return false;
    }

    /// <summary>The value's SQLite type (<c>SQLITE_INTEGER</c>, <c>SQLITE_TEXT</c>, …).</summary>
    public int Type(int column) => SqliteNative.CanRead ? SqliteNative.sqlite3_column_type(_values, column) : raw.sqlite3_column_type(_statement, column);

    public long Int64(int column) => SqliteNative.CanRead ? SqliteNative.sqlite3_column_int64(_values, column) : raw.sqlite3_column_int64(_statement, column);

    public double Double(int column) => raw.sqlite3_column_double(_statement, column);

    /// <summary>A text value (a key: never NULL in these rows), the same instance for the same short text.</summary>
    public string Text(int column)
    {
        ReadOnlySpan<byte> bytes = Bytes(column);
        if (bytes.Length > ShortText)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        Span<char> chars = stackalloc char[ShortText];
        chars = chars[..Encoding.UTF8.GetChars(bytes, chars)];
        if (_textLookup.TryGetValue(chars, out string? known))
        {
            return known;
        }

        string text = new(chars);
        if (_texts.Count < TextsKept)
        {
            _texts.Add(text, text);
        }

        return text;
    }

    /// <summary>A value's bytes as stored (text as UTF-8), valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> Bytes(int column)
    {
        if (!SqliteNative.CanRead)
        {
            return raw.sqlite3_column_blob(_statement, column);
        }

        nint start = SqliteNative.sqlite3_column_blob(_values, column);
        int length = SqliteNative.sqlite3_column_bytes(_values, column);
        // A reference into SQLite's own memory, which the collector leaves alone.
        return start == 0 ? default : MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), start), length);
    }

    /// <summary>The totals columns from <paramref name="first"/> on (<see cref="LlmCostQuery.TotalsAt"/>).</summary>
    public CostTotals Totals(int first) => LlmCostQuery.TotalsAt(this, first);

    /// <summary>Finalizes the statement (the database handle belongs to the caller).</summary>
    public void Dispose() => _statement.Dispose();

    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _database);
}
