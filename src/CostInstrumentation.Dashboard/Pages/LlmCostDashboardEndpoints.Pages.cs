using CostInstrumentation.Dashboard.Pages;
using Microsoft.AspNetCore.Routing;

namespace CostInstrumentation.Dashboard;

/// <summary>The HTML pages plugged into <see cref="MapLlmCostDashboard"/>'s hook.</summary>
public static partial class LlmCostDashboardEndpoints
{
    static partial void MapPages(RouteGroupBuilder dashboard, DashboardContext context) => DashboardPages.Map(dashboard, context);
}
