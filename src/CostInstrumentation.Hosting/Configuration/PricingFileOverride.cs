using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CostInstrumentation.PricingFiles;

namespace CostInstrumentation.Hosting;

/// <summary>
/// A pricing file read at start-up that overrides the compiled prices of the models it lists — for the day a provider
/// changes prices and a redeploy is not an option. Read and validated by the build's own parser (the LLMC0xx checks).
/// </summary>
public static class PricingFileOverride
{
    /// <summary>
    /// Reads <paramref name="path"/> now and prices the models it lists with it for as long as the pipeline built from
    /// <paramref name="options"/> lives (<see cref="LlmCostOptions.UsePricingOverride"/>); their calls record its version.
    /// </summary>
    /// <exception cref="PricingFileException">The file is invalid or prices no model: each problem is named with file, line and column.</exception>
    public static LlmCostOptions UsePricingFile(this LlmCostOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UsePricingOverride(Load(path, out _));
    }

    /// <summary>
    /// Reads <paramref name="path"/> into a table as the build would compile it; <paramref name="warnings"/> are what the
    /// build would warn about (an unknown field, say), which do not stop start-up.
    /// </summary>
    /// <exception cref="PricingFileException">The file has an error a build would fail on, or prices no model.</exception>
    public static PriceTable Load(string path, out IReadOnlyList<PricingProblem> warnings)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PricingCatalogue catalogue = PricingCatalogue.Load([Path.GetFullPath(path)]);
        warnings = [.. catalogue.Problems.Where(p => !p.IsError)];
        // A build only warns about a file that prices nothing; an override that prices nothing is a mistake.
        return catalogue.HasErrors || catalogue.Table.ModelCount == 0
            ? throw new PricingFileException(path, [.. catalogue.Problems.Where(p => p.IsError || catalogue.Table.ModelCount == 0)])
            : catalogue.Table;
    }
}

/// <summary>A pricing override that cannot be used: start-up stops rather than price calls with a half-read file.</summary>
public sealed class PricingFileException : Exception
{
    internal PricingFileException(string path, IReadOnlyList<PricingProblem> errors)
        : base($"The pricing file {path} cannot override the compiled prices:" + string.Concat(errors.Select(e => $"{Environment.NewLine}  {e.Location}: {e.Severity} {e.Id}: {e.Message}")))
    {
        Errors = errors;
    }

    /// <summary>Each problem that stopped it, located by file, line and column.</summary>
    public IReadOnlyList<PricingProblem> Errors { get; }
}
