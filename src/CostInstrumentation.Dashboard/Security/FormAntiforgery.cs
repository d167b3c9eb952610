using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CostInstrumentation.Dashboard.Security;

/// <summary>
/// Antiforgery for the pages' form posts, as an endpoint filter (a library mapped into someone else's app cannot add
/// <c>UseAntiforgery</c> middleware): the page renders <see cref="Tokens"/> into a hidden field, the post is validated
/// before its handler runs. Map the post with <c>.DisableAntiforgery()</c> (the framework's own check needs that
/// middleware) and <c>.WithFormAntiforgery()</c>.
/// </summary>
internal static class FormAntiforgery
{
    /// <summary>Validates the request's antiforgery token (cookie + form field) before the handler; 400 ProblemDetails when missing or wrong.</summary>
    public static TBuilder WithFormAntiforgery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            IAntiforgery antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
            try
            {
                await antiforgery.ValidateRequestAsync(context.HttpContext);
            }
            catch (AntiforgeryValidationException)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Form expired or forged",
                    detail: "The form's antiforgery token is missing or wrong: reload the page and submit again.");
            }

            return await next(context);
        });

    /// <summary>The hidden field's name and value for a form on this request's page (and the cookie it pairs with, set on the response).</summary>
    public static AntiforgeryTokenSet Tokens(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
}
