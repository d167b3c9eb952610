using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Security;

/// <summary>
/// The headers on every dashboard answer: nothing may load from anywhere but the dashboard itself (no CDN, no inline
/// script), no framing, no MIME sniffing, no referrer leaving the dashboard's origin.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void Apply(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" on the pages' own form posts, which
        // the cross-origin write check must refuse; nothing is sent to other origins either way.
        response.Headers["Referrer-Policy"] = "same-origin";
    }
}
