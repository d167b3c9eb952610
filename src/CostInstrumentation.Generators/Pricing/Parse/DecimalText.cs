using System.Globalization;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>
/// Reads a JSON number's text as an exact <see cref="decimal"/>: <c>2.5e-06</c> is exactly 0.0000025 and
/// float noise such as <c>2.9999900000000002e-06</c> is kept digit for digit. A value a decimal cannot
/// hold exactly is refused rather than rounded.
/// </summary>
internal static class DecimalText
{
    private const int MaxSignificantDigits = 28;
    private const int MaxScale = 28;

    /// <returns>Null on success, else why the text is not an exact decimal.</returns>
    public static string? TryParse(string text, out decimal value)
    {
        value = 0m;

        // One pass without allocating: count the significant digits and find the power of ten of the
        // last one, so the check below knows whether decimal parsing would round.
        int position = text.Length > 0 && text[0] == '-' ? 1 : 0;
        int digits = 0;
        int firstSignificant = -1;
        int lastNonZero = -1;
        int fractionDigits = 0;
        bool inFraction = false;
        for (; position < text.Length; position++)
        {
            char c = text[position];
            if (c == '.' && !inFraction)
            {
                inFraction = true;
            }
            else if (c >= '0' && c <= '9')
            {
                if (c != '0')
                {
                    if (firstSignificant < 0)
                    {
                        firstSignificant = digits;
                    }

                    lastNonZero = digits;
                }

                digits++;
                fractionDigits += inFraction ? 1 : 0;
            }
            else
            {
                break;
            }
        }

        int exponent = 0;
        if (position < text.Length && (text[position] == 'e' || text[position] == 'E'))
        {
            if (!int.TryParse(text.Substring(position + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || exponent > 1000 || exponent < -1000)
            {
                return "its exponent is out of range";
            }

            position = text.Length;
        }

        if (position != text.Length || digits == 0)
        {
            return "it is not a number";
        }

        if (firstSignificant < 0)
        {
            return null; // zero
        }

        int significant = lastNonZero - firstSignificant + 1;
        int lowestPower = exponent - fractionDigits + (digits - 1 - lastNonZero);
        if (significant > MaxSignificantDigits)
        {
            return $"it has {significant} significant digits, more than a decimal holds exactly ({MaxSignificantDigits})";
        }

        if (lowestPower < -MaxScale)
        {
            return "it is too small to represent exactly (more than 28 decimal places)";
        }

        if (significant + lowestPower > MaxSignificantDigits)
        {
            return "it is too large";
        }

        // Within these bounds decimal parsing is exact (no digit is rounded away).
        value = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return null;
    }
}
