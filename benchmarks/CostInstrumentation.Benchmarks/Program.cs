using System;
using BenchmarkDotNet.Running;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// BenchmarkDotNet for the steady-state figures (<c>-- --filter '*Lookup*'</c>, <c>--filter '*'</c>, <c>--job short</c>),
/// <c>-- first-lookup [runs]</c> for the one-shot cost of the first lookup in fresh processes, and
/// <c>-- table-text &lt;path&gt;</c> to write the table text the generator emits for the catalogue, and
/// <c>-- sink-harness [records] [repetitions] [sink|native|both]</c> for quick CPU-per-record figures of the SQLite sink,
/// <c>-- generator-rerun [reruns]</c> for the generator's rerun beside a baseline build (<see cref="ReferencedLibraryGeneratorBenchmarks"/>),
/// <c>-- metering-cpu [rounds]</c> for the metering figures in thread CPU time (comparable under load),
/// <c>-- middleware-cpu [rounds]</c> for the <c>IChatClient</c> middleware's,
/// <c>-- api-timings DB [rounds] [route] [warmup=N]</c> for the REST API's server time beside the report layer's,
/// <c>-- grid-timings DB [rounds]</c> for a two-dimension breakdown's work after its query (<see cref="GridTimings"/>),
/// <c>-- ledger [calls] [seconds] [clients]</c> for the shared PostgreSQL ledger beside pgbench (<see cref="Ledger.LedgerTiming"/>),
/// <c>-- migrate DB</c> to time bringing a copy of a database to the current schema,
/// <c>-- query-database</c> to generate the database of <see cref="MonthlySummaryBenchmarks"/> ahead of the run, and
/// <c>-- year-database</c> the year of 10 M calls <c>llmcost</c> is timed on.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is [FirstLookup.Command, ..])
        {
            return FirstLookup.Run(args);
        }

        if (args is [FirstLookup.ChildCommand, _])
        {
            return FirstLookup.RunChild(args);
        }

        if (args is ["table-text", string path])
        {
            // The table text the generator compiles for the catalogue (for profiling and the compile-time alternatives).
            System.IO.File.WriteAllText(path, Catalogue.TableText());
            return 0;
        }

        if (args is [ReferencedLibraryGeneratorBenchmarks.InterleavedCommand, ..])
        {
            return ReferencedLibraryGeneratorBenchmarks.RunInterleaved(args);
        }

        if (args is [MeteringCpuTime.Command, ..])
        {
            return MeteringCpuTime.Run(args);
        }

        if (args is [MeteringCpuTime.MiddlewareCommand, ..])
        {
            return MeteringCpuTime.RunMiddleware(args);
        }

        if (args is [Ledger.LedgerTiming.Command, ..])
        {
            return Ledger.LedgerTiming.Run(args);
        }

        if (args is ["sink-harness", ..])
        {
            return SinkHarness.Run(args);
        }

        if (args is [ApiTimings.Command, _, ..])
        {
            return ApiTimings.Run(args);
        }

        if (args is [GridQueryTimings.Command, _, ..])
        {
            return GridQueryTimings.Run(args);
        }

        if (args is [GridTimings.Command, _, ..])
        {
            return GridTimings.Run(args);
        }

        if (args is [MigrationTiming.Command, _])
        {
            return MigrationTiming.Run(args);
        }

        if (args is ["query-database"])
        {
            // Generates (once) and prints the 10 M-call database of MonthlySummaryBenchmarks, so its set-up is not timed by BenchmarkDotNet.
            Console.WriteLine(QueryBenchmarkDatabase.Quarter.Ensure());
            return 0;
        }

        if (args is ["year-database"])
        {
            // Generates (once) and prints the 10 M calls over a year that llmcost is timed on (docs/performance.md §13).
            Console.WriteLine(QueryBenchmarkDatabase.Year.Ensure());
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
