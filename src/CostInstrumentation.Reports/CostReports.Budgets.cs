namespace CostInstrumentation.Reports;

/// <summary>Budgets (UTC periods, as they are enforced) and alerts.</summary>
public sealed partial class CostReports
{
    private const decimal HoursPerDay = 24m;

    /// <summary>Every budget row with its spend in the period containing <paramref name="nowUtc"/> and its projection, by id.</summary>
    public IReadOnlyList<BudgetReportRow> Budgets(DateTimeOffset nowUtc) => Read(() =>
    {
        Dictionary<long, BudgetSettings> settings = _source.BudgetSettings();
        return _source.BudgetStatus(nowUtc).Select(row => Project(row, settings.GetValueOrDefault(row.Id) ?? new BudgetSettings(null, [], false, true), nowUtc)).ToList();
    });

    /// <summary>Budget alerts, newest first; acknowledged ones too when <paramref name="includeAcknowledged"/>.</summary>
    public IReadOnlyList<BudgetAlertRow> Alerts(bool includeAcknowledged) => Read(() => _source.Alerts(includeAcknowledged));

    /// <summary>
    /// Writes <paramref name="budget"/> as an entered <c>budgets</c> row (replacing the entered row with the same scope,
    /// value and period), which an application recording to this database enforces within its
    /// <see cref="LlmCostOptions.BudgetRefreshInterval"/>, or from its next start. Returns the row id and whether it was new.
    /// </summary>
    public (long Id, bool Created) SetBudget(LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return Read(() => _source.SetBudget(budget));
    }

    /// <summary>
    /// Turns an entered budget row on or off; a running application follows within its
    /// <see cref="LlmCostOptions.BudgetRefreshInterval"/>. Returns whether the row changed (false: it already was).
    /// </summary>
    public bool EnableBudget(long id, bool enabled) => Read(() => _source.EnableBudget(id, enabled));

    /// <summary>Replaces every setting of the entered budget row <paramref name="id"/> (a declared one is refused: change it where it is declared).</summary>
    public void UpdateBudget(long id, LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Read(() =>
        {
            _source.UpdateBudget(id, budget);
            return true;
        });
    }

    /// <summary>Removes an entered budget row and its alerts (a declared budget's row is refused: change it where it is declared).</summary>
    public void RemoveBudget(long id) => Read(() =>
    {
        _source.RemoveBudget(id);
        return true;
    });

    /// <summary>Marks an alert acknowledged (the first acknowledgement's time is kept).</summary>
    public void AcknowledgeAlert(long id) => Read(() =>
    {
        _source.AcknowledgeAlert(id);
        return true;
    });

    private static BudgetReportRow Project(BudgetStatusRow row, BudgetSettings settings, DateTimeOffset now)
    {
        BudgetHealth health = !settings.Enabled ? BudgetHealth.Disabled
            : row.Fraction >= 1m ? BudgetHealth.Limit
            : settings.WarnAt.Count > 0 && row.Fraction >= settings.WarnAt[0] ? BudgetHealth.Warning
            : BudgetHealth.Ok;
        if (!BudgetNames.TryParse(row.Period, out BudgetPeriod period) || period == BudgetPeriod.PerCall)
        {
            return new BudgetReportRow(row, settings.Fallback, settings.WarnAt, settings.Declared, null, null, null, null, null, null, settings.Enabled ? BudgetHealth.Ok : BudgetHealth.Disabled, settings.Enabled);
        }

        DateTimeOffset end = UtcPeriods.End(period, row.PeriodStartUtc);
        // Whole hours elapsed (at least one), so a period's first minutes do not project an absurd pace.
        decimal elapsedDays = Math.Max(1m, (decimal)Math.Floor((now - row.PeriodStartUtc).TotalHours)) / HoursPerDay;
        decimal totalDays = (decimal)(end - row.PeriodStartUtc).TotalHours / HoursPerDay;
        decimal perDay = row.SpentUsd / elapsedDays;
        DateTimeOffset? reached = null;
        if (row.SpentUsd < row.LimitUsd && perDay > 0)
        {
            decimal daysToLimit = (row.LimitUsd - row.SpentUsd) / perDay;
            DateTimeOffset at = now.AddHours((double)(daysToLimit * HoursPerDay));
            reached = at < end ? at : null;
        }

        return new BudgetReportRow(row, settings.Fallback, settings.WarnAt, settings.Declared, end,
            Math.Max(0m, row.LimitUsd - row.SpentUsd),
            Math.Round((decimal)(end - now).TotalHours / HoursPerDay, 2),
            decimal.Round(perDay, 9),
            decimal.Round(perDay * totalDays, 9),
            reached,
            health,
            settings.Enabled);
    }
}
