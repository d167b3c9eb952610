using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation.PostgreSql;
using CostInstrumentation.PostgreSql.Tests.Harness;
using Npgsql;

namespace CostInstrumentation.Benchmarks.Ledger;

/// <summary>
/// <c>-- ledger [calls] [seconds] [clients]</c>: whole-process timings of the shared PostgreSQL ledger against a server
/// this run starts (durable: fsync and synchronous commit on), each beside pgbench's ceiling on the same server in the
/// same run — shipping a host's outbox (calls/s with rollups and counters), reservations/s on one hot hard limit from
/// several hosts, pgbench's TPC-B-like transactions and its one-hot-row UPDATE (the bound any counter row has).
/// </summary>
internal static partial class LedgerTiming
{
    internal const string Command = "ledger";

    private static readonly MeteredCallSite s_site = new(
        "Bench.Ledger.Ask", "LedgerTiming.cs:0", "bench-gpt-4o", null, null, null, null,
        LlmPricing.TryGetPrice("bench-gpt-4o", out ModelPrice? price) ? price : throw new InvalidOperationException("bench-gpt-4o is not priced"));

    internal static int Run(string[] args)
    {
        int calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        int seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        int clients = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8;
        using PostgresServer server = new(durable: true);
        string folder = Directory.CreateTempSubdirectory("llmcost-ledger-bench-").FullName;
        try
        {
            Console.WriteLine($"PostgreSQL on 127.0.0.1:{server.Port}, durable; {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Trim()}");
            double tpcb = PgBench(server, clients, seconds, script: null);
            double hotRow = PgBench(server, clients, seconds, script: "UPDATE hot SET v = v + 1 WHERE id = 1;");
            // The reservation function alone, driven by pgbench: the server's side of a reservation, without the host's.
            double reserveFunction = PgBench(server, clients, seconds, script: """
                SELECT * FROM llmcost_reserve(gen_random_uuid(), ARRAY['hot'], ARRAY[date_trunc('day', now(), 'UTC')], ARRAY[1000000000000000::bigint], 4000000, interval '10 minutes');
                """);
            Shipping(server, folder, 2_000); // warms the process up (JIT, pools), so the host's CPU per call is the steady state
            double shipped = Shipping(server, folder, calls);
            (double reservations, long overshoot) = Reservations(server, folder, clients, seconds, settleLive: true);
            (double reservationsAlone, long overshootAlone) = Reservations(server, folder, clients, seconds, settleLive: false);
            (double leased, long overshootLeased) = Reservations(server, folder, clients, seconds, settleLive: true, leaseUsd: 1m);
            (double leasedLarge, long overshootLeasedLarge) = Reservations(server, folder, clients, seconds, settleLive: true, leaseUsd: 10m);
            Console.WriteLine();
            Console.WriteLine("| what | per second |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| shipping one host's outbox ({calls:N0} calls, rollups + a budget counter) | {shipped:N0} calls |");
            Console.WriteLine($"| reservations on one hot hard limit, {clients} hosts (admit + record + ship) | {reservations:N0} calls |");
            Console.WriteLine($"| the same, settled after the timing (shipping paused) | {reservationsAlone:N0} calls |");
            Console.WriteLine($"| the same with leases of 1 USD, settled live | {leased:N0} calls |");
            Console.WriteLine($"| the same with leases of 10 USD, settled live | {leasedLarge:N0} calls |");
            Console.WriteLine($"| pgbench TPC-B-like, {clients} clients | {tpcb:N0} transactions |");
            Console.WriteLine($"| pgbench one hot-row UPDATE, {clients} clients | {hotRow:N0} transactions |");
            Console.WriteLine($"| pgbench calling llmcost_reserve on one budget, {clients} clients | {reserveFunction:N0} transactions |");
            Console.WriteLine($"overshoot of the hot limit: {overshoot}, {overshootAlone}, {overshootLeased} and {overshootLeasedLarge} nano-USD");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Ships a pre-recorded outbox of <paramref name="calls"/> calls; calls/s from the shipping pipeline's start to its flush.</summary>
    private static double Shipping(PostgresServer server, string folder, int calls)
    {
        string outbox = Path.Combine(folder, $"ship{calls}.db");
        string connection = server.ConnectionString(server.CreateDatabase());
        LlmCostPipeline recording = LlmCostPipeline.Create(o => o.UseSqlite(outbox));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        for (int i = 0; i < calls; i++)
        {
            recording.Record(new LlmCallRecord
            {
                TimestampUtc = now.AddMilliseconds(-i),
                Provider = "openai",
                Model = i % 3 == 0 ? "bench-gpt-4o" : "gpt-4o-mini",
                Operation = "Bench.Ledger.Ship",
                CallSite = "LedgerTiming.cs:1",
                Project = "p" + (i % 5),
                SessionId = "s" + (i % 1_000),
                Tags = ["bench"],
                Usage = new LlmUsage(1_000 + (i % 500), 200),
                CostUsd = 0.000123m + (i % 7) * 0.000001m,
                Duration = TimeSpan.FromMilliseconds(300),
                Outcome = LlmCallOutcome.Ok,
            });
        }

        recording.FlushAsync().AsTask().GetAwaiter().GetResult();
        recording.DisposeAsync().AsTask().GetAwaiter().GetResult();

        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        Stopwatch watch = Stopwatch.StartNew();
        LlmCostPipeline shipping = LlmCostPipeline.Create(o => o.UseSqlite(outbox).UsePostgreSql(connection, l => l.MaxBatchSize = 5_000)
            .AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Month, 1_000_000m) { Source = "bench" }));
        shipping.FlushAsync().AsTask().GetAwaiter().GetResult();
        watch.Stop();
        TimeSpan hostCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        shipping.DisposeAsync().AsTask().GetAwaiter().GetResult();
        long stored = Scalar(connection, "SELECT count(*) FROM llmcost_calls");
        Console.WriteLine($"shipping: {stored:N0} calls in {watch.Elapsed.TotalSeconds:F2} s; the host's CPU {hostCpu.TotalMicroseconds / calls:F1} µs per call");
        return stored == calls ? calls / watch.Elapsed.TotalSeconds : throw new InvalidOperationException($"{stored} of {calls} calls shipped");
    }

    /// <summary>
    /// <paramref name="clients"/> hosts (pipelines) calling under one shared hard limit for <paramref name="seconds"/>;
    /// admitted calls/s, and the overshoot. Without <paramref name="settleLive"/> the shippers wait for the final flush,
    /// so the counter row serves reservations alone. With <paramref name="leaseUsd"/>, the hosts admit from leases of that
    /// much (of a limit large enough for the whole run).
    /// </summary>
    private static (double PerSecond, long OvershootNano) Reservations(PostgresServer server, string folder, int clients, int seconds, bool settleLive, decimal? leaseUsd = null)
    {
        string database = server.CreateDatabase();
        string connection = server.ConnectionString(database);
        Scalar(connection, $"ALTER DATABASE {database} SET track_functions = 'all'; SELECT 0"); // counts the ledger's round trips
        decimal limit = leaseUsd is null ? 1_000m : 1_000_000m;
        LlmBudget budget = new(BudgetScope.Global, null, BudgetPeriod.Day, limit) { HardLimit = true, Source = "hot" };
        LlmCostPipeline[] hosts = [.. Enumerable.Range(0, clients).Select(h => LlmCostPipeline.Create(o => o.UseSqlite(Path.Combine(folder, $"host{h}-{settleLive}-{leaseUsd}.db")).UsePostgreSql(connection, l =>
        {
            l.MaxBatchDelay = settleLive ? l.MaxBatchDelay : TimeSpan.FromHours(1);
            if (leaseUsd is { } lease)
            {
                l.Lease = _ => true;
                l.LeaseFraction = lease / limit;
            }
        }).AddBudget(budget)))];
        hosts[0].FlushAsync().AsTask().GetAwaiter().GetResult(); // the schema, before the clock starts
        long admitted = 0;
        long deadline = Environment.TickCount64 + seconds * 1_000L;
        Stopwatch watch = Stopwatch.StartNew();
        Thread[] threads = [.. hosts.Select(host => new Thread(() =>
        {
            long mine = 0;
            while (Environment.TickCount64 < deadline)
            {
                LlmAdmission admission = host.Admit(s_site, null, null);
                host.Completed(s_site, Stopwatch.GetTimestamp(), new LlmUsage(1_000, 100), null, null, null, admission);
                mine++;
            }

            Interlocked.Add(ref admitted, mine);
        }))];
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());
        watch.Stop();
        foreach (LlmCostPipeline host in hosts)
        {
            host.FlushAsync().AsTask().GetAwaiter().GetResult();
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        long spent = Scalar(connection, "SELECT spent_nanousd FROM llmcost_counters");
        long ledger = Scalar(connection, "SELECT sum(cost_nanousd) FROM llmcost_calls");
        Thread.Sleep(1_000); // the hosts' connections closed with them: their server processes report their function counts
        long roundTrips = Scalar(connection, "SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions WHERE funcname IN ('llmcost_reserve', 'llmcost_lease')");
        Console.WriteLine($"reservations{(leaseUsd is null ? "" : $" (leases of {leaseUsd} USD)")}: {admitted:N0} calls in {watch.Elapsed.TotalSeconds:F2} s, {roundTrips:N0} reservations or leases taken in the ledger; counter {spent} = ledger {ledger} nano-USD");
        return (admitted / watch.Elapsed.TotalSeconds, Math.Max(0, spent - (long)(limit * 1_000_000_000m)));
    }

    /// <summary>pgbench on a database of its own: TPC-B-like (scale = clients), or <paramref name="script"/> (with the ledger's schema and a one-row table); transactions/s.</summary>
    private static double PgBench(PostgresServer server, int clients, int seconds, string? script)
    {
        string database = server.CreateDatabase();
        string target = $"-h 127.0.0.1 -p {server.Port} -U postgres";
        string options;
        if (script is null)
        {
            server.Run("pgbench", $"-i -q -s {clients} {target} {database}");
            options = string.Empty;
        }
        else
        {
            using (NpgsqlConnection connection = new(server.ConnectionString(database)))
            {
                connection.Open();
                PostgreSqlSchema.Prepare(connection);
            }

            Scalar(server.ConnectionString(database), "CREATE TABLE hot (id int PRIMARY KEY, v bigint NOT NULL); INSERT INTO hot VALUES (1, 0); SELECT 0");
            string file = Path.Combine(Path.GetTempPath(), $"llmcost-pgbench-{Guid.NewGuid():N}.sql");
            File.WriteAllText(file, script + "\n");
            options = $"-f {file}";
        }

        string output = server.Run("pgbench", $"-n -c {clients} -j 2 -T {seconds} {options} {target} {database}");
        Match tps = TpsLine().Match(output);
        Console.WriteLine($"pgbench {script ?? "TPC-B-like"}: {tps.Value}");
        return double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static long Scalar(string connectionString, string sql)
    {
        using NpgsqlConnection connection = new(connectionString);
        connection.Open();
        using NpgsqlCommand command = new(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
