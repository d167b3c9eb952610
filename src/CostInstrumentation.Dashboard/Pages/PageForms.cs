using System.Globalization;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Forms that write: each carries an antiforgery token, and each post is validated before it reads a field.</summary>
internal static class PageForms
{
    /// <summary>The hidden token field of a form (and the cookie it pairs with).</summary>
    public static Markup Token(PageRequest request)
    {
        AntiforgeryTokenSet tokens = Antiforgery(request.HttpContext).GetAndStoreTokens(request.HttpContext);
        Html html = new();
        html.Add($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
        return html.ToMarkup();
    }

    /// <summary>The posted form, once its token is valid; null (and a 400 to send) when it is not.</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType || !await Antiforgery(context).IsRequestValidAsync(context))
        {
            return null;
        }

        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    /// <summary>The <c>id</c> field of a row's form.</summary>
    public static long Id(IFormCollection form) =>
        long.TryParse(form["id"], NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : throw new ReportArgumentException("The form names no row: reload the page.");

    /// <summary>A trimmed text field; null when blank.</summary>
    public static string? Text(IFormCollection form, string name) => string.IsNullOrWhiteSpace(form[name]) ? null : form[name].ToString().Trim();

    /// <summary>The dashboard root of a post to <paramref name="route"/>.</summary>
    public static string Root(HttpContext context, string route)
    {
        string path = context.Request.PathBase.Add(context.Request.Path).Value ?? "";
        return path.EndsWith(route, StringComparison.Ordinal) ? path[..^route.Length] : "";
    }

    private static IAntiforgery Antiforgery(HttpContext context) =>
        context.RequestServices.GetService<IAntiforgery>()
        ?? throw new InvalidOperationException("The dashboard's forms need antiforgery: call services.AddAntiforgery() at start-up.");
}
