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
    /// <exception cref="PricingFileException">The file is missing or invalid: each error is named with file, line and column.</exception>
    public static LlmCostOptions UsePricingFile(this LlmCostOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UsePricingOverride(Load(path));
    }

    /// <summary>Reads <paramref name="path"/> into a table as the build would compile it.</summary>
    /// <exception cref="PricingFileException">The file is missing or invalid.</exception>
    public static PriceTable Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PricingCatalogue catalogue = PricingCatalogue.Load([Path.GetFullPath(path)]);
        return catalogue.HasErrors ? throw new PricingFileException(path, [.. catalogue.Problems.Where(p => p.IsError)]) : catalogue.Table;
    }
}

/// <summary>A pricing override that cannot be used: start-up stops rather than price calls with a half-read file.</summary>
public sealed class PricingFileException : Exception
{
    internal PricingFileException(string path, IReadOnlyList<PricingProblem> errors)
        : base($"The pricing file {path} cannot override the compiled prices:" + string.Concat(errors.Select(e => $"{Environment.NewLine}  {e.Location}: error {e.Id}: {e.Message}")))
    {
        Errors = errors;
    }

    /// <summary>Each error, located by file, line and column.</summary>
    public IReadOnlyList<PricingProblem> Errors { get; }
}
