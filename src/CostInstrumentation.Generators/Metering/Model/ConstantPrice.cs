namespace CostInstrumentation.Generators.Metering.Model;

/// <summary>
/// The constant price compiled into the call sites of one model id (or alias): the interceptors depend on these
/// few values, not on the whole catalogue, so editing the price of a model no site calls re-emits nothing.
/// </summary>
/// <param name="Model">The id as the call sites name it.</param>
/// <param name="Expression">The C# expression that builds its <c>ModelPrice</c>.</param>
internal sealed record ConstantPrice(string Model, string Expression);
