using System.Numerics;

namespace CostInstrumentation.Tests.Pricing;

/// <summary>
/// <see cref="ModelPrice.Cost(in LlmUsage, ServiceTier)"/> prices most calls with scaled integers and falls
/// back to decimal arithmetic for huge ones; both must give exactly the formula's value.
/// </summary>
public sealed class IntegerPathTests
{
    [Fact]
    public void RandomRatesAndUsage_CostExactlyTheDecimalFormula()
    {
        Random random = new(20261122);
        for (int i = 0; i < 5_000; i++)
        {
            RateCard card = new()
            {
                Input = RandomRate(random),
                Output = RandomRate(random),
                CacheRead = random.Next(2) == 0 ? null : RandomRate(random),
                CacheWrite = random.Next(2) == 0 ? null : RandomRate(random),
                Reasoning = random.Next(2) == 0 ? null : RandomRate(random),
            };
            ModelPrice price = new(new ModelPriceDefinition { Model = "random", Rates = card });
            long input = random.NextInt64(0, 3_000_000_000);
            long cached = random.NextInt64(0, input / 2 + 1);
            long written = random.NextInt64(0, input - cached + 1);
            long output = random.NextInt64(0, 5_000_000_000);
            long reasoning = random.NextInt64(0, output + 1);
            LlmUsage usage = new(input, output, cached, written, reasoning);

            TokenRates r = price.BaseRates;
            BigInteger exact = Exact(input - cached - written, r.Input) + Exact(cached, r.CacheRead) + Exact(written, r.CacheWrite)
                + Exact(output - reasoning, r.Output) + Exact(reasoning, r.Reasoning);
            BigInteger actual = Exact(1, price.Cost(usage));
            if (exact < BigInteger.One << 96)
            {
                Assert.Equal(exact, actual); // Representable: no digit may be lost.
            }
            else
            {
                // Beyond a decimal's 96-bit precision (thousands of USD priced to 20 decimals): decimal
                // arithmetic rounds each step, so the result may differ by a unit of its last (29th) digit.
                decimal cost = price.Cost(usage);
                BigInteger unit = BigInteger.Pow(10, Scale - cost.Scale);
                Assert.True(BigInteger.Abs(exact - actual) <= unit, $"{exact} vs {actual}");
            }
        }
    }

    [Fact]
    public void FloatNoiseRate_KeepsEveryDigit()
    {
        ModelPrice price = new(new ModelPriceDefinition { Model = "noisy", Rates = new RateCard { Input = 0.0000029999900000000002m, Output = 0.00001m } });

        // 1,000,000 × 0.0000029999900000000002 + 1 × 0.00001 = 2.9999900000000002 + 0.00001
        Assert.Equal(3.0000000000000002m, price.Cost(new LlmUsage(1_000_000, 1)));
    }

    [Fact]
    public void CountsAbove32Bits_FallBackToDecimalAndStayExact()
    {
        ModelPrice price = new(new ModelPriceDefinition { Model = "big", Rates = new RateCard { Input = 0.0000025m, Output = 0.00001m } });

        // 10,000,000,000 × 0.0000025 + 5,000,000,000 × 0.00001 = 25,000 + 50,000
        Assert.Equal(75_000m, price.Cost(new LlmUsage(10_000_000_000, 5_000_000_000)));
    }

    private const int Scale = 40;

    /// <summary><paramref name="tokens"/> × <paramref name="rate"/> as an integer count of 10^-40 USD: exact, no rounding.</summary>
    private static BigInteger Exact(long tokens, decimal rate)
    {
        int[] bits = decimal.GetBits(rate);
        BigInteger mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return tokens * mantissa * BigInteger.Pow(10, Scale - rate.Scale) * (rate < 0 ? -1 : 1);
    }

    private static decimal RandomRate(Random random) =>
        random.Next(4) switch
        {
            0 => 0m,
            1 => random.Next(1, 1_000_000) / 1_000_000_000_000m,
            2 => new decimal(random.NextInt64(1, 100_000_000_000_000_000) / 1e0) / 1_000_000_000_000_000_000_000m,
            _ => random.Next(1, 100) / 100m,
        };
}
