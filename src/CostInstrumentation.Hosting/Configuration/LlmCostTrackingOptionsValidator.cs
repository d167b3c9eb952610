using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Options;

namespace CostInstrumentation.Hosting;

/// <summary>
/// Checks the bound configuration at start-up (<c>ValidateOnStart</c>): every problem names its full key, e.g.
/// <c>CostInstrumentation:Budgets:0:MonthlyUsd must be &gt; 0</c>, and all of them stop the host together.
/// </summary>
internal sealed class LlmCostTrackingOptionsValidator(LlmCostConfigurationSources sources) : IValidateOptions<LlmCostTrackingOptions>
{
    private static readonly string[] ExportExtensions = [".csv", ".json", ".jsonl", ".xlsx"];

    public ValidateOptionsResult Validate(string? name, LlmCostTrackingOptions options)
    {
        string key = sources.KeyPrefix;
        List<string> problems = [.. sources.Missing().Select(path =>
            $"The configuration section '{path}' is missing or empty: add it (at least {{ \"SqlitePath\": \"costs.db\" }}) or register with AddLlmCostTracking(options => …)."), .. sources.UnboundBudgets()];

        if (options.DefaultReservationUsd < 0)
        {
            problems.Add($"{key}DefaultReservationUsd must be >= 0 (it is {options.DefaultReservationUsd}).");
        }

        if (options.DefaultMonthlyBudgetUsd <= 0)
        {
            problems.Add($"{key}DefaultMonthlyBudgetUsd must be > 0 (it is {options.DefaultMonthlyBudgetUsd}).");
        }

        CheckThresholds(options.AlertThresholds, $"{key}AlertThresholds", problems);
        for (int i = 0; i < options.Budgets.Count; i++)
        {
            CheckBudget(options.Budgets[i], $"{key}Budgets:{i}", problems);
        }

        if (options.Webhook is { } webhook)
        {
            CheckWebhook(webhook, $"{key}Webhook", problems);
        }

        if (options.PricingFile is { } pricingFile && !File.Exists(pricingFile))
        {
            problems.Add($"{key}PricingFile names no file: {Path.GetFullPath(pricingFile)}.");
        }

        if (options.ExportOnExit is { } export)
        {
            if (!ExportExtensions.Contains(Path.GetExtension(export), StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{key}ExportOnExit must end in .csv, .json, .jsonl or .xlsx (it is '{export}').");
            }

            if (string.IsNullOrEmpty(options.SqlitePath))
            {
                problems.Add($"{key}ExportOnExit needs {key}SqlitePath: the export reads the calls from that database.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckBudget(LlmCostBudgetOptions budget, string key, List<string> problems)
    {
        if (budget.Scope == BudgetScope.Global && budget.Value is not null)
        {
            problems.Add($"{key}:Value must be empty for a Global budget (it is '{budget.Value}'); set {key}:Scope to say what it limits.");
        }
        else if (budget.Scope != BudgetScope.Global && string.IsNullOrEmpty(budget.Value))
        {
            problems.Add($"{key}:Value is required for a {budget.Scope} budget: the {budget.Scope.ToString().ToLowerInvariant()} it limits.");
        }

        if (!budget.Limits().Any())
        {
            problems.Add($"{key} sets no limit: set one of PerCallUsd, DailyUsd, WeeklyUsd, MonthlyUsd or YearlyUsd.");
        }

        foreach ((string limitKey, _, decimal limit) in budget.Limits().Where(l => l.LimitUsd <= 0))
        {
            problems.Add($"{key}:{limitKey} must be > 0 (it is {limit}).");
        }

        CheckThresholds(budget.WarnAt, $"{key}:WarnAt", problems);
    }

    private static void CheckThresholds(decimal[]? thresholds, string key, List<string> problems)
    {
        for (int i = 0; i < (thresholds?.Length ?? 0); i++)
        {
            decimal threshold = thresholds![i];
            if (threshold <= 0 || threshold >= 1)
            {
                problems.Add($"{key}:{i} must be a fraction between 0 and 1, both excluded (it is {threshold}).");
            }
            else if (i > 0 && threshold <= thresholds[i - 1])
            {
                problems.Add($"{key}:{i} must be greater than {key}:{i - 1} (thresholds increase).");
            }
        }
    }

    private static void CheckWebhook(LlmCostWebhookOptions webhook, string key, List<string> problems)
    {
        if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{key}:Url must be an absolute http or https URL (it is '{webhook.Url}').");
        }

        if (webhook.MaxAttempts < 1)
        {
            problems.Add($"{key}:MaxAttempts must be >= 1 (it is {webhook.MaxAttempts}).");
        }

        if (webhook.InitialDelay < TimeSpan.Zero)
        {
            problems.Add($"{key}:InitialDelay must not be negative (it is {webhook.InitialDelay}).");
        }

        if (webhook.Timeout <= TimeSpan.Zero)
        {
            problems.Add($"{key}:Timeout must be > 0 (it is {webhook.Timeout}).");
        }

        if (webhook.Capacity < 1)
        {
            problems.Add($"{key}:Capacity must be >= 1 (it is {webhook.Capacity}).");
        }
    }
}
