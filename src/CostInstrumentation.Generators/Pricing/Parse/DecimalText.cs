using System.Globalization;
using System.Text;

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
        int position = 0;
        bool negative = position < text.Length && text[position] == '-';
        if (negative)
        {
            position++;
        }

        StringBuilder digits = new();
        int pointIndex = -1;
        for (; position < text.Length && (char.IsDigit(text[position]) || text[position] == '.'); position++)
        {
            if (text[position] == '.')
            {
                pointIndex = digits.Length;
            }
            else
            {
                digits.Append(text[position]);
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

        if (position != text.Length || digits.Length == 0)
        {
            return "it is not a number";
        }

        // value = digits × 10^(exponent − fractionDigits); strip zeros that carry no precision.
        int fractionDigits = pointIndex < 0 ? 0 : digits.Length - pointIndex;
        int power = exponent - fractionDigits;
        string significant = digits.ToString().TrimStart('0');
        while (significant.Length > 0 && significant[significant.Length - 1] == '0')
        {
            significant = significant.Substring(0, significant.Length - 1);
            power++;
        }

        if (significant.Length == 0)
        {
            return null;
        }

        if (significant.Length > MaxSignificantDigits)
        {
            return $"it has {significant.Length} significant digits, more than a decimal holds exactly ({MaxSignificantDigits})";
        }

        if (power < -MaxScale)
        {
            return "it is too small to represent exactly (more than 28 decimal places)";
        }

        if (significant.Length + power > MaxSignificantDigits)
        {
            return "it is too large";
        }

        string plain = power >= 0
            ? significant + new string('0', power)
            : (-power >= significant.Length
                ? "0." + new string('0', -power - significant.Length) + significant
                : significant.Substring(0, significant.Length + power) + "." + significant.Substring(significant.Length + power));
        value = decimal.Parse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (negative)
        {
            value = -value;
        }

        return null;
    }

    /// <summary>The shortest exact invariant text of <paramref name="value"/>, without exponent or trailing zeros.</summary>
    public static string Format(decimal value)
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        if (text.IndexOf('.') >= 0)
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text;
    }
}
