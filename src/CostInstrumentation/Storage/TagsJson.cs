using System.Buffers;
using System.Text;

namespace CostInstrumentation;

/// <summary>
/// The <c>tags</c> column: a JSON array of strings. Written by hand because the writer thread formats one per record
/// and a serializer costs several times more; only what JSON requires is escaped, plus surrogates (an unpaired one
/// would not survive SQLite's UTF-8), so any JSON reader gets the tags back verbatim.
/// </summary>
internal static class TagsJson
{
    private const string Empty = "[]";
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\"\\" + new string([.. Enumerable.Range(0, 0x20).Select(c => (char)c)]) + new string([.. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]));

    internal static string Write(IReadOnlyList<string>? tags)
    {
        if (tags is null || tags.Count == 0)
        {
            return Empty;
        }

        StringBuilder json = new(2 + (tags.Count * 16));
        json.Append('[');
        for (int i = 0; i < tags.Count; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            AppendString(json, tags[i]);
        }

        return json.Append(']').ToString();
    }

    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        ReadOnlySpan<char> rest = value;
        for (int next = rest.IndexOfAny(NeedsEscape); next >= 0; next = rest.IndexOfAny(NeedsEscape))
        {
            json.Append(rest[..next]);
            char c = rest[next];
            _ = c switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append("\\\\"),
                '\n' => json.Append("\\n"),
                '\r' => json.Append("\\r"),
                '\t' => json.Append("\\t"),
                _ => json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
            };
            rest = rest[(next + 1)..];
        }

        json.Append(rest).Append('"');
    }
}
