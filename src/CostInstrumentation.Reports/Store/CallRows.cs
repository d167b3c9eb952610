using System.Globalization;
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
internal sealed class CallRows : CallValues, IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    /// <summary>The statement's native pointer, for the per-value reads (<see cref="_statement"/> keeps it alive).</summary>
    private readonly nint _values;

    /// <summary>Whether the loaded SQLite is the library <see cref="SqliteNative"/> imports (not so in an app that swapped the SQLite bundle).</summary>
    internal static bool CanRead => SqliteNative.CanRead;

    /// <summary>Opens <paramref name="path"/> and prepares <paramref name="command"/>'s text with its parameters (text and integers).</summary>
    internal CallRows(string path, SqliteCommand command)
    {
        int opened = raw.sqlite3_open_v2(path, out _database, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        try
        {
            Check(opened);
            Check(raw.sqlite3_busy_timeout(_database, command.CommandTimeout * 1000));
            Check(raw.sqlite3_prepare_v2(_database, command.CommandText, out _statement));
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

    /// <inheritdoc />
    public override int Type(int column) => SqliteNative.sqlite3_column_type(_values, column);

    /// <inheritdoc />
    public override long Integer(int column) => SqliteNative.sqlite3_column_int64(_values, column);

    /// <summary>A text value's bytes as stored (UTF-8: SQLite's default, which the recorder never changes).</summary>
    public override unsafe ReadOnlySpan<byte> Text(int column)
    {
        byte* start = (byte*)SqliteNative.sqlite3_column_blob(_values, column);
        return new ReadOnlySpan<byte>(start, SqliteNative.sqlite3_column_bytes(_values, column));
    }

    /// <summary>A real or a blob (never written by the recorder) as the value Microsoft.Data.Sqlite returns for it prints.</summary>
    public override string Other(int column) =>
        Convert.ToString(Type(column) == raw.SQLITE_FLOAT ? raw.sqlite3_column_double(_statement, column) : Text(column).ToArray(), CultureInfo.InvariantCulture) ?? "";

    public void Dispose()
    {
        _statement?.Dispose();
        _database.Dispose();
    }

    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _database);
}
