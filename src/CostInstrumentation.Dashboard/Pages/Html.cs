using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>
/// Markup that is already safe to write as it is: produced by an <see cref="Html"/> writer or a literal of this assembly.
/// Everything else a page writes goes through the encoder.
/// </summary>
internal readonly record struct Markup(string Value)
{
    public override string ToString() => Value;
}

/// <summary>
/// The page writer. Written with interpolated strings whose literal parts are markup and whose holes are text: every
/// hole is HTML-encoded (database strings — tags, sessions, projects — are user text) unless it is a <see cref="Markup"/>.
/// </summary>
internal sealed class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _builder = new(16 * 1024);

    /// <summary>Appends markup whose holes are encoded.</summary>
    public Html Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler markup) => this;

    /// <summary>Appends encoded text.</summary>
    public Html Text(string? text)
    {
        Encoder.Encode(new StringWriter(_builder, CultureInfo.InvariantCulture), text ?? string.Empty);
        return this;
    }

    /// <summary>An <c>option</c> of a <c>select</c>, selected or not.</summary>
    public Html Option(string value, bool selected, string? text = null) =>
        selected ? Add($"""<option value="{value}" selected>{text ?? value}</option>""") : Add($"""<option value="{value}">{text ?? value}</option>""");

    /// <summary>What has been written, as markup to embed in another writer.</summary>
    public Markup ToMarkup() => new(_builder.ToString());

    public override string ToString() => _builder.ToString();

    /// <summary>One string encoded, for an attribute or element body written elsewhere.</summary>
    public static string Encode(string text) => Encoder.Encode(text);

    /// <summary>Literal parts are appended as they are; holes are encoded.</summary>
    [InterpolatedStringHandler]
    internal readonly ref struct HtmlHandler
    {
        private readonly Html _html;

        public HtmlHandler(int literalLength, int formattedCount, Html html)
        {
            _ = formattedCount;
            _html = html;
            html._builder.EnsureCapacity(html._builder.Length + literalLength);
        }

        public void AppendLiteral(string literal) => _html._builder.Append(literal);

        public void AppendFormatted(Markup markup) => _html._builder.Append(markup.Value);

        public void AppendFormatted(string? text) => _html.Text(text);

        public void AppendFormatted<T>(T value) => _html.Text(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());
    }
}
