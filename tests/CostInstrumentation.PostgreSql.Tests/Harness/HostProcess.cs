using System.Diagnostics;
using System.Reflection;

namespace CostInstrumentation.PostgreSql.Tests.Harness;

/// <summary>A host in a process of its own (CostInstrumentation.PostgreSql.Host), which the test may SIGKILL at any point.</summary>
public sealed class HostProcess : IDisposable
{
    private static readonly string HostPath = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LedgerHostPath").Value!;
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _admitted;

    /// <param name="leaseFraction">When given, the host admits its calls from leases of this fraction of the limit.</param>
    /// <param name="pauseMilliseconds">A pause after each call, so that the host is still calling when the test kills it.</param>
    public HostProcess(string outbox, string connectionString, int calls, decimal limitUsd, double holdSeconds = 600, decimal? leaseFraction = null, int pauseMilliseconds = 0)
    {
        ProcessStartInfo start = new("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments = [HostPath, outbox, connectionString, calls.ToString(System.Globalization.CultureInfo.InvariantCulture), limitUsd.ToString(System.Globalization.CultureInfo.InvariantCulture), holdSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        string lease = leaseFraction?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
        foreach (string argument in (string[])[.. arguments, lease, pauseMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("admitted ", StringComparison.Ordinal))
            {
                Volatile.Write(ref _admitted, int.Parse(line["admitted ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (e.Data is { } done && done.StartsWith("done ", StringComparison.Ordinal))
            {
                _done.TrySetResult(int.Parse(done["done ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        _process.ErrorDataReceived += (_, e) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Calls admitted so far, as the host last printed.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>Waits for the host to finish its calls and flush; returns how many it admitted.</summary>
    public async Task<int> DoneAsync()
    {
        Task exited = _process.WaitForExitAsync();
        await Task.WhenAny(_done.Task, exited).WaitAsync(TimeSpan.FromMinutes(3));
        await exited.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(_done.Task.IsCompleted, $"the host exited with {_process.ExitCode} before it was done");
        return await _done.Task;
    }

    /// <summary>Waits until the host has admitted at least <paramref name="calls"/> calls.</summary>
    public async Task AdmittedAtLeastAsync(int calls)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));
        while (Admitted < calls)
        {
            Assert.False(_process.HasExited, "the host exited early");
            await Task.Delay(5, timeout.Token);
        }
    }

    /// <summary>SIGKILL: no flush, no exit handlers.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
