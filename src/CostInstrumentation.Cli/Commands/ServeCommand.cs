using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using CostInstrumentation.Cli.Pricing;
using CostInstrumentation.Dashboard;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost serve [--db] [--urls http://127.0.0.1:5177] [--read-only] [--open]</c>: the dashboard and REST API of one
/// database, standalone, until Ctrl+C. Loopback by default; binding any other address needs a token, which is printed
/// (or taken from <c>LLMCOST_TOKEN</c>). Prices come from the same files as <c>llmcost pricing</c> (<c>--pricing</c>).
/// </summary>
internal static class ServeCommand
{
    /// <summary>The address served when none is given: this machine only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5177";

    private static readonly Option<string> Urls = new("--urls") { Description = "Where to listen, ';'-separated (default http://127.0.0.1:5177; another address needs the printed token).", HelpName = "URLS", DefaultValueFactory = _ => DefaultUrls };

    private static readonly Option<bool> ReadOnly = new("--read-only") { Description = "Serve no route that writes (budgets, acknowledgements, channel tests)." };

    private static readonly Option<bool> Open = new("--open") { Description = "Open the dashboard in the default browser." };

    public static Command Create(CliEnvironment environment)
    {
        Command command = new Command("serve", "The dashboard and REST API of the database, on http://127.0.0.1:5177 until Ctrl+C.").WithPricing();
        foreach (Option option in new Option[] { CommonOptions.Database, CommonOptions.TimeZone, Urls, ReadOnly, Open, AlertCommands.Webhook })
        {
            command.Add(option);
        }

        Invocation.Bind(command, environment, Run);
        return command;
    }

    private static int Run(Invocation invocation)
    {
        using WebApplication app = Build(invocation, invocation.Parse.GetValue(Urls)!, invocation.Parse.GetValue(ReadOnly), out string? token);
        app.StartAsync().GetAwaiter().GetResult();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        string link = token is null ? url + "/" : $"{url}/?token={token}";
        invocation.Environment.Out.WriteLine($"Serving the dashboard of {invocation.DatabaseName} at {link}{(invocation.Parse.GetValue(ReadOnly) ? " (read-only)" : "")}. Ctrl+C stops.");
        if (token is not null)
        {
            invocation.Environment.Out.WriteLine($"Other machines must bear the token: {token}");
        }

        invocation.Environment.Out.Flush();
        if (invocation.Parse.GetValue(Open))
        {
            OpenBrowser(link, invocation);
        }

        app.WaitForShutdownAsync().GetAwaiter().GetResult();
        return ExitCodes.Ok;
    }

    /// <summary>The app <c>serve</c> runs, not yet started; <paramref name="token"/> is set when an address other than loopback is bound.</summary>
    internal static WebApplication Build(Invocation invocation, string urls, bool readOnly, out string? token)
    {
        string[] addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0 || addresses.Any(a => !Uri.TryCreate(a.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ReportArgumentException($"--urls '{urls}' is not a list of http:// addresses such as http://127.0.0.1:5177.");
        }

        // Fails now, with exit code 3, rather than on the first request.
        CostReports.Open(invocation.DatabasePath).Dispose();
        PricingCatalogue catalogue = PricingSources.Load(invocation);
        (Uri Url, string From)? webhook = AlertCommands.FindWebhook(invocation);
        token = addresses.All(IsLoopback) ? null
            : invocation.Environment.Variable("LLMCOST_TOKEN") is { Length: > 0 } given ? given
            : Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().UseUrls(addresses);
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddLlmCostDashboard();
        WebApplication app = builder.Build();
        string? tokenValue = token;
        string path = invocation.DatabasePath;
        app.MapLlmCostDashboard("/", options =>
        {
            options.DatabasePath = path;
            options.ReadOnly = readOnly;
            options.Token = tokenValue;
            options.Prices = () => catalogue.Table.Prices;
            if (webhook is { Url: var url })
            {
                options.AlertChannels["webhook"] = cancellation => AlertCommands.SendTestAlertAsync(url, invocation, cancellation);
            }

            options.LocalZone = invocation.Zone;
            options.Clock = invocation.Environment.Clock;
        });
        return app;
    }

    /// <summary>localhost, 127.x or ::1; a wildcard or any other host is not.</summary>
    private static bool IsLoopback(string address)
    {
        string host = new Uri(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)).Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
    }

    private static void OpenBrowser(string link, Invocation invocation)
    {
        try
        {
            Process.Start(new ProcessStartInfo(link) { UseShellExecute = true })?.Dispose();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            invocation.Environment.Error.WriteLine($"llmcost: could not open a browser ({exception.Message}); open {link} yourself.");
        }
    }
}
