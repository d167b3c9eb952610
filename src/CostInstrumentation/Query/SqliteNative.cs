using System.Runtime.InteropServices;
using SQLitePCL;

namespace CostInstrumentation;

/// <summary>
/// The per-value reads of a statement's row, called straight on the library SQLitePCLRaw loaded (its provider imports the
/// same name): through SQLitePCLRaw each call adds and releases a reference on the statement's SafeHandle, and through
/// Microsoft.Data.Sqlite's reader it is checked and converted besides. They return at once without blocking, so they skip
/// the GC transition. Callers check <see cref="CanRead"/> first.
/// </summary>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>Whether the loaded SQLite is the library imported here (not so in an app that swapped the SQLite bundle).</summary>
    internal static bool CanRead { get; } = raw.GetNativeLibraryName() == Library;

    [DllImport(Library), SuppressGCTransition]
    internal static extern int sqlite3_column_type(nint statement, int column);

    [DllImport(Library), SuppressGCTransition]
    internal static extern long sqlite3_column_int64(nint statement, int column);

    /// <summary>The value's bytes (text as UTF-8), valid until the statement steps or its value is read as another type.</summary>
    [DllImport(Library), SuppressGCTransition]
    internal static extern nint sqlite3_column_blob(nint statement, int column);

    [DllImport(Library), SuppressGCTransition]
    internal static extern int sqlite3_column_bytes(nint statement, int column);
}
