using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostInstrumentation.Reports;

/// <summary>
/// A forward-only cursor over a <see cref="SqliteCommand"/>'s rows that hands each value out as SQLite holds it (an integer
/// as a long, text as its UTF-8 bytes) instead of a boxed object and a .NET string per value: the export's read loop
/// (docs/performance.md §13). It runs on a read-only connection of its own opened without SQLite's per-call mutex (one
/// thread uses it), which a value read through Microsoft.Data.Sqlite's connection takes twice. A span is valid until the
/// next <see cref="Read"/>.
/// </summary>
internal sealed class CallRows : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    /// <summary>Opens <paramref name="path"/> and prepares <paramref name="command"/>'s text with its parameters (text and integers).</summary>
    internal CallRows(string path, SqliteCommand command)
    {
        int opened = raw.sqlite3_open_v2(path, out _database, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        try
        {
            Check(opened);
            Check(raw.sqlite3_busy_timeout(_database, command.CommandTimeout * 1000));
            Check(raw.sqlite3_prepare_v2(_database, command.CommandText, out _statement));
            foreach (SqliteParameter parameter in command.Parameters)
            {
                int index = raw.sqlite3_bind_parameter_index(_statement, parameter.ParameterName);
                Check(parameter.Value switch
                {
                    string text => raw.sqlite3_bind_text(_statement, index, text),
                    long or int => raw.sqlite3_bind_int64(_statement, index, Convert.ToInt64(parameter.Value, System.Globalization.CultureInfo.InvariantCulture)),
                    var other => throw new NotSupportedException($"A {other?.GetType().Name ?? "null"} parameter is not bound here."),
                });
            }
        }
        catch
        {
            Dispose();
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
    /// <summary>The storage class of a column's value: <see cref="raw.SQLITE_INTEGER"/>, FLOAT, TEXT, BLOB or NULL.</summary>
    public int Type(int column) => raw.sqlite3_column_type(_statement, column);

    public long Integer(int column) => raw.sqlite3_column_int64(_statement, column);

    public double Real(int column) => raw.sqlite3_column_double(_statement, column);

    /// <summary>A text value's bytes as stored (UTF-8: SQLite's default, which the recorder never changes), or a blob's.</summary>
    public ReadOnlySpan<byte> Bytes(int column) => raw.sqlite3_column_blob(_statement, column);

    public void Dispose()
    {
        _statement?.Dispose();
        _database.Dispose();
    }

    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _database);
}
