using System.Reflection;
using CostInstrumentation.Dashboard.Alerts;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>
/// The dashboard's HTML pages, their two assets and the form posts, mapped on the dashboard's route group. Every number
/// comes from <see cref="CostReports"/>; in read-only mode no write route is mapped.
/// </summary>
internal static class DashboardPages
{
    private static readonly PeriodRequest ThisMonth = new() { Period = "this-month" };

    private static readonly PeriodRequest AllTime = new() { Period = "all" };

    private const string StaleForm = "The form's antiforgery token is missing or stale: reload the page and submit again.";

    /// <summary>The embedded assets by file name, with their content types.</summary>
    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder routes, DashboardContext dashboard)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(dashboard);
        Page(routes, dashboard, "", OverviewPage.DefaultPeriod, OverviewPage.Render);
        Page(routes, dashboard, OverviewPage.TopsPath, OverviewPage.DefaultPeriod, OverviewPage.RenderTops);
        Page(routes, dashboard, "/explore", OverviewPage.DefaultPeriod, ExplorePage.Render);
        Page(routes, dashboard, "/sessions", ThisMonth, SessionsPage.Render);
        Page(routes, dashboard, "/call-sites", ThisMonth, CallSitesPage.Render);
        Page(routes, dashboard, "/budgets", AllTime, BudgetsPage.Render);
        Page(routes, dashboard, "/alerts", AllTime, AlertsPage.Render);
        Page(routes, dashboard, "/pricing", AllTime, PricingPage.Render);
        Page(routes, dashboard, "/estimate", AllTime, EstimatePage.Render);
        Page(routes, dashboard, "/live", AllTime, LivePage.Render);
        routes.MapGet("/assets/{name}", (string name) => Assets.TryGetValue(name, out string? type)
            ? Results.Stream(Assembly.GetExecutingAssembly().GetManifestResourceStream("Assets." + name)!, type)
            : Results.NotFound()).ExcludeFromDescription();
        if (!dashboard.Options.ReadOnly)
        {
            Post(routes, dashboard, "/budgets", BudgetsPage.Save);
            Post(routes, dashboard, "/budgets/enable", BudgetsPage.Enable);
            Post(routes, dashboard, "/budgets/remove", BudgetsPage.Remove);
            Post(routes, dashboard, "/alerts/acknowledge", AlertsPage.Acknowledge);
            FormPage(routes, dashboard, "/alerts/test", "/alerts", (form, context) => TestAlertsAsync(dashboard, form, context));
        }

        // An estimate writes nothing, so read-only mode keeps it.
        FormPage(routes, dashboard, "/estimate", "/estimate", (form, _) => Task.FromResult(EstimatePage.Posted(form)));
    }

    private static void Page(IEndpointRouteBuilder routes, DashboardContext dashboard, string path, PeriodRequest defaultPeriod, Func<PageRequest, CostReports, string> render) =>
        routes.MapGet(path.Length == 0 ? "/" : path, (HttpContext context) => Answer(new PageRequest(context, dashboard, path, defaultPeriod), render)).ExcludeFromDescription();

    /// <summary>A page as HTML: 400 (the page's frame and the sentence) for a bad argument, 503 when the database is unavailable.</summary>
    private static IResult Answer(PageRequest request, Func<PageRequest, CostReports, string> render)
    {
        int status = StatusCodes.Status200OK;
        string html;
        try
        {
            using CostReports reports = request.Dashboard.OpenReports();
            html = render(request, reports);
        }
        catch (ReportArgumentException problem)
        {
            (status, request.Problem) = (StatusCodes.Status400BadRequest, problem.Message);
            html = PageLayout.Render(request, "Not understood", default);
        }
        catch (ReportDatabaseException problem)
        {
            (status, request.Problem) = (StatusCodes.Status503ServiceUnavailable, problem.Message);
            html = PageLayout.Render(request, "Database unavailable", default, filters: false);
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>
    /// A form post that stores nothing, answered with a page (no redirect: the page is the answer): refused (400) unless its
    /// antiforgery token is valid; <paramref name="answer"/> does the work and says how to render <paramref name="page"/>.
    /// </summary>
    private static void FormPage(IEndpointRouteBuilder routes, DashboardContext dashboard, string route, string page, Func<IFormCollection, HttpContext, Task<Func<PageRequest, CostReports, string>>> answer) =>
        routes.MapPost(route, async (HttpContext context) => await PageForms.ReadAsync(context) is { } form
            ? Answer(new PageRequest(context, dashboard, page, AllTime, route), await answer(form, context))
            : Results.BadRequest(StaleForm)).ExcludeFromDescription();

    /// <summary>POST /alerts/test: a test alert through every channel (or the form's <c>channel</c>), answered with the Alerts page and each result.</summary>
    private static async Task<Func<PageRequest, CostReports, string>> TestAlertsAsync(DashboardContext dashboard, IFormCollection form, HttpContext context)
    {
        IReadOnlyList<LlmAlertTestResult> results = await new DashboardAlertChannels(dashboard, context.RequestServices).SendTestAsync(PageForms.Text(form, "channel"), context.RequestAborted);
        return (request, reports) => AlertsPage.Render(request, reports, results);
    }

    /// <summary>
    /// A form post: refused (400) unless its antiforgery token is valid; <paramref name="write"/> changes the database and
    /// names the page to go back to (post/redirect/get); bad input is a 400 with the report layer's sentence.
    /// </summary>
    private static void Post(IEndpointRouteBuilder routes, DashboardContext dashboard, string path, Func<IFormCollection, CostReports, string> write) =>
        routes.MapPost(path, async (HttpContext context) =>
        {
            if (await PageForms.ReadAsync(context) is not { } form)
            {
                return Results.BadRequest(StaleForm);
            }

            try
            {
                using CostReports reports = dashboard.OpenReports();
                return Results.Redirect(PageForms.Root(context, path) + write(form, reports));
            }
            catch (ReportArgumentException problem)
            {
                return Results.BadRequest(problem.Message);
            }
        }).ExcludeFromDescription();
}
