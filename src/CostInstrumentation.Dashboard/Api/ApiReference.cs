using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>
/// The OpenAPI document of the API, and a browsable reference page listing its operations: plain server-rendered HTML
/// that loads nothing (no script, no font, no stylesheet from anywhere), so it works offline and under the dashboard's CSP.
/// </summary>
internal static class ApiReference
{
    /// <summary>The OpenAPI document's name (its endpoints carry it as their group name).</summary>
    public const string DocumentName = "llm-costs";

    public static async Task<IResult> Document(IServiceProvider services, CancellationToken cancellation)
    {
        IOpenApiDocumentProvider provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName);
        OpenApiDocument document = await provider.GetOpenApiDocumentAsync(cancellation);
        string json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellation);
        return TypedResults.Text(json, "application/json; charset=utf-8");
    }

    public static IResult Page(DashboardContext context, HttpContext http)
    {
        string api = context.Prefix + DashboardRoutes.Api;
        IEnumerable<RouteEndpoint> endpoints = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointGroupNameMetadata>()?.EndpointGroupName == DocumentName
                && ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith(api, StringComparison.Ordinal))
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal);
        StringBuilder html = new();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>LLM cost REST API</title>")
            .Append("<meta name=\"viewport\" content=\"width=device-width\"></head><body><h1>LLM cost REST API</h1>")
            .Append("<p>Every route below is under <code>").Append(Encode(api)).Append("</code>. JSON answers carry <code>schemaVersion</code>; money is an exact decimal string (<code>…Usd</code>) and integer nano-USD (<code>…NanoUsd</code>); errors are ProblemDetails. ")
            .Append("The OpenAPI document: <a href=\"").Append(Encode(api)).Append("/openapi.json\">openapi.json</a>.</p><table><thead><tr><th>Method</th><th>Route</th><th>What</th></tr></thead><tbody>");
        foreach (RouteEndpoint endpoint in endpoints)
        {
            string methods = string.Join(", ", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []);
            string summary = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? "";
            html.Append("<tr><td>").Append(Encode(methods)).Append("</td><td><code>/").Append(Encode(endpoint.RoutePattern.RawText?.TrimStart('/') ?? ""))
                .Append("</code></td><td>").Append(Encode(summary)).Append("</td></tr>");
        }

        html.Append("</tbody></table></body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
