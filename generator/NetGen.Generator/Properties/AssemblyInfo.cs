using System.Runtime.CompilerServices;

// The generator-time benchmarks time the parser and the emitter on their own, besides the whole driver.
[assembly: InternalsVisibleTo("NetGen.Benchmarks")]
