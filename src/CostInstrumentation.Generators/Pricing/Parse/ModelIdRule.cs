using System.Globalization;
using System.Text;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>
/// Which characters a model id or alias may hold: printable ASCII other than the space, and letters, digits and
/// combining marks of other scripts. Providers use nothing else (the LiteLLM catalogue's ids are ASCII letters,
/// digits and <c>-._/:@*</c>); anything else — spaces, control and invisible format characters, U+FFFD (what bytes
/// that are not valid UTF-8 decode to), unpaired surrogates, symbols, emoji — would compile into an id no call names.
/// </summary>
internal static class ModelIdRule
{
    public const string Allowed = "an id is printable ASCII without spaces, or letters and digits of other scripts";

    /// <summary>What is wrong with <paramref name="id"/>, or null when it is a valid id.</summary>
    /// <param name="decodedAs">The legacy code page the file was decoded with because it is not valid UTF-8, else null.</param>
    public static string? Problem(string id, Encoding? decodedAs)
    {
        if (id.Length == 0)
        {
            return "is empty";
        }

        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            if (c > ' ' && c < '\u007F')
            {
                continue;
            }

            string at = " at character " + (i + 1).ToString(CultureInfo.InvariantCulture);
            bool pair = char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]);
            if (char.IsSurrogate(c) && !pair)
            {
                return "has an unpaired surrogate (" + CodePoint(c) + ")" + at;
            }

            int codePoint = pair ? char.ConvertToUtf32(c, id[i + 1]) : c;
            string shown = "(" + CodePoint(codePoint) + ")";
            if (c == '\uFFFD')
            {
                return "has the replacement character " + shown + at + ": the file holds bytes that are not valid UTF-8 there; save it as UTF-8";
            }

            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(id, i);
            if (!IsLetterDigitOrMark(category))
            {
                return "has " + Describe(category) + " " + shown + at;
            }

            if (decodedAs is not null)
            {
                return "has the non-ASCII character '" + char.ConvertFromUtf32(codePoint) + "' " + shown + at + ", but the file is not valid UTF-8 and was read as "
                    + decodedAs.WebName + ", so the character is probably garbled; save the file as UTF-8";
            }

            i += pair ? 1 : 0;
        }

        return null;
    }

    /// <summary>
    /// <paramref name="encoding"/> when a file was decoded with it and it is neither UTF-8 nor UTF-16/32: on Windows the
    /// compiler falls back to the system code page for a file that is not valid UTF-8.
    /// </summary>
    public static Encoding? LegacyEncoding(Encoding? encoding) =>
        encoding is null or UTF8Encoding or UnicodeEncoding or UTF32Encoding || encoding.CodePage is 65001 or 1200 or 1201 or 12000 or 12001 ? null : encoding;

    private static bool IsLetterDigitOrMark(UnicodeCategory category) => category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.LetterNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static string Describe(UnicodeCategory category) => category switch
    {
        UnicodeCategory.Control => "a control character",
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "a space",
        UnicodeCategory.Format => "an invisible format character",
        UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => "an unassigned or private-use character",
        _ => "a symbol or punctuation character no provider uses in ids",
    };

    private static string CodePoint(int value) => "U+" + value.ToString("X4", CultureInfo.InvariantCulture);
}
