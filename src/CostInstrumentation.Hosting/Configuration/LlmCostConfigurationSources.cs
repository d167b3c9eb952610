using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace CostInstrumentation.Hosting;

/// <summary>The configuration sections <c>AddLlmCostTracking</c> bound, so a problem is named by its full key.</summary>
internal sealed class LlmCostConfigurationSources
{
    private readonly List<IConfiguration> _sections = [];

    /// <summary>The prefix of every key a message names: the first section's path and a colon ("" for a root).</summary>
    public string KeyPrefix => _sections is [IConfigurationSection { Path: { Length: > 0 } path }, ..] ? path + ":" : "";

    public void Add(IConfiguration section) => _sections.Add(section);

    /// <summary>
    /// Why budget entries could not be bound: the binder skips a list element it cannot convert, silently, so each is
    /// bound again alone to get the binder's own message (it names the key).
    /// </summary>
    public IEnumerable<string> UnboundBudgets()
    {
        foreach (IConfigurationSection entry in _sections.SelectMany(section => section.GetSection(nameof(LlmCostTrackingOptions.Budgets)).GetChildren()))
        {
            string? problem = null;
            try
            {
                entry.Get<LlmCostBudgetOptions>();
            }
            catch (InvalidOperationException exception)
            {
                problem = exception.Message;
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    /// <summary>The paths of sections that are missing or empty.</summary>
    public IEnumerable<string> Missing() =>
        _sections.Where(section => !section.GetChildren().Any()).Select(section => (section as IConfigurationSection)?.Path ?? "(the configuration root)");
}
