using AnalyzerTour;
using CostInstrumentation;

Tour tour = new();
tour.Misspelt("hello");
tour.NoUsage("hello");
tour.CallHidden();
tour.Retired("hello");
tour.Anonymous("hello");
tour.Chosen("gpt-4o-mini", "hello");
tour.CoveredByBudgetFile("hello");

// LLMC104: through a delegate, Cheap runs unmetered. (A lambda, p => tour.Cheap(p), would be metered.)
Func<string, LlmUsage> cheap = tour.Cheap;
cheap("hello");

Budgets budgets = new();
budgets.Unbudgeted("hello");
budgets.TooTight("hello");
budgets.Budgeted("hello");

Console.WriteLine("The build of this sample is the tour: see README.md for the diagnostics it shows.");
