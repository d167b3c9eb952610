using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

namespace CostInstrumentation.Generators.Json;

/// <summary>
/// A strict JSON (RFC 8259) parser that keeps positions and number texts, never throws on bad input
/// and bounds nesting, so any file a user points the build at becomes a diagnostic, not a crash.
/// </summary>
internal sealed class JsonParser
{
    internal const int MaxDepth = 64;

    private readonly string _text;
    private readonly CancellationToken _cancellationToken;
    private int _position;
    private JsonSyntaxError? _error;

    private JsonParser(string text, CancellationToken cancellationToken)
    {
        _text = text;
        _cancellationToken = cancellationToken;
    }

    public static JsonNode? Parse(string text, out JsonSyntaxError? error, CancellationToken cancellationToken = default)
    {
        JsonParser parser = new(text, cancellationToken);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            parser._position = 1;
        }

        parser.SkipWhitespace();
        JsonNode? root = parser.ParseValue(depth: 0);
        if (root is not null)
        {
            parser.SkipWhitespace();
            if (parser._position < text.Length)
            {
                parser.Fail($"unexpected {parser.DescribeCurrent()} after the end of the document");
                root = null;
            }
        }

        error = parser._error;
        return error is null ? root : null;
    }

    private JsonNode? ParseValue(int depth)
    {
        if (_position >= _text.Length)
        {
            return Fail("unexpected end of file; the document is truncated");
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return depth >= MaxDepth ? Fail($"nesting deeper than {MaxDepth} levels") : ParseObject(depth + 1);
            case '[':
                return depth >= MaxDepth ? Fail($"nesting deeper than {MaxDepth} levels") : ParseArray(depth + 1);
            case '"':
                int start = _position;
                string? value = ParseString();
                return value is null ? null : new JsonNode(JsonKind.String, start, _position - start, value);
            case 't':
                return ParseLiteral("true", JsonKind.True);
            case 'f':
                return ParseLiteral("false", JsonKind.False);
            case 'n':
                return ParseLiteral("null", JsonKind.Null);
            case 'N':
                return ParseLiteral("NaN", JsonKind.NonFiniteNumber);
            case 'I':
                return ParseLiteral("Infinity", JsonKind.NonFiniteNumber);
            case '-' when Matches("-Infinity"):
                return ParseLiteral("-Infinity", JsonKind.NonFiniteNumber);
            case '-':
            case >= '0' and <= '9':
                return ParseNumber();
            default:
                return Fail($"unexpected {DescribeCurrent()}; expected a JSON value");
        }
    }

    private JsonNode? ParseObject(int depth)
    {
        int start = _position++;
        List<JsonProperty> properties = new();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return new JsonNode(JsonKind.Object, start, _position - start, properties: properties);
        }

        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            SkipWhitespace();
            if (Peek() != '"')
            {
                return Fail(Peek() == '}' ? "trailing comma before '}' is not allowed in JSON" : $"unexpected {DescribeCurrent()}; expected a property name in double quotes");
            }

            int nameStart = _position;
            string? name = ParseString();
            if (name is null)
            {
                return null;
            }

            int nameLength = _position - nameStart;
            SkipWhitespace();
            if (Peek() != ':')
            {
                return Fail($"unexpected {DescribeCurrent()}; expected ':' after the property name");
            }

            _position++;
            SkipWhitespace();
            JsonNode? value = ParseValue(depth);
            if (value is null)
            {
                return null;
            }

            properties.Add(new JsonProperty(name, nameStart, nameLength, value));
            SkipWhitespace();
            char next = Peek();
            _position++;
            if (next == '}')
            {
                return new JsonNode(JsonKind.Object, start, _position - start, properties: properties);
            }

            if (next != ',')
            {
                _position--;
                return Fail($"unexpected {DescribeCurrent()}; expected ',' or '}}'");
            }
        }
    }

    private JsonNode? ParseArray(int depth)
    {
        int start = _position++;
        List<JsonNode> items = new();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return new JsonNode(JsonKind.Array, start, _position - start, items: items);
        }

        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            SkipWhitespace();
            if (Peek() == ']')
            {
                return Fail("trailing comma before ']' is not allowed in JSON");
            }

            JsonNode? item = ParseValue(depth);
            if (item is null)
            {
                return null;
            }

            items.Add(item);
            SkipWhitespace();
            char next = Peek();
            _position++;
            if (next == ']')
            {
                return new JsonNode(JsonKind.Array, start, _position - start, items: items);
            }

            if (next != ',')
            {
                _position--;
                return Fail($"unexpected {DescribeCurrent()}; expected ',' or ']'");
            }
        }
    }

    private string? ParseString()
    {
        _position++;
        StringBuilder? builder = null;
        int runStart = _position;
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == '"')
            {
                string value = builder is null
                    ? _text.Substring(runStart, _position - runStart)
                    : builder.Append(_text, runStart, _position - runStart).ToString();
                _position++;
                return value;
            }

            if (c < ' ')
            {
                Fail(c == '\n' || c == '\r' ? "unterminated string (line break inside a string)" : $"control character U+{(int)c:X4} inside a string must be escaped");
                return null;
            }

            if (c != '\\')
            {
                _position++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, runStart, _position - runStart);
            if (!AppendEscape(builder))
            {
                return null;
            }

            runStart = _position;
        }

        Fail("unterminated string; the document is truncated");
        return null;
    }

    private bool AppendEscape(StringBuilder builder)
    {
        if (_position + 1 >= _text.Length)
        {
            Fail("unterminated escape sequence; the document is truncated");
            return false;
        }

        char escape = _text[_position + 1];
        _position += 2;
        switch (escape)
        {
            case '"': builder.Append('"'); return true;
            case '\\': builder.Append('\\'); return true;
            case '/': builder.Append('/'); return true;
            case 'b': builder.Append('\b'); return true;
            case 'f': builder.Append('\f'); return true;
            case 'n': builder.Append('\n'); return true;
            case 'r': builder.Append('\r'); return true;
            case 't': builder.Append('\t'); return true;
            case 'u' when _position + 4 <= _text.Length
                && ushort.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code):
                builder.Append((char)code);
                _position += 4;
                return true;
            default:
                _position -= 2;
                Fail($"invalid escape sequence '\\{escape}'");
                return false;
        }
    }

    private JsonNode? ParseNumber()
    {
        int start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (!SkipDigits())
        {
            return Fail("invalid number: expected a digit");
        }

        if (Peek() == '.')
        {
            _position++;
            if (!SkipDigits())
            {
                return Fail("invalid number: expected a digit after the decimal point");
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (!SkipDigits())
            {
                return Fail("invalid number: expected a digit in the exponent");
            }
        }

        return new JsonNode(JsonKind.Number, start, _position - start, _text.Substring(start, _position - start));
    }

    private bool SkipDigits()
    {
        int start = _position;
        while (Peek() is >= '0' and <= '9')
        {
            _position++;
        }

        return _position > start;
    }

    private JsonNode? ParseLiteral(string literal, JsonKind kind)
    {
        if (!Matches(literal))
        {
            return Fail($"unexpected {DescribeCurrent()}; expected a JSON value");
        }

        int start = _position;
        _position += literal.Length;
        return new JsonNode(kind, start, literal.Length, literal);
    }

    private bool Matches(string literal) => string.CompareOrdinal(_text, _position, literal, 0, literal.Length) == 0;

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private string DescribeCurrent()
    {
        if (_position >= _text.Length)
        {
            return "end of file";
        }

        char c = _text[_position];
        if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] is '/' or '*')
        {
            return "comment (comments are not allowed in JSON)";
        }

        return c is >= ' ' and < '\u007F' ? $"character '{c}'" : $"character U+{(int)c:X4}";
    }

    private JsonNode? Fail(string message)
    {
        _error ??= new JsonSyntaxError(message, _position);
        return null;
    }
}
