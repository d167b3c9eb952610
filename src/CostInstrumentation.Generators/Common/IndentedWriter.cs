using System.Text;

namespace CostInstrumentation.Generators.Common;

/// <summary>Builds generated source text line by line with consistent indentation and LF line ends.</summary>
internal sealed class IndentedWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _depth;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (int i = 0; i < _depth; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Appends text verbatim, without indentation (raw string literal content).</summary>
    public IndentedWriter Raw(string text)
    {
        _builder.Append(text);
        return this;
    }

    public IndentedWriter Open(string text = "{")
    {
        Line(text);
        _depth++;
        return this;
    }

    public IndentedWriter Close(string text = "}")
    {
        _depth--;
        return Line(text);
    }

    public override string ToString() => _builder.ToString();
}
