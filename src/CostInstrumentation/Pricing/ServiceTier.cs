namespace CostInstrumentation;

/// <summary>The processing tiers a provider may bill at different rates.</summary>
public enum ServiceTier
{
    /// <summary>On-demand processing (OpenAI's <c>default</c>/<c>auto</c>).</summary>
    Standard,

    /// <summary>Batch API processing (LiteLLM's <c>_batches</c> rates).</summary>
    Batch,

    /// <summary>Flex processing (<c>_flex</c> rates).</summary>
    Flex,

    /// <summary>Priority processing (<c>_priority</c> rates).</summary>
    Priority,
}

/// <summary>Reads service-tier names as providers and attributes spell them.</summary>
public static class ServiceTierNames
{
    /// <summary>
    /// Parses a service-tier name, ignoring case. <see langword="null"/>, empty, <c>standard</c>,
    /// <c>default</c>, <c>auto</c> and <c>on_demand</c> mean <see cref="ServiceTier.Standard"/>.
    /// </summary>
    public static bool TryParse(string? name, out ServiceTier tier)
    {
        tier = ServiceTier.Standard;
        if (string.IsNullOrEmpty(name))
        {
            return true;
        }

        if (Is(name, "batch") || Is(name, "batches"))
        {
            tier = ServiceTier.Batch;
        }
        else if (Is(name, "flex"))
        {
            tier = ServiceTier.Flex;
        }
        else if (Is(name, "priority"))
        {
            tier = ServiceTier.Priority;
        }
        else if (!(Is(name, "standard") || Is(name, "default") || Is(name, "auto") || Is(name, "on_demand")))
        {
            return false;
        }

        return true;
    }

    private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);
}
