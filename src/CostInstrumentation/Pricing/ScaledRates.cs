namespace CostInstrumentation;

/// <summary>
/// The five rates of a <see cref="TokenRates"/> as integers scaled by a common power of ten, so a call is
/// priced with integer multiply-adds and one <see cref="decimal"/> built at the end — exact, and about
/// twice as fast as five decimal multiply-adds. Calls too large for the integer path (token counts above
/// 2^32, or a total above a decimal's 96-bit mantissa) fall back to decimal arithmetic.
/// </summary>
internal readonly struct ScaledRates
{
    // Each rate below 2^92 and each count below 2^32 keep a product below 2^124 and five of them below 2^127.
    private static readonly UInt128 s_rateLimit = UInt128.One << 92;
    private static readonly UInt128 s_mantissaLimit = UInt128.One << 96;

    private readonly UInt128 _input;
    private readonly UInt128 _output;
    private readonly UInt128 _cacheRead;
    private readonly UInt128 _cacheWrite;
    private readonly UInt128 _reasoning;
    private readonly byte _scale;
    private readonly bool _usable;

    private ScaledRates(in TokenRates rates, byte scale)
    {
        _scale = scale;
        _input = Scale(rates.Input, scale);
        _output = Scale(rates.Output, scale);
        _cacheRead = Scale(rates.CacheRead, scale);
        _cacheWrite = Scale(rates.CacheWrite, scale);
        _reasoning = Scale(rates.Reasoning, scale);
        _usable = _input < s_rateLimit && _output < s_rateLimit && _cacheRead < s_rateLimit && _cacheWrite < s_rateLimit && _reasoning < s_rateLimit;
    }

    internal static ScaledRates From(in TokenRates rates)
    {
        if (rates.Input < 0 || rates.Output < 0 || rates.CacheRead < 0 || rates.CacheWrite < 0 || rates.Reasoning < 0)
        {
            return default; // Not usable: the integer path is for non-negative rates only.
        }

        byte scale = Math.Max(Math.Max(rates.Input.Scale, rates.Output.Scale), Math.Max(Math.Max(rates.CacheRead.Scale, rates.CacheWrite.Scale), rates.Reasoning.Scale));
        return new ScaledRates(rates, scale);
    }

    /// <summary>Prices <paramref name="fresh"/> input, cache, plain output and reasoning tokens; false when the integer path cannot.</summary>
    internal bool TryCost(long fresh, long cached, long cacheWrite, long plainOutput, long reasoning, out decimal cost)
    {
        if (!_usable || ((ulong)(fresh | cached | cacheWrite | plainOutput | reasoning) >> 32) != 0)
        {
            cost = 0m;
            return false;
        }

        UInt128 total = (ulong)fresh * _input + (ulong)plainOutput * _output;
        if ((cached | cacheWrite | reasoning) != 0)
        {
            total += (ulong)cached * _cacheRead + (ulong)cacheWrite * _cacheWrite + (ulong)reasoning * _reasoning;
        }

        if (total >= s_mantissaLimit)
        {
            cost = 0m;
            return false;
        }

        cost = new decimal((int)(uint)total, (int)(uint)(total >> 32), (int)(uint)(total >> 64), isNegative: false, _scale);
        return true;
    }

    private static UInt128 Scale(decimal rate, byte scale)
    {
        int[] bits = decimal.GetBits(rate); // An array, not stackalloc, which would cost full JIT on first use.
        UInt128 mantissa = new((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        for (int i = rate.Scale; i < scale; i++)
        {
            mantissa *= 10u;
        }

        return mantissa;
    }
}
