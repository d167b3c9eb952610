using System.ComponentModel;

namespace CostInstrumentation;

/// <summary>
/// What the generator knows at compile time about one call of a metered method. Generated shims hold
/// one per call site in a static field, so recording a call allocates nothing for it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MeteredCallSite
{
    /// <summary>Called by generated code.</summary>
    public MeteredCallSite(string operation, string callSite, string? model, string? provider, string? project, string[]? tags, string? serviceTier, ModelPrice? price)
    {
        Operation = operation;
        CallSite = callSite;
        Model = model;
        Provider = provider;
        Project = project;
        Tags = tags ?? [];
        ServiceTier = ServiceTierNames.TryParse(serviceTier, out ServiceTier tier) ? tier : CostInstrumentation.ServiceTier.Standard;
        ServiceTierName = serviceTier;
        Price = price;
    }

    /// <summary>
    /// A site for a middleware that meters calls it sees at run time (an <c>IChatClient</c> pipeline): no model or price
    /// fixed, and its calls defer to a shim's call they are part of (see <see cref="MeteredCallScope"/>).
    /// </summary>
    public static MeteredCallSite ForMiddleware(string operation, string callSite, string? provider, string? project, string[]? tags, string? serviceTier)
    {
        MeteredCallScope.Enable();
        return new MeteredCallSite(operation, callSite, model: null, provider, project, tags, serviceTier, price: null) { IsMiddleware = true };
    }

    /// <summary>The metered method, fully qualified.</summary>
    public string Operation { get; }

    /// <summary><c>file:line</c> of the call.</summary>
    public string CallSite { get; }

    /// <summary>The model fixed by the attribute, if any.</summary>
    public string? Model { get; }

    /// <summary>The provider named by the attribute, if any.</summary>
    public string? Provider { get; }

    /// <summary>The project named by the attribute, if any.</summary>
    public string? Project { get; }

    /// <summary>The attribute's tags.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The service tier the calls are billed at.</summary>
    public ServiceTier ServiceTier { get; }

    /// <summary>The service tier as the attribute names it.</summary>
    public string? ServiceTierName { get; }

    /// <summary>The price of <see cref="Model"/>, compiled in as constants when the model is fixed and priced.</summary>
    public ModelPrice? Price { get; }

    /// <summary>Whether a middleware, not a generated shim, meters calls here.</summary>
    internal bool IsMiddleware { get; private init; }
}
