using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// The benchmarks' databases of 10,000,000 calls: <see cref="Quarter"/> (the query benchmarks': 90 days, 2026-08-03 to
/// 2026-11-01) and <see cref="Year"/> (<c>llmcost</c>'s whole-process timings, docs/performance.md §13: the 365 days up
/// to 2026-12-07). 40 models of 5 providers, 10 projects (one in ten calls without), 5,000 sessions, 0–2 tags, with the
/// rollups the writer keeps. Generated once, deterministically, and kept in the temp folder under their version.
/// </summary>
internal sealed class QueryBenchmarkDatabase(string name, DateTimeOffset firstDay, int days)
{
    internal const int Calls = 10_000_000;
    internal const string Version = "v2"; // v2: with the hourly rollups of schema 4

    internal static QueryBenchmarkDatabase Quarter { get; } = new("query", new(2026, 8, 3, 0, 0, 0, TimeSpan.Zero), 90);

    internal static QueryBenchmarkDatabase Year { get; } = new("year", new(2025, 12, 7, 0, 0, 0, TimeSpan.Zero), 365);

    private const int CallsPerTransaction = 500_000;
    private static readonly string[] Providers = ["openai", "anthropic", "google", "mistral", "azure"];
    private static readonly string[] Tags = ["[]", "[\"prod\"]", "[\"chat\"]", "[\"prod\",\"chat\"]", "[\"eval\"]", "[\"batch\",\"prod\"]"];

    internal string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "costinstrumentation-benchmarks", $"{name}-{Version}-{Calls}.db");

    /// <summary>The database's path, generating it first when it is not there (a few minutes).</summary>
    internal string Ensure()
    {
        if (File.Exists(Path))
        {
            return Path;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // Generated under another name and renamed when complete, so an interrupted run is never taken for the database.
        string partial = Path + ".partial";
        File.Delete(partial);
        Stopwatch clock = Stopwatch.StartNew();
        Generate(partial);
        SqliteConnection.ClearAllPools();
        File.Move(partial, Path);
        Console.WriteLine($"// Generated {Calls:N0} calls in {Path} in {clock.Elapsed.TotalSeconds:N0} s ({new FileInfo(Path).Length / (1024 * 1024):N0} MiB).");
        return Path;
    }

    private void Generate(string path)
    {
        using SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        SqliteSchema.Prepare(connection);
        // Bulk load: no journal, indexes built once at the end (sorting beats 10 M random index inserts).
        Execute(connection, """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;
            DROP INDEX ix_llm_calls_ts; DROP INDEX ix_llm_calls_model; DROP INDEX ix_llm_calls_project; DROP INDEX ix_llm_calls_session;
            """);

        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO llm_calls (ts_utc, provider, model, operation, call_site, project, session_id, tags,
                input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
                cost_nanousd, duration_ms, outcome, error_type, pricing_version)
            VALUES ($ts, $provider, $model, $operation, $callSite, $project, $session, $tags,
                $input, $cached, $cacheWrite, $output, $reasoning, $cost, $duration, $outcome, $errorType, 'bench-1');
            """;
        foreach (string name in new[] { "$ts", "$provider", "$model", "$operation", "$callSite", "$project", "$session", "$tags", "$input", "$cached", "$cacheWrite", "$output", "$reasoning", "$cost", "$duration", "$outcome", "$errorType" })
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        Random random = new(20261128);
        long step = TimeSpan.FromDays(days).Ticks / Calls;
        SqliteParameterCollection p = insert.Parameters;
        for (int first = 0; first < Calls; first += CallsPerTransaction)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (int i = first; i < first + CallsPerTransaction; i++)
            {
                int model = random.Next(40);
                int project = random.Next(11);
                long input = random.Next(100, 60_000);
                long output = random.Next(10, 4_000);
                bool unpriced = random.Next(200) == 0;
                bool failed = random.Next(50) == 0;
                p[0].Value = firstDay.UtcDateTime.AddTicks(i * step).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                p[1].Value = Providers[model % Providers.Length];
                p[2].Value = "model-" + model.ToString("D2", CultureInfo.InvariantCulture);
                p[3].Value = "App.Service" + random.Next(8).ToString(CultureInfo.InvariantCulture) + ".Ask";
                p[4].Value = "Service.cs:" + random.Next(1, 200).ToString(CultureInfo.InvariantCulture);
                p[5].Value = project == 10 ? DBNull.Value : "project-" + project.ToString(CultureInfo.InvariantCulture);
                p[6].Value = "session-" + random.Next(5_000).ToString("D4", CultureInfo.InvariantCulture);
                p[7].Value = Tags[random.Next(Tags.Length)];
                p[8].Value = input;
                p[9].Value = input / 4;
                p[10].Value = input / 20;
                p[11].Value = output;
                p[12].Value = output / 5;
                p[13].Value = unpriced ? DBNull.Value : (input * 2_500 + output * 10_000) / 1_000;
                p[14].Value = random.Next(100, 20_000);
                p[15].Value = failed ? "error" : "ok";
                p[16].Value = failed ? "HttpRequestException" : DBNull.Value;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        // The schema's own statements: the indexes of version 1 and the rollups as the migrations build them.
        Execute(connection, SqliteSchema.Version1 + SqliteSchema.RebuildRollups + "ANALYZE; PRAGMA journal_mode = WAL;");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
