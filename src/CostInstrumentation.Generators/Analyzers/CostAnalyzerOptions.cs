using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>
/// The analyzers' options (docs/configuration.md): an .editorconfig/.globalconfig key wins over the MSBuild
/// property, and a key set for a source file wins over the global one.
/// </summary>
internal sealed class CostAnalyzerOptions
{
    public const string ExpensiveThresholdKey = "llmcost.expensive_output_usd_per_mtok";
    public const string ExpensiveThresholdProperty = "build_property.LlmExpensiveOutputUsdPerMTok";
    public const string ExpensiveModelsKey = "llmcost.expensive_models";
    public const string ExpensiveModelsProperty = "build_property.LlmExpensiveModels";
    public const string DeprecationDaysKey = "llmcost.deprecation_warning_days";
    public const string DeprecationDaysProperty = "build_property.LlmDeprecationWarningDays";
    public const decimal DefaultExpensiveThreshold = 10m;
    public const int DefaultDeprecationDays = 30;

    private CostAnalyzerOptions(decimal expensiveThreshold, HashSet<string> expensiveModels, int deprecationDays)
    {
        ExpensiveOutputUsdPerMillion = expensiveThreshold;
        ExpensiveModels = expensiveModels;
        DeprecationWarningDays = deprecationDays;
    }

    /// <summary>A model whose output costs at least this much per million tokens is expensive.</summary>
    public decimal ExpensiveOutputUsdPerMillion { get; }

    /// <summary>Models expensive whatever their price (e.g. for a team's policy).</summary>
    public HashSet<string> ExpensiveModels { get; }

    /// <summary>A model this many days or fewer before its deprecation date is reported already.</summary>
    public int DeprecationWarningDays { get; }

    public static CostAnalyzerOptions For(AnalyzerOptions options, SyntaxTree tree)
    {
        AnalyzerConfigOptions file = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        AnalyzerConfigOptions global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        string? Read(string key, string property) =>
            file.TryGetValue(key, out string? value) || global.TryGetValue(key, out value) || global.TryGetValue(property, out value)
                ? value
                : null;

        decimal threshold = decimal.TryParse(Read(ExpensiveThresholdKey, ExpensiveThresholdProperty), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal parsed) && parsed >= 0
            ? parsed
            : DefaultExpensiveThreshold;
        HashSet<string> models = new(
            (Read(ExpensiveModelsKey, ExpensiveModelsProperty) ?? string.Empty)
                .Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(m => m.Trim())
                .Where(m => m.Length > 0),
            StringComparer.Ordinal);
        int days = int.TryParse(Read(DeprecationDaysKey, DeprecationDaysProperty), NumberStyles.Integer, CultureInfo.InvariantCulture, out int d) && d >= 0
            ? d
            : DefaultDeprecationDays;
        return new CostAnalyzerOptions(threshold, models, days);
    }
}
