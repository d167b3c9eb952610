using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using CostInstrumentation.Benchmarks.Budgets;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// <c>-- metering-cpu [rounds]</c>: the operations of <see cref="MeteringBenchmarks"/> and <see cref="AdmissionBenchmarks"/>
/// timed in the thread's CPU time (Linux), median and minimum of the rounds. On the shared machine, overloaded by other
/// builds, BenchmarkDotNet's wall-clock figures mostly measure the wait for a core; CPU time counts only the time the
/// thread ran, so a before/after comparison holds under load. Each operation is called through a delegate, as
/// <c>Bare</c> shows.
/// </summary>
internal static class MeteringCpuTime
{
    public const string Command = "metering-cpu";
    public const string MiddlewareCommand = "middleware-cpu";

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID
    private const int CallsPerRound = 1_000_000;

    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 11;
        MeteringBenchmarks metering = new();
        metering.Setup();
        List<(string Name, Action Call)> cases =
        [
            ("Bare", () => metering.Bare()),
            ("Metered", () => metering.Metered()),
            ("HandWritten", () => metering.HandWritten()),
            ("MeteredAsync", () => metering.MeteredAsync()),
        ];
        Console.WriteLine($"{"Operation",-36} {"median ns",10} {"min ns",10}   ({rounds} rounds of {CallsPerRound:N0} calls, thread CPU time)");
        foreach ((string name, Action call) in cases)
        {
            Report(name, call, rounds);
        }

        foreach (string budgets in (string[])["none", "unmatched", "matching"])
        {
            AdmissionBenchmarks admission = new() { Budgets = budgets };
            admission.Setup();
            Report($"AdmitAndRecord ({budgets})", admission.AdmitAndRecord, rounds);
            admission.Cleanup();
        }

        return 0;
    }

    /// <summary>
    /// <c>-- middleware-cpu [rounds]</c>: <see cref="ChatClientMiddlewareBenchmarks"/> (OpenTelemetry SDK listening) in thread
    /// CPU time, and the generated shim before and after the first middleware exists (from then on shims keep the
    /// "metered call in progress" marker, for the rest of the process).
    /// </summary>
    public static int RunMiddleware(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 11;
        MeteringBenchmarks metering = new();
        metering.Setup();
        Console.WriteLine($"{"Operation",-36} {"median ns",10} {"min ns",10}   ({rounds} rounds of {CallsPerRound:N0} calls, thread CPU time)");
        Report("Metered (no middleware)", () => metering.Metered(), rounds);
        Report("MeteredAsync (no middleware)", () => metering.MeteredAsync().GetAwaiter().GetResult(), rounds);

        foreach (bool exported in (bool[])[false, true])
        {
            ChatClientMiddlewareBenchmarks middleware = new() { Exported = exported };
            middleware.Setup();
            string listened = exported ? "exported" : "not listened";
            List<(string Name, Action Call)> cases =
            [
                ("Bare", () => middleware.Bare().GetAwaiter().GetResult()),
                ("OpenTelemetry", () => middleware.OpenTelemetry().GetAwaiter().GetResult()),
                ("CostTracking", () => middleware.CostTracking().GetAwaiter().GetResult()),
                ("BareStream", () => middleware.BareStream().GetAwaiter().GetResult()),
                ("OpenTelemetryStream", () => middleware.OpenTelemetryStream().GetAwaiter().GetResult()),
                ("CostTrackingStream", () => middleware.CostTrackingStream().GetAwaiter().GetResult()),
            ];
            foreach ((string name, Action call) in cases)
            {
                Report($"{name} ({listened})", call, rounds);
            }

            middleware.Cleanup();
        }

        Report("Metered (middleware exists)", () => metering.Metered(), rounds);
        Report("MeteredAsync (middleware exists)", () => metering.MeteredAsync().GetAwaiter().GetResult(), rounds);
        return 0;
    }

    private static void Report(string name, Action call, int rounds)
    {
        Measure(call); // warm-up: tiered compilation reaches its final code
        double[] perCall = [.. Enumerable.Range(0, rounds).Select(_ => Measure(call)).Order()];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {perCall[perCall.Length / 2],10:F1} {perCall[0],10:F1}"));
    }

    private static double Measure(Action call)
    {
        long start = ThreadCpuNanoseconds();
        for (int i = 0; i < CallsPerRound; i++)
        {
            call();
        }

        return (ThreadCpuNanoseconds() - start) / (double)CallsPerRound;
    }

    /// <summary>The calling thread's CPU time (Linux), which the other processes on the machine do not stretch.</summary>
    internal static long ThreadCpuNanoseconds() =>
        ClockGetTime(ThreadCpuClock, out TimeSpec time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : throw new InvalidOperationException("clock_gettime failed");

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
