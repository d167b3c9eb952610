using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Security;

/// <summary>
/// Who may reach the dashboard, checked before every endpoint of it: a request from this machine (loopback, or a local
/// transport with no remote address) always; one from another machine only with the token, or through the app's
/// authorization policy when one is set. Writes from a page of another origin are refused (no cross-site request can
/// change a budget). Every answer carries the security headers.
/// </summary>
internal sealed class DashboardAccessFilter(LlmCostDashboardOptions options) : IEndpointFilter
{
    /// <summary>The cookie a browser keeps the token in after opening a <c>?token=</c> link.</summary>
    public const string TokenCookie = "llmcost_token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        SecurityHeaders.Apply(http.Response);
        if (!IsLocal(http.Connection.RemoteIpAddress) && options.AuthorizationPolicy is null)
        {
            if (options.Token is not { Length: > 0 } token)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only this machine may read the dashboard",
                    detail: "The dashboard serves loopback requests only; to serve other machines, set a token (llmcost serve prints one when it binds another address) or an authorization policy.");
            }

            if (Presented(http.Request) is not { } presented || !Same(presented, token))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Token required",
                    detail: "Requests from other machines must bear the dashboard's token: Authorization: Bearer <token>, or open the dashboard once with ?token=<token>.");
            }

            if (http.Request.Query.ContainsKey("token"))
            {
                http.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/" });
            }
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && IsCrossOrigin(http.Request))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-origin write refused",
                detail: "A page of another origin may not change the dashboard's data.");
        }

        return await next(context);
    }

    /// <summary>Loopback, or no remote address at all (a Unix socket, a named pipe, an in-process test server).</summary>
    internal static bool IsLocal(IPAddress? address) => address is null || IPAddress.IsLoopback(address);

    private static string? Presented(HttpRequest request)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Query.TryGetValue("token", out var query) ? query.ToString()
            : request.Cookies.TryGetValue(TokenCookie, out string? cookie) ? cookie
            : null;
    }

    private static bool Same(string presented, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token));

    /// <summary>A browser names the page's origin on a write (<c>Origin</c>) and whether it is another site (<c>Sec-Fetch-Site</c>).</summary>
    private static bool IsCrossOrigin(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return true;
        }

        string origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
