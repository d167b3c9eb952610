using System.ComponentModel;

namespace CostInstrumentation;

/// <summary>
/// What <see cref="LlmCallMeter.Admit"/> decided for one call: the model to call (the fallback when a hard limit
/// switched it) and the reservation the call holds until it is recorded. Generated shims pass it back when recording.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LlmAdmission
{
    internal LlmAdmission(string? model, BudgetReservation? reservation)
    {
        Model = model;
        Reservation = reservation;
    }

    /// <summary>The model to pass to the metered method (the <c>[LlmModel]</c> argument, or the budget's fallback).</summary>
    public string? Model { get; }

    internal BudgetReservation? Reservation { get; }
}
