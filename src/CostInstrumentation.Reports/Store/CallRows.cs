using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostInstrumentation.Reports;

/// <summary>
/// A forward-only cursor over a <see cref="SqliteCommand"/>'s rows that hands each value out as SQLite holds it (an integer
/// as a long, text as its UTF-8 bytes) instead of a boxed object and a .NET string per value: the export's read loop
/// (docs/performance.md §13), through <see cref="SqliteRows"/>. It runs on a read-only connection of its own opened
/// without SQLite's per-call mutex (one thread uses it), which a value read through Microsoft.Data.Sqlite's connection
/// takes twice. A span is valid until the next <see cref="Read"/>.
/// </summary>
internal sealed class CallRows : CallValues, IDisposable
{
    private readonly sqlite3 _database;
    private readonly SqliteRows? _rows;

    /// <summary>Whether the loaded SQLite is the library <see cref="SqliteNative"/> imports (not so in an app that swapped the SQLite bundle).</summary>
    internal static bool CanRead => SqliteNative.CanRead;

    /// <summary>Opens <paramref name="path"/> and prepares <paramref name="command"/>'s text with its parameters (text and integers).</summary>
    internal CallRows(string path, SqliteCommand command)
    {
        int opened = raw.sqlite3_open_v2(path, out _database, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        try
        {
            SqliteException.ThrowExceptionForRC(opened, _database);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_busy_timeout(_database, command.CommandTimeout * 1000), _database);
            _rows = new SqliteRows(_database, command);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Steps to the next row; false after the last.</summary>
    public bool Read() => _rows!.Read();

    /// <inheritdoc />
    public override int Type(int column) => _rows!.Type(column);

    /// <inheritdoc />
    public override long Integer(int column) => _rows!.Int64(column);

    /// <summary>A text value's bytes as stored (UTF-8: SQLite's default, which the recorder never changes).</summary>
    public override ReadOnlySpan<byte> Text(int column) => _rows!.Bytes(column);

    /// <summary>A real or a blob (never written by the recorder) as the value Microsoft.Data.Sqlite returns for it prints.</summary>
    public override string Other(int column) =>
        Convert.ToString(Type(column) == raw.SQLITE_FLOAT ? _rows!.Double(column) : Text(column).ToArray(), CultureInfo.InvariantCulture) ?? "";

    public void Dispose()
    {
        _rows?.Dispose();
        _database.Dispose();
    }
}
