using System;
using System.Collections.Generic;

namespace CostInstrumentation.Contract;

/// <summary>
/// Every way a budget scope or period is spelled: the enum member (generated code), the <c>[LlmBudget]</c> amount
/// property, the budget-file value and the stored value (<c>budgets</c> table, webhook payload).
/// </summary>
internal static class BudgetSpellings
{
    // One row per period, in enum order: member, [LlmBudget] property, budget file, stored.
    private static readonly (BudgetPeriodKind Period, string Attribute, string File, string Stored)[] Periods =
    {
        (BudgetPeriodKind.PerCall, "PerCallUsd", "call", "per_call"),
        (BudgetPeriodKind.Day, "DailyUsd", "day", "day"),
        (BudgetPeriodKind.Week, "WeeklyUsd", "week", "week"),
        (BudgetPeriodKind.Month, "MonthlyUsd", "month", "month"),
        (BudgetPeriodKind.Year, "YearlyUsd", "year", "year"),
    };

    private static readonly BudgetScopeKind[] Scopes =
    {
        BudgetScopeKind.Global, BudgetScopeKind.Provider, BudgetScopeKind.Model, BudgetScopeKind.Project,
        BudgetScopeKind.Session, BudgetScopeKind.Tag, BudgetScopeKind.Operation,
    };

    /// <summary>Every period, in enum order.</summary>
    public static IEnumerable<BudgetPeriodKind> AllPeriods
    {
        get
        {
            foreach (var row in Periods)
            {
                yield return row.Period;
            }
        }
    }

    /// <summary>Every scope, in enum order.</summary>
    public static IReadOnlyList<BudgetScopeKind> AllScopes => Scopes;

    /// <summary>The <c>[LlmBudget]</c> amount properties, in period order.</summary>
    public static IEnumerable<string> AttributeProperties
    {
        get
        {
            foreach (var row in Periods)
            {
                yield return row.Attribute;
            }
        }
    }

    /// <summary>The enum member name, as generated code spells it (<c>BudgetScope.Model</c>).</summary>
    public static string Member(BudgetScopeKind scope) => scope.ToString();

    /// <summary>The enum member name, as generated code spells it (<c>BudgetPeriod.PerCall</c>).</summary>
    public static string Member(BudgetPeriodKind period) => period.ToString();

    /// <summary>The scope in a budget file and in the <c>budgets</c> table: lower case (<c>model</c>).</summary>
    public static string Stored(BudgetScopeKind scope) => scope.ToString().ToLowerInvariant();

    /// <summary>The period in the <c>budgets</c> table and the webhook payload (<c>per_call</c>, <c>day</c>, …).</summary>
    public static string Stored(BudgetPeriodKind period) => Row(period).Stored;

    /// <summary>The period in a budget file (<c>call</c>, <c>day</c>, …).</summary>
    public static string InFile(BudgetPeriodKind period) => Row(period).File;

    /// <summary>The <c>[LlmBudget]</c> property that sets the period's amount (<c>PerCallUsd</c>, <c>DailyUsd</c>, …).</summary>
    public static string AttributeProperty(BudgetPeriodKind period) => Row(period).Attribute;

    /// <summary>A stored scope, ignoring case; the member name is read too.</summary>
    public static bool TryParseStored(string text, out BudgetScopeKind scope) =>
        TryFind(candidate => string.Equals(text, Member(candidate), StringComparison.OrdinalIgnoreCase), out scope);

    /// <summary>A stored period, ignoring case; the member name is read too (<c>per_call</c>, <c>PerCall</c>).</summary>
    public static bool TryParseStored(string text, out BudgetPeriodKind period) =>
        TryFind(row => string.Equals(text, row.Stored, StringComparison.OrdinalIgnoreCase) || string.Equals(text, Member(row.Period), StringComparison.OrdinalIgnoreCase), out period);

    /// <summary>A budget file's scope: exactly as <see cref="Stored(BudgetScopeKind)"/> spells it.</summary>
    public static bool TryParseFile(string text, out BudgetScopeKind scope) =>
        TryFind(candidate => string.Equals(text, Stored(candidate), StringComparison.Ordinal), out scope);

    /// <summary>A budget file's period: exactly as <see cref="InFile"/> spells it.</summary>
    public static bool TryParseFile(string text, out BudgetPeriodKind period) =>
        TryFind(row => string.Equals(text, row.File, StringComparison.Ordinal), out period);

    /// <summary>The period an <c>[LlmBudget]</c> amount property sets.</summary>
    public static bool TryParseAttributeProperty(string property, out BudgetPeriodKind period) =>
        TryFind(row => string.Equals(property, row.Attribute, StringComparison.Ordinal), out period);

    private static (BudgetPeriodKind Period, string Attribute, string File, string Stored) Row(BudgetPeriodKind period) =>
        Periods[(int)period];

    private static bool TryFind(Func<BudgetScopeKind, bool> match, out BudgetScopeKind scope)
    {
        foreach (BudgetScopeKind candidate in Scopes)
        {
            if (match(candidate))
            {
                scope = candidate;
                return true;
            }
        }

        scope = default;
        return false;
    }

    private static bool TryFind(Func<(BudgetPeriodKind Period, string Attribute, string File, string Stored), bool> match, out BudgetPeriodKind period)
    {
        foreach (var row in Periods)
        {
            if (match(row))
            {
                period = row.Period;
                return true;
            }
        }

        period = default;
        return false;
    }
}
