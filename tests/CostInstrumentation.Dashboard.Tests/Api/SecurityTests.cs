using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>Loopback by default, a token for other machines, CSP on every answer, read-only mode, no cross-origin writes.</summary>
public sealed class SecurityTests
{
    private const string Summary = "/llm-costs/api/v1/summary";

    [Fact]
    public async Task Another_machine_is_refused_when_no_token_is_set_and_loopback_is_served()
    {
        await using ApiHost host = await ApiHost.StartAsync();
        using HttpRequestMessage remote = Remote(HttpMethod.Get, Summary);
        using HttpResponseMessage refused = await host.Client.SendAsync(remote);
        Assert.Contains("loopback", await ApiHost.ProblemAsync(refused, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        using HttpRequestMessage local = new(HttpMethod.Get, Summary);
        local.Headers.Add(ApiHost.RemoteHeader, "127.0.0.1");
        using HttpResponseMessage served = await host.Client.SendAsync(local);
        await ApiHost.ReadAsync(served, HttpStatusCode.OK);
        using HttpRequestMessage ipv6 = new(HttpMethod.Get, Summary);
        ipv6.Headers.Add(ApiHost.RemoteHeader, "::1");
        using HttpResponseMessage servedV6 = await host.Client.SendAsync(ipv6);
        await ApiHost.ReadAsync(servedV6, HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_a_token_another_machine_needs_it_as_a_bearer_a_query_or_the_cookie_the_query_sets()
    {
        await using ApiHost host = await ApiHost.StartAsync(o => o.Token = "s3cret-token");
        using HttpResponseMessage missing = await host.Client.SendAsync(Remote(HttpMethod.Get, Summary));
        await ApiHost.ProblemAsync(missing, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);

        using HttpRequestMessage wrong = Remote(HttpMethod.Get, Summary);
        wrong.Headers.Authorization = new("Bearer", "s3cret-tokeN");
        using HttpResponseMessage wrongResponse = await host.Client.SendAsync(wrong);
        await ApiHost.ProblemAsync(wrongResponse, HttpStatusCode.Unauthorized);

        using HttpRequestMessage bearer = Remote(HttpMethod.Get, Summary);
        bearer.Headers.Authorization = new("Bearer", "s3cret-token");
        using HttpResponseMessage bearerResponse = await host.Client.SendAsync(bearer);
        await ApiHost.ReadAsync(bearerResponse, HttpStatusCode.OK);

        using HttpResponseMessage query = await host.Client.SendAsync(Remote(HttpMethod.Get, Summary + "?token=s3cret-token"));
        await ApiHost.ReadAsync(query, HttpStatusCode.OK);
        string cookie = query.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("llmcost_token=s3cret-token", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using HttpRequestMessage withCookie = Remote(HttpMethod.Get, Summary);
        withCookie.Headers.Add("Cookie", "llmcost_token=s3cret-token");
        using HttpResponseMessage cookieResponse = await host.Client.SendAsync(withCookie);
        await ApiHost.ReadAsync(cookieResponse, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_answer_carries_a_self_only_content_security_policy()
    {
        await using ApiHost host = await ApiHost.StartAsync();
        foreach (string path in new[] { Summary, "/llm-costs/api/v1/", "/llm-costs/api/v1/breakdown?by=nope" })
        {
            using HttpResponseMessage response = await host.Client.GetAsync(path);
            string csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.StartsWith("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task Read_only_mode_maps_no_write_route_and_writes_nothing()
    {
        await using ApiHost host = await ApiHost.StartAsync(o => o.ReadOnly = true);
        host.Database.Execute("INSERT INTO budgets (id, scope, period, limit_nanousd) VALUES (1, 'global', 'day', 1000000000)");
        host.Database.Execute("INSERT INTO budget_alerts (id, budget_id, period_start, threshold, spent_nanousd, raised_utc) VALUES (5, 1, '2026-11-15T00:00:00.0000000Z', '0.8', 800000000, '2026-11-15T09:00:00.0000000Z')");
        (HttpMethod Method, string Path)[] writes =
        [
            (HttpMethod.Post, "/llm-costs/api/v1/budgets"),
            (HttpMethod.Put, "/llm-costs/api/v1/budgets/1"),
            (HttpMethod.Delete, "/llm-costs/api/v1/budgets/1"),
            (HttpMethod.Post, "/llm-costs/api/v1/budgets/1/disable"),
            (HttpMethod.Post, "/llm-costs/api/v1/alerts/5/acknowledge"),
            (HttpMethod.Post, "/llm-costs/api/cost/alerts/5/acknowledge"),
            (HttpMethod.Post, "/llm-costs/api/v1/alerts/channels/log/test"),
            (HttpMethod.Post, "/llm-costs/api/cost/budgets"),
        ];
        foreach ((HttpMethod method, string path) in writes)
        {
            using HttpRequestMessage request = new(method, path) { Content = ApiHost.Json(new { period = "day", limitUsd = "9" }) };
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            using HttpResponseMessage response = await host.Client.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{method} {path}: {response.StatusCode}");
        }

        Assert.Equal(1, host.Scalar("SELECT count(*) FROM budgets"));
        Assert.Equal(1_000_000_000, host.Scalar("SELECT limit_nanousd FROM budgets"));
        Assert.Equal(1, host.Scalar("SELECT enabled FROM budgets"));
        Assert.Equal(0, host.Scalar("SELECT count(*) FROM budget_alerts WHERE acknowledged_utc IS NOT NULL"));
        JsonElement budgets = await host.GetJsonAsync("/llm-costs/api/v1/budgets");
        Assert.Equal(1, budgets.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_write_from_a_page_of_another_origin_is_refused()
    {
        await using ApiHost host = await ApiHost.StartAsync();
        host.Database.Execute("INSERT INTO budgets (id, scope, period, limit_nanousd) VALUES (1, 'global', 'day', 1000000000)");
        host.Database.Execute("INSERT INTO budget_alerts (id, budget_id, period_start, threshold, spent_nanousd, raised_utc) VALUES (5, 1, '2026-11-15T00:00:00.0000000Z', '0.8', 800000000, '2026-11-15T09:00:00.0000000Z')");
        using HttpRequestMessage forged = new(HttpMethod.Post, "/llm-costs/api/v1/alerts/5/acknowledge");
        forged.Headers.Add("Origin", "http://evil.example");
        using HttpResponseMessage refused = await host.Client.SendAsync(forged);
        await ApiHost.ProblemAsync(refused, HttpStatusCode.Forbidden);
        using HttpRequestMessage crossSite = new(HttpMethod.Post, "/llm-costs/api/v1/alerts/5/acknowledge");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        using HttpResponseMessage refusedToo = await host.Client.SendAsync(crossSite);
        await ApiHost.ProblemAsync(refusedToo, HttpStatusCode.Forbidden);
        Assert.Equal(0, host.Scalar("SELECT count(*) FROM budget_alerts WHERE acknowledged_utc IS NOT NULL"));

        using HttpRequestMessage sameOrigin = new(HttpMethod.Post, "/llm-costs/api/v1/alerts/5/acknowledge");
        sameOrigin.Headers.Add("Origin", "http://localhost");
        using HttpResponseMessage accepted = await host.Client.SendAsync(sameOrigin);
        await ApiHost.ReadAsync(accepted, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_pages_are_mapped_with_the_API_and_guarded_by_the_same_rules()
    {
        await using ApiHost host = await ApiHost.StartAsync(o => o.ReadOnly = true);
        foreach (string page in new[] { "/llm-costs/", "/llm-costs/budgets", "/llm-costs/assets/dashboard.css" })
        {
            using HttpResponseMessage served = await host.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.StartsWith("default-src 'self'", served.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            using HttpResponseMessage refused = await host.Client.SendAsync(Remote(HttpMethod.Get, page));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using HttpResponseMessage post = await host.Client.PostAsync("/llm-costs/budgets", new FormUrlEncodedContent([new("period", "day"), new("limit", "5")]));
        Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, post.StatusCode.ToString());
    }

    [Fact]
    public async Task Mapping_without_the_services_says_which_call_is_missing()
    {
        Microsoft.AspNetCore.Builder.WebApplication app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder().Build();
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => app.MapLlmCostDashboard("/llm-costs", o => o.DatabasePath = "x.db"));
        Assert.Contains("AddLlmCostDashboard", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    private static HttpRequestMessage Remote(HttpMethod method, string path)
    {
        HttpRequestMessage request = new(method, path);
        request.Headers.Add(ApiHost.RemoteHeader, "192.0.2.44");
        return request;
    }
}
