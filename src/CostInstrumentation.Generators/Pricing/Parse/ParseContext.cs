using System;
using System.Collections.Generic;
using System.Threading;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Json;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>The state shared by the format readers: the file, its diagnostics, and checked value reads.</summary>
internal sealed class ParseContext
{
    /// <summary>Above this a per-token price is a unit mistake, not a price ($1M per million tokens).</summary>
    private const decimal MaxPricePerToken = 1m;

    private readonly SourceText _text;

    /// <summary>Set when the file is not valid UTF-8 and was decoded with a legacy code page: its non-ASCII text is untrustworthy.</summary>
    private readonly System.Text.Encoding? _decodedAs;
    private readonly List<DiagnosticInfo> _diagnostics = new();

    public ParseContext(string path, SourceText text, CancellationToken cancellationToken)
    {
        Path = path;
        _text = text;
        _decodedAs = ModelIdRule.LegacyEncoding(text.Encoding);
        CancellationToken = cancellationToken;
    }

    public string Path { get; }

    public CancellationToken CancellationToken { get; }

    public IReadOnlyList<DiagnosticInfo> Diagnostics => _diagnostics;

    public void Report(string id, int start, int length, string message)
    {
        TextSpan span = new(start, length);
        _diagnostics.Add(new DiagnosticInfo(id, Path, span, _text.Lines.GetLinePositionSpan(span), new EquatableArray<string>(new[] { message })));
    }

    public void Report(string id, JsonNode node, string message) => Report(id, node.Start, node.Length, message);

    public void Report(string id, JsonProperty property, string message) => Report(id, property.NameStart, property.NameLength, message);

    public (TextSpan Span, LinePositionSpan LineSpan) Locate(JsonNode node)
    {
        TextSpan span = new(node.Start, node.Length);
        return (span, _text.Lines.GetLinePositionSpan(span));
    }

    /// <summary>Reads a price given per <paramref name="unitTokens"/> tokens as an exact per-token decimal.</summary>
    public bool TryReadPrice(JsonProperty property, string owner, decimal unitTokens, out decimal perToken)
    {
        perToken = 0m;
        JsonNode node = property.Value;
        string problem;
        if (node.Kind == JsonKind.Number)
        {
            string? error = DecimalText.TryParse(node.Text!, out decimal value);
            if (error is null && value < 0)
            {
                error = "it is negative";
            }
            else if (error is null && value / unitTokens > MaxPricePerToken)
            {
                error = $"it is more than {MaxPricePerToken} USD per token, which is almost certainly a unit mistake";
            }

            if (error is null)
            {
                perToken = value / unitTokens;
                if (perToken * unitTokens == value)
                {
                    return true;
                }

                error = $"it cannot be held exactly once divided into a per-token rate (more than 28 decimal places)";
            }

            problem = $"'{node.Text}' {error}";
        }
        else
        {
            problem = node.Kind == JsonKind.NonFiniteNumber ? $"'{node.Text}' is not a finite number" : $"it is {node.Describe()}, not a number";
        }

        Report(DiagnosticIds.InvalidPrice, node, $"Price '{property.Name}' of '{owner}' is invalid: {problem}");
        return false;
    }

    /// <summary>Reads a token limit; accepts integral numbers (also <c>2000000.0</c>) and numeric strings.</summary>
    public long? ReadTokenCount(JsonProperty property, string owner)
    {
        JsonNode node = property.Value;
        if ((node.Kind == JsonKind.Number || node.Kind == JsonKind.String)
            && DecimalText.TryParse(node.Text!, out decimal value) is null
            && value >= 0 && value <= long.MaxValue && decimal.Truncate(value) == value)
        {
            return (long)value;
        }

        Report(DiagnosticIds.InvalidEntry, node, $"'{property.Name}' of '{owner}' should be a whole number of tokens, but it is {Quote(node)}; it is ignored");
        return null;
    }

    /// <summary>Reads a string that goes into the generated table; control characters or broken UTF-16 are reported, not emitted.</summary>
    public string? ReadString(JsonProperty property, string owner)
    {
        if (property.Value.Kind == JsonKind.String)
        {
            if (IsSafeText(property.Value.Text!))
            {
                return property.Value.Text;
            }

            Report(DiagnosticIds.InvalidEntry, property.Value, $"'{property.Name}' of '{owner}' has control characters or an unpaired surrogate; it is ignored");
            return null;
        }

        Report(DiagnosticIds.InvalidEntry, property.Value, $"'{property.Name}' of '{owner}' should be a string, but it is {property.Value.Describe()}; it is ignored");
        return null;
    }

    /// <summary>Reads a <c>YYYY-MM-DD</c> date, reporting anything else.</summary>
    public string? ReadDate(JsonProperty property, string owner)
    {
        string? text = ReadString(property, owner);
        if (text is null)
        {
            return null;
        }

        if (System.DateTime.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            return text;
        }

        Report(DiagnosticIds.InvalidEntry, property.Value, $"'{property.Name}' of '{owner}' should be a date as YYYY-MM-DD, but it is '{text}'; it is ignored");
        return null;
    }

    /// <summary>True when <paramref name="id"/> (a model id or alias, <paramref name="what"/>) follows <see cref="ModelIdRule"/>; else reported at its token.</summary>
    public bool CheckModelId(string id, int start, int length, string what)
    {
        string? problem = ModelIdRule.Problem(id, _decodedAs);
        if (problem is not null)
        {
            Report(DiagnosticIds.InvalidEntry, start, length, $"{what} '{Printable(id)}' {problem}; {ModelIdRule.Allowed}; it is skipped");
        }

        return problem is null;
    }

    /// <summary>True when <paramref name="name"/> can be a provider name in the generated table.</summary>
    public bool CheckProviderName(string name, int start, int length)
    {
        bool valid = name.Trim().Length == name.Length && name.Length > 0 && IsSafeText(name);
        if (!valid)
        {
            Report(DiagnosticIds.InvalidEntry, start, length, $"Provider name '{Printable(name)}' is empty, has surrounding spaces, control characters or an unpaired surrogate; it is ignored");
        }

        return valid;
    }

    /// <summary>
    /// True when <paramref name="text"/> can sit in the table literal: no control characters or line
    /// separators (the table's separators are TAB and LF) and no unpaired surrogate (not UTF-8 encodable).
    /// </summary>
    public static bool IsSafeText(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsControl(c) || c == '\u2028' || c == '\u2029')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(string text)
    {
        System.Text.StringBuilder builder = new();
        foreach (char c in text)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
        }

        return builder.ToString();
    }

    private static string Quote(JsonNode node) => node.Kind is JsonKind.Number or JsonKind.String ? $"'{node.Text}'" : node.Describe();
}
