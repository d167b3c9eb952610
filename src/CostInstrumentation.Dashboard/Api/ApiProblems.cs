using System.Text.Json;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>
/// Turns what the report layer refuses into ProblemDetails (RFC 9457) with its one sentence: a bad argument 400, a missing
/// budget or alert 404, a declared budget or a duplicate 409, a database that cannot be read 503 (missing, locked) or 500.
/// </summary>
internal sealed class ApiProblems : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ReportNotFoundException exception)
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", exception.Message);
        }
        catch (ReportConflictException exception)
        {
            return Problem(StatusCodes.Status409Conflict, "Conflict", exception.Message);
        }
        catch (ReportArgumentException exception)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad request", exception.Message);
        }
        catch (ReportDatabaseException exception)
        {
            return exception.Problem is ReportDatabaseProblem.Missing or ReportDatabaseProblem.Locked or ReportDatabaseProblem.Unreachable
                ? Problem(StatusCodes.Status503ServiceUnavailable, "Cost database unavailable", exception.Message)
                : Problem(StatusCodes.Status500InternalServerError, "Cost database unreadable", exception.Message);
        }
    }

    public static IResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

/// <summary>Reads the arguments routes bind as text, so a bad one becomes a ProblemDetails naming it.</summary>
internal static class ApiArguments
{
    /// <summary>A positive whole number no larger than <paramref name="maximum"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int Count(string? text, string name, int fallback, int maximum)
    {
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value >= 1 && value <= maximum
            ? value
            : throw new ReportArgumentException($"{name} '{text}' is not a whole number from 1 to {maximum}.");
    }

    /// <summary>The JSON body as <typeparamref name="T"/>; a body that is not JSON of that shape is a bad argument.</summary>
    public static async Task<T> BodyAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw new ReportArgumentException("Send the body as JSON (Content-Type: application/json).");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, JsonSerializerOptions.Web, request.HttpContext.RequestAborted)
                ?? throw new ReportArgumentException("The body is empty: send a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new ReportArgumentException($"The body is not valid JSON for this route: {exception.Message}");
        }
    }
}
