namespace CostInstrumentation;

/// <summary>
/// Who a call is — provider, model, operation, project, session, tags — and its price, resolved in one place for
/// admission, recording and estimates. The call site's attributes come first, then the call's own arguments, then the
/// ambient <see cref="LlmCostContext"/>, then the pipeline's default project.
/// </summary>
internal readonly record struct CallIdentity(BudgetSubject Subject, ModelPrice? Price)
{
    /// <summary>
    /// Resolves a call of <paramref name="model"/> at <paramref name="site"/> (null for an estimate, which has no call
    /// site and so no operation); <paramref name="responseModel"/> prices the call when <paramref name="model"/> does not.
    /// </summary>
    internal static CallIdentity Resolve(MeteredCallSite? site, string model, string? responseModel, string? sessionId, string? defaultProject)
    {
        // A model fixed by the attribute was priced at compile time (unless a pricing override lists it); any other is looked up by name.
        ModelPrice? price = site is { Model: { } fixedModel, Price: { } compiled } ? LlmPricing.OverrideOr(fixedModel, compiled) : Lookup(model, responseModel);
        LlmCostContext? context = LlmCostContext.Current;
        return new CallIdentity(
            new BudgetSubject(
                site?.Provider ?? price?.Provider ?? string.Empty,
                model,
                site?.Project ?? context?.Project ?? defaultProject,
                sessionId ?? context?.SessionId,
                MergeTags(site?.Tags ?? [], context?.Tags),
                site?.Operation),
            price);
    }

    private static ModelPrice? Lookup(string model, string? responseModel) =>
        model.Length > 0 && LlmPricing.TryGetPrice(model, out ModelPrice? price) ? price
        : responseModel is not null && responseModel != model && LlmPricing.TryGetPrice(responseModel, out price) ? price
        : null;

    private static IReadOnlyList<string> MergeTags(IReadOnlyList<string> siteTags, IReadOnlyList<string>? contextTags) =>
        contextTags is null || contextTags.Count == 0 ? siteTags
        : siteTags.Count == 0 ? contextTags
        : Union(siteTags, contextTags);

    // Kept apart: a lambda capturing MergeTags' parameters would allocate its closure on every call.
    private static string[] Union(IReadOnlyList<string> siteTags, IReadOnlyList<string> contextTags) =>
        [.. siteTags, .. contextTags.Where(t => !siteTags.Contains(t))];
}
