namespace CostInstrumentation;

/// <summary>A budget row of a cost store and its id (<see cref="ILlmBudgetStore.LoadEntered"/>).</summary>
public sealed record StoredBudget(long Id, LlmBudget Budget);
