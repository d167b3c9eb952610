using System.Diagnostics.Metrics;

namespace CostInstrumentation.Tests.Metering;

/// <summary>An <see cref="IMeterFactory"/> as dependency injection has one: its meters are scoped to it, and disposed with it.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        Meter meter = new(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(meter => meter.Dispose());
        }
    }
}
