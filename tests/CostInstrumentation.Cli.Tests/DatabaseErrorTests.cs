using System.IO;
using System.Security.Cryptography;
using CostInstrumentation.Cli.Tests.Harness;
using Microsoft.Data.Sqlite;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary>Finding the database, and the one sentence and exit code each unreadable one gives (never a stack trace).</summary>
public sealed class DatabaseErrorTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(CostDatabase.Call("2026-11-18T09:00:00Z", 0.25m));

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void The_database_comes_from_db_then_LLMCOST_DB_then_costs_db_in_the_current_folder()
    {
        string elsewhere = Path.Combine(_database.Folder, "other.db");
        File.Copy(_database.Path, elsewhere);

        Assert.Contains("$0.2500", CliRun.Run(["statusline"], currentDirectory: _database.Folder).Out);
        Assert.Contains("$0.2500", CliRun.Run(["statusline"], variables: new Dictionary<string, string> { ["LLMCOST_DB"] = elsewhere }).Out);
        CliResult missing = CliRun.Run(["statusline", "--db", "absent.db"], currentDirectory: _database.Folder);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains(Path.Combine(_database.Folder, "absent.db"), missing.Error);
    }

    [Fact]
    public void A_missing_database_is_one_sentence_and_exit_code_3()
    {
        CliResult result = CliRun.Run(["--db", Path.Combine(_database.Folder, "nothing-here.db")]);

        AssertOneSentence(result, 3, "No cost database at");
        Assert.False(File.Exists(Path.Combine(_database.Folder, "nothing-here.db")), "reading must not create the file");
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_one_sentence_and_exit_code_3()
    {
        string path = Path.Combine(_database.Folder, "notes.db");
        File.WriteAllText(path, new string('x', 8192));

        AssertOneSentence(CliRun.Run(["report", "--by", "model", "--db", path]), 3, "not a SQLite database");
    }

    [Fact]
    public void A_sqlite_file_without_the_cost_tables_is_one_sentence_and_exit_code_3()
    {
        string path = Path.Combine(_database.Folder, "other-app.db");
        using (SqliteConnection connection = new($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE things (id INTEGER)";
            command.ExecuteNonQuery();
        }

        AssertOneSentence(CliRun.Run(["--db", path]), 3, "but not a cost database");
    }

    [Fact]
    public void A_newer_schema_is_one_sentence_and_exit_code_3()
    {
        _database.Execute("INSERT INTO schema_version (version) VALUES (99)");

        AssertOneSentence(CliRun.Run(["daily", "--db", _database.Path]), 3, "newer CostInstrumentation");
    }

    [Fact]
    public void A_locked_database_is_one_sentence_and_exit_code_3()
    {
        using SqliteConnection holder = new($"Data Source={_database.Path};Pooling=False");
        holder.Open();
        using (SqliteCommand command = holder.CreateCommand())
        {
            // Exclusive locking mode: the lock taken by the write is kept, so no other connection can read.
            command.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO budgets (scope, period, limit_nanousd) VALUES ('global', 'day', 1);";
            command.ExecuteNonQuery();
        }

        AssertOneSentence(CliRun.Run(["--db", _database.Path]), 3, "is locked by another process");
    }

    [Theory]
    [InlineData("report")]
    [InlineData("report --by planet")]
    [InlineData("report --by model --top 0")]
    [InlineData("report --by model --then-by model")]
    [InlineData("daily --period someday")]
    [InlineData("daily --tz Mars/Base")]
    [InlineData("models --outcome exploded")]
    [InlineData("nonsense")]
    [InlineData("budget set --daily 5 --project a --model b")]
    [InlineData("budget set --project a")]
    [InlineData("budget set --daily -1")]
    public void Bad_arguments_exit_with_code_2_and_say_why(string arguments)
    {
        CliResult result = CliRun.Run([.. arguments.Split(' '), "--db", _database.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("llmcost: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task Reading_every_report_leaves_the_database_file_byte_for_byte_unchanged()
    {
        using TestDatabase fixture = await Fixture.CreateAsync();
        SqliteConnection.ClearAllPools();
        byte[] before = Hash(fixture.Path);

        foreach (string[] command in Fixture.Commands())
        {
            Assert.Equal(0, CliRun.Run([.. command, "--db", fixture.Path]).ExitCode);
        }

        Assert.Equal(0, CliRun.Run(["export", "--db", fixture.Path]).ExitCode);
        Assert.Equal(before, Hash(fixture.Path));
    }

    /// <summary>The database file and its write-ahead log (a write lands in the log first).</summary>
    private static byte[] Hash(string path) =>
        SHA256.HashData([.. File.ReadAllBytes(path), .. File.Exists(path + "-wal") ? File.ReadAllBytes(path + "-wal") : []]);

    private static void AssertOneSentence(CliResult result, int exitCode, string text)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(text, result.Error);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error);
        Assert.DoesNotContain("Exception", result.Error);
    }
}
