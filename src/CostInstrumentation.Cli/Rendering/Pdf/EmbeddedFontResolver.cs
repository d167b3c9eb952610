using System.IO;
using PdfSharp.Fonts;

namespace CostInstrumentation.Cli.Rendering.Pdf;

/// <summary>
/// Gives PDFsharp the DejaVu Sans faces shipped inside the tool (regular and bold), whatever font is asked for, so a PDF
/// never depends on the fonts of the machine it is made on; PDFsharp embeds the glyphs it uses.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp takes one global resolver).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[] GetFont(string faceName)
    {
        using Stream font = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream($"CostInstrumentation.Cli.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName} is missing from the tool.");
        using MemoryStream bytes = new();
        font.CopyTo(bytes);
        return bytes.ToArray();
    }
}
