using System;
using System.Threading.Tasks;
using CostInstrumentation;

// Usage: <database path>. Writes records without end, flushing every 500 and printing "flushed <count>"
// once that many are committed, so the parent knows what must survive a SIGKILL.
if (args is not [string path])
{
    Console.Error.WriteLine("usage: CostInstrumentation.Storage.Child <database path>");
    return 2;
}

LlmCostTracker.Error += (_, e) => Console.Error.WriteLine(e.Message);
await using SqliteCostSink sink = new(path);
DateTimeOffset start = DateTimeOffset.UtcNow;
for (long written = 0; ; )
{
    for (int i = 0; i < 500; i++, written++)
    {
        sink.Write(new LlmCallRecord
        {
            TimestampUtc = start.AddMilliseconds(written),
            Provider = "openai",
            Model = written % 3 == 0 ? "gpt-4o-mini" : "gpt-4o",
            Operation = "Child.Loop",
            CallSite = "Program.cs:1",
            Project = "kill-test",
            SessionId = "s" + (written % 7),
            Tags = ["child"],
            Usage = new LlmUsage(1_000 + (written % 100), 100),
            CostUsd = 0.000123m,
            Duration = TimeSpan.FromMilliseconds(10),
            Outcome = LlmCallOutcome.Ok,
        });
    }

    await sink.FlushAsync();
    Console.WriteLine($"flushed {written}");
}
