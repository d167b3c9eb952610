using System.ComponentModel;

namespace CostInstrumentation;

/// <summary>
/// What <see cref="LlmCallMeter.Admit"/> decided for one call: the model to call (the fallback when a hard limit
/// switched it), the reservation the call holds until it is recorded, and the metered call it is part of. Generated shims
/// pass it back when recording.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LlmAdmission
{
    internal LlmAdmission(string? model, BudgetReservation? reservation, MeteredCallScope? scope = null, MeteredCallScope? deferredTo = null)
    {
        Model = model;
        Reservation = reservation;
        Scope = scope;
        DeferredTo = deferredTo;
    }

    /// <summary>The model to pass to the metered method (the <c>[LlmModel]</c> argument, or the budget's fallback).</summary>
    public string? Model { get; }

    internal BudgetReservation? Reservation { get; }

    /// <summary>The call's own "metered call in progress" marker; null while no middleware exists.</summary>
    internal MeteredCallScope? Scope { get; }

    /// <summary>For a middleware's call inside a shim's: that call, which records it.</summary>
    internal MeteredCallScope? DeferredTo { get; }
}
