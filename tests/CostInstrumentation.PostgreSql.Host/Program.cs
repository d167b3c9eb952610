using CostInstrumentation;
using CostInstrumentation.PostgreSql.Tests;

// Usage: <outbox path> <connection string> <calls> <limit USD> [hold seconds] [lease fraction] [pause ms]. Makes the calls, printing
// "admitted <n>" after each admitted one (the parent may SIGKILL it at any point), then flushes and prints "done".
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: CostInstrumentation.PostgreSql.Host <outbox> <connection string> <calls> <limit USD> [hold seconds] [lease fraction] [pause ms]");
    return 2;
}

double holdSeconds = args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 600;
decimal? leaseFraction = args.Length > 5 && args[5] != "-" ? decimal.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : null;
int pauseMilliseconds = args.Length > 6 ? int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture) : 0;
await using LlmCostPipeline pipeline = HostWorkload.Pipeline(args[0], args[1], decimal.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), l =>
{
    l.HoldTimeout = TimeSpan.FromSeconds(holdSeconds);
    if (leaseFraction is { } fraction)
    {
        HostWorkload.Leased(l, fraction);
    }
});
pipeline.Error += (_, e) => Console.Error.WriteLine(e.Message);
int calls = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
int admitted = 0;
for (int i = 0; i < calls; i++)
{
    if (HostWorkload.Call(pipeline))
    {
        Console.WriteLine($"admitted {++admitted}");
    }

    Thread.Sleep(pauseMilliseconds);
}

await pipeline.FlushAsync();
Console.WriteLine($"done {admitted}");
return 0;
