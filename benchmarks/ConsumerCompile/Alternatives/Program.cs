using System;
using System.Diagnostics;
using System.Globalization;
using CostInstrumentation;

// The first lookup through the compiled shape, in this fresh process (type initialiser, JIT, index).
long start = Stopwatch.GetTimestamp();
ModelPrice? price = Shape.Find("gpt-4o");
TimeSpan first = Stopwatch.GetElapsedTime(start);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Shape.Name} {Shape.Models} models: first lookup {first.TotalMilliseconds:0.000} ms, gpt-4o input {(price is null ? "-" : (price.BaseRates.Input * 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture))} USD/1M"));
return 0;
