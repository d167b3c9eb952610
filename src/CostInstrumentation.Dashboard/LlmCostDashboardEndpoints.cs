using CostInstrumentation.Dashboard.Api;
using CostInstrumentation.Dashboard.Pages;
using CostInstrumentation.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CostInstrumentation.Dashboard;

/// <summary>
/// The dashboard and REST API as endpoints of any ASP.NET Core app:
/// <code>
/// builder.Services.AddLlmCostDashboard();
/// app.MapLlmCostDashboard("/llm-costs", o => o.DatabasePath = "costs.db");
/// </code>
/// Loopback only unless a token or an authorization policy is set (docs/dashboard.md, docs/rest-api.md).
/// </summary>
public static class LlmCostDashboardEndpoints
{
    /// <summary>The services the dashboard needs: its OpenAPI document and antiforgery for its forms.</summary>
    public static IServiceCollection AddLlmCostDashboard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAntiforgery();
        services.AddOpenApi(ApiReference.DocumentName, options =>
        {
            options.ShouldInclude = description => description.GroupName == ApiReference.DocumentName;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "LLM cost REST API";
                document.Info.Description = "Views of the CostInstrumentation report layer: the same numbers as llmcost.";
                return Task.CompletedTask;
            });
        });
        services.AddSingleton<DashboardMarker>();
        return services;
    }

    /// <summary>
    /// Maps the dashboard's pages under <paramref name="prefix"/> and its REST API under <c>{prefix}/api/v1</c> (with the
    /// seed's <c>{prefix}/api/cost/*</c>). Returns the group, so the app can add its own conventions (rate limiting, CORS…).
    /// </summary>
    public static RouteGroupBuilder MapLlmCostDashboard(this IEndpointRouteBuilder routes, string prefix = "/llm-costs", Action<LlmCostDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(prefix);
        if (routes.ServiceProvider.GetService<DashboardMarker>() is null)
        {
            throw new InvalidOperationException("Call builder.Services.AddLlmCostDashboard() before app.MapLlmCostDashboard(...).");
        }

        LlmCostDashboardOptions options = new();
        configure?.Invoke(options);
        DashboardContext context = new(prefix, options);
        RouteGroupBuilder dashboard = routes.MapGroup(context.Prefix.Length == 0 ? "/" : context.Prefix);
        dashboard.AddEndpointFilter(new DashboardAccessFilter(options));
        if (options.AuthorizationPolicy is { } policy)
        {
            dashboard.RequireAuthorization(policy);
        }

        DashboardRoutes.Map(dashboard, context);
        // The pages share the group, so the same access rules, headers and policy guard them; their forms check antiforgery.
        DashboardPages.Map(dashboard, context);
        return dashboard;
    }

    /// <summary>Tells <see cref="MapLlmCostDashboard"/> that <see cref="AddLlmCostDashboard"/> ran.</summary>
    private sealed class DashboardMarker;
}
