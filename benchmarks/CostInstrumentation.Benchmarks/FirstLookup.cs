using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// <c>first-lookup</c>: the cost of the first <see cref="PriceTable.TryGetPrice"/> in a fresh process —
/// loading the runtime assembly, JIT, building the index over the full catalogue and materialising the
/// first <see cref="ModelPrice"/>. Spawns itself in <c>first-lookup-child</c> mode once per run (a
/// one-shot cost cannot be measured in a warm BenchmarkDotNet process) and reports median and max.
/// Goal: ≤ 5 ms.
/// </summary>
internal static class FirstLookup
{
    public const string Command = "first-lookup";
    public const string ChildCommand = "first-lookup-child";
    private const int DefaultRuns = 10;
    private const double GoalMilliseconds = 5.0;

    public static int Run(string[] args)
    {
        int runs = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : DefaultRuns;

        // The table text is what the generator compiles into the consumer; write it once, outside the measured runs.
        string dataPath = Path.Combine(Path.GetTempPath(), $"llm-price-table-{Environment.ProcessId}.txt");
        File.WriteAllText(dataPath, Catalogue.TableText());
        try
        {
            List<Sample> samples = [];
            for (int i = 0; i < runs; i++)
            {
                samples.Add(RunChild(dataPath));
            }

            Print(samples, new FileInfo(dataPath).Length);
            return samples.Select(s => s.Total).Order().ElementAt(samples.Count / 2) <= GoalMilliseconds ? 0 : 1;
        }
        finally
        {
            File.Delete(dataPath);
        }
    }

    /// <summary>In the child: read the table (not timed: a compiled table is already in the image), then time the first lookup.</summary>
    public static int RunChild(string[] args)
    {
        string data = File.ReadAllText(args[1]);
        Preload(Environment.GetEnvironmentVariable(PreloadVariable) ?? string.Empty);
        TimeSpan jitBefore = JitInfo.GetCompilationTime(currentThread: true);
        long jitMethodsBefore = JitInfo.GetCompiledMethodCount(currentThread: true);
        long start = Stopwatch.GetTimestamp();
        (long indexed, long priced, int models, string? rates) = Measure(data);
        long end = Stopwatch.GetTimestamp();
        TimeSpan jit = JitInfo.GetCompilationTime(currentThread: true) - jitBefore;
        long jitMethods = JitInfo.GetCompiledMethodCount(currentThread: true) - jitMethodsBefore;
        long second = Stopwatch.GetTimestamp();
        SecondLookup();
        long secondEnd = Stopwatch.GetTimestamp();

        // The same work again on a new table in this (now JIT-warm) process: the index's own cost.
        long again = Stopwatch.GetTimestamp();
        Measure(data);
        long againEnd = Stopwatch.GetTimestamp();
        Console.WriteLine(string.Join(
            ' ',
            Milliseconds(start, end),
            Milliseconds(start, indexed),
            Milliseconds(indexed, priced),
            Milliseconds(second, secondEnd) + "|" + Milliseconds(again, againEnd),
            models.ToString(CultureInfo.InvariantCulture),
            rates ?? "-",
            jit.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture),
            jitMethods.ToString(CultureInfo.InvariantCulture)));
        return 0;

        static void SecondLookup()
        {
            // A second model on the warm index: what every later first-use of a model costs.
            if (!s_table!.TryGetPrice("claude-sonnet-4-5", out _))
            {
                throw new InvalidOperationException("claude-sonnet-4-5 is not in the catalogue.");
            }
        }
    }

    private static PriceTable? s_table;

    /// <summary>
    /// Diagnostic: <c>LLM_FIRST_LOOKUP_PRELOAD=frozen,linq</c> makes the child use the named framework
    /// features once before the clock starts, to show what their first use costs the first lookup.
    /// </summary>
    public const string PreloadVariable = "LLM_FIRST_LOOKUP_PRELOAD";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Preload(string what)
    {
        if (what.Contains("frozen", StringComparison.Ordinal))
        {
            System.Collections.Frozen.FrozenDictionary<string, int> frozen =
                System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(new Dictionary<string, int>(StringComparer.Ordinal) { ["a"] = 1, ["bb"] = 2 }, StringComparer.Ordinal);
            frozen.TryGetValue("a", out _);
        }

        if (what.Contains("linq", StringComparison.Ordinal))
        {
            SortedSet<long> set = new(new long[] { 3, 1 }.Select(x => x));
            set.UnionWith([2]);
            _ = set.Order().ToArray();
        }
    }

    /// <summary>Kept out of line so its JIT and the loading of CostInstrumentation.dll fall inside the measurement.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long Indexed, long Priced, int Models, string? Rates) Measure(string data)
    {
        PriceTable table = new("first-lookup", data);
        int models = table.ModelCount; // builds the index
        long indexed = Stopwatch.GetTimestamp();
        bool found = table.TryGetPrice("gpt-4o", out ModelPrice? price); // materialises the first price
        long priced = Stopwatch.GetTimestamp();
        s_table = table;
        return (indexed, priced, models, found ? price!.BaseRates.Input.ToString(CultureInfo.InvariantCulture) : null);
    }

    private static Sample RunChild(string dataPath)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        ProcessStartInfo start = new(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(FirstLookup).Assembly.Location);
        }

        start.ArgumentList.Add(ChildCommand);
        start.ArgumentList.Add(dataPath);
        using Process child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        string output = child.StandardOutput.ReadToEnd();
        string error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The child failed ({child.ExitCode}): {error}");
        }

        string[] parts = output.Trim().Split(' ');
        string[] later = parts[3].Split('|');
        return new Sample(Parse(parts[0]), Parse(parts[1]), Parse(parts[2]), Parse(later[0]), Parse(later[1]), int.Parse(parts[4], CultureInfo.InvariantCulture), parts[5], Parse(parts[6]), int.Parse(parts[7], CultureInfo.InvariantCulture));

        static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
    }

    private static void Print(List<Sample> samples, long tableBytes)
    {
        string preload = Environment.GetEnvironmentVariable(PreloadVariable) ?? string.Empty;
        Console.WriteLine($"First lookup in a fresh process{(preload.Length > 0 ? $" ({PreloadVariable}={preload}: NOT the product figure)" : string.Empty)}: {samples.Count} runs, {samples[0].Models} models, table {tableBytes / 1024.0:0} KiB, gpt-4o input rate {samples[0].Rates} USD/token");
        Console.WriteLine("total = index (incl. assembly load and JIT) + 1st price (gpt-4o); jit = JIT time inside total; 2nd model = claude-sonnet-4-5 afterwards; warm again = a new table, index + gpt-4o, in the now JIT-warm process (neither in total)");
        Console.WriteLine($"{"run",4} {"total ms",10} {"index ms",10} {"1st price",10} {"jit ms",10} {"jit meth.",10} {"2nd model",10} {"warm again",10}");
        for (int i = 0; i < samples.Count; i++)
        {
            Sample s = samples[i];
            Console.WriteLine($"{i + 1,4} {s.Total,10:0.000} {s.Index,10:0.000} {s.FirstPrice,10:0.000} {s.Jit,10:0.000} {s.JitMethods,10} {s.SecondModel,10:0.000} {s.WarmAgain,10:0.000}");
        }

        Console.WriteLine($"{"med",4} {Median(s => s.Total),10:0.000} {Median(s => s.Index),10:0.000} {Median(s => s.FirstPrice),10:0.000} {Median(s => s.Jit),10:0.000} {Median(s => s.JitMethods),10:0} {Median(s => s.SecondModel),10:0.000} {Median(s => s.WarmAgain),10:0.000}");
        Console.WriteLine($"{"max",4} {samples.Max(s => s.Total),10:0.000} {samples.Max(s => s.Index),10:0.000} {samples.Max(s => s.FirstPrice),10:0.000} {samples.Max(s => s.Jit),10:0.000} {samples.Max(s => s.JitMethods),10} {samples.Max(s => s.SecondModel),10:0.000} {samples.Max(s => s.WarmAgain),10:0.000}");
        double median = Median(s => s.Total);
        Console.WriteLine($"Goal ≤ {GoalMilliseconds} ms (median): {(median <= GoalMilliseconds ? "met" : "NOT met")}");

        double Median(Func<Sample, double> value)
        {
            double[] sorted = [.. samples.Select(value).Order()];
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    private static string Milliseconds(long from, long to) =>
        Stopwatch.GetElapsedTime(from, to).TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);

    private readonly struct Sample(double total, double index, double firstPrice, double secondModel, double warmAgain, int models, string rates, double jit, int jitMethods)
    {
        public double Jit { get; } = jit;

        public int JitMethods { get; } = jitMethods;

        public double Total { get; } = total;

        public double Index { get; } = index;

        public double FirstPrice { get; } = firstPrice;

        public double SecondModel { get; } = secondModel;

        public double WarmAgain { get; } = warmAgain;

        public int Models { get; } = models;

        public string Rates { get; } = rates;
    }
}
