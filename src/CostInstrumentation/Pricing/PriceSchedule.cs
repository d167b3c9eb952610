namespace CostInstrumentation;

/// <summary>
/// The rates of one service tier: base rates plus input-size steps. The last step whose threshold the
/// call's input exceeds prices the whole call; below every step the base rates apply.
/// </summary>
internal sealed class PriceSchedule
{
    private readonly TokenRates _base;
    private readonly long[] _thresholds;
    private readonly TokenRates[] _steps;

    internal PriceSchedule(TokenRates baseRates, long[] thresholds, TokenRates[] steps)
    {
        _base = baseRates;
        _thresholds = thresholds;
        _steps = steps;
    }

    internal ref readonly TokenRates Base => ref _base;

    internal int StepCount => _thresholds.Length;

    internal long StepThreshold(int index) => _thresholds[index];

    internal ref readonly TokenRates StepRates(int index) => ref _steps[index];

    internal ref readonly TokenRates RatesFor(long inputTokens)
    {
        long[] thresholds = _thresholds;
        for (int i = thresholds.Length - 1; i >= 0; i--)
        {
            if (inputTokens > thresholds[i])
            {
                return ref _steps[i];
            }
        }

        return ref _base;
    }
}
