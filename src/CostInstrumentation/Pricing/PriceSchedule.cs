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
    private readonly ScaledRates _scaledBase;
    private readonly ScaledRates[] _scaledSteps;

    internal PriceSchedule(TokenRates baseRates, long[] thresholds, TokenRates[] steps)
    {
        _base = baseRates;
        _thresholds = thresholds;
        _steps = steps;
        _scaledBase = ScaledRates.From(baseRates);
        _scaledSteps = new ScaledRates[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            _scaledSteps[i] = ScaledRates.From(steps[i]);
        }
    }

    internal ref readonly TokenRates Base => ref _base;

    /// <summary>The step a call of <paramref name="inputTokens"/> is billed at; -1 for the base rates.</summary>
    internal int StepFor(long inputTokens)
    {
        long[] thresholds = _thresholds;
        int i = thresholds.Length - 1;
        while (i >= 0 && inputTokens <= thresholds[i])
        {
            i--;
        }

        return i;
    }

    internal ref readonly TokenRates Rates(int step) => ref step < 0 ? ref _base : ref _steps[step];

    internal ref readonly ScaledRates Scaled(int step) => ref step < 0 ? ref _scaledBase : ref _scaledSteps[step];

    internal ref readonly TokenRates RatesFor(long inputTokens) => ref Rates(StepFor(inputTokens));
}
