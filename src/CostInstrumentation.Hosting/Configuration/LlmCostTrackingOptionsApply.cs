using System;
using System.Collections.Generic;
using CostInstrumentation.PricingFiles;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Hosting;

/// <summary>Turns the validated configuration into the runtime's <see cref="LlmCostOptions"/>.</summary>
internal static class LlmCostTrackingOptionsApply
{
    /// <summary>Sets up <paramref name="options"/> from <paramref name="tracking"/>; budgets name their key as their source.</summary>
    /// <exception cref="PricingFileException">The pricing file is invalid (its warnings go to <paramref name="logger"/>).</exception>
    public static void ApplyTo(this LlmCostTrackingOptions tracking, LlmCostOptions options, string keyPrefix, ILogger logger)
    {
        // The pricing file first: when it is invalid, nothing else has been opened yet.
        if (tracking.PricingFile is { } pricingFile)
        {
            PriceTable prices = PricingFileOverride.Load(pricingFile, out IReadOnlyList<PricingProblem> warnings);
            foreach (PricingProblem warning in warnings)
            {
                HostingLog.PricingFileWarning(logger, warning.Location, warning.Id, warning.Message);
            }

            options.UsePricingOverride(prices);
            HostingLog.PricingOverride(logger, pricingFile, prices.ModelCount, prices.Version);
        }

        if (tracking.SqlitePath is { Length: > 0 } sqlitePath)
        {
            options.UseSqlite(sqlitePath, sqlite => sqlite.Durability = tracking.SqliteDurability ?? sqlite.Durability);
        }

        options.DefaultProject = tracking.DefaultProject ?? options.DefaultProject;
        options.DefaultReservationUsd = tracking.DefaultReservationUsd ?? options.DefaultReservationUsd;

        if (tracking.DefaultMonthlyBudgetUsd is { } monthly)
        {
            options.AddBudget(WithThresholds(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Month, monthly) { Source = keyPrefix + nameof(tracking.DefaultMonthlyBudgetUsd) }, tracking.AlertThresholds));
        }

        for (int i = 0; i < tracking.Budgets.Count; i++)
        {
            LlmCostBudgetOptions budget = tracking.Budgets[i];
            foreach ((string key, BudgetPeriod period, decimal limit) in budget.Limits())
            {
                LlmBudget declared = new(budget.Scope, budget.Scope == BudgetScope.Global ? null : budget.Value, period, limit)
                {
                    HardLimit = budget.HardLimit,
                    Fallback = budget.Fallback,
                    Source = $"{keyPrefix}Budgets:{i}:{key}",
                };
                options.AddBudget(WithThresholds(declared, budget.WarnAt ?? tracking.AlertThresholds));
            }
        }

        if (tracking.Webhook is { Url: { } url } webhook)
        {
            options.UseBudgetWebhook(new Uri(url, UriKind.Absolute), delivery =>
            {
                delivery.MaxAttempts = webhook.MaxAttempts ?? delivery.MaxAttempts;
                delivery.InitialDelay = webhook.InitialDelay ?? delivery.InitialDelay;
                delivery.Timeout = webhook.Timeout ?? delivery.Timeout;
                delivery.Capacity = webhook.Capacity ?? delivery.Capacity;
            });
        }
    }

    private static LlmBudget WithThresholds(LlmBudget budget, IReadOnlyList<decimal>? thresholds) =>
        thresholds is null ? budget : budget with { WarnAt = thresholds };
}
