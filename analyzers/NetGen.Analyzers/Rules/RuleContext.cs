using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers.Rules;

/// <summary>One valid network declaration under judgment: its spec, where each part is written, its options and the sink.</summary>
internal sealed class RuleContext(NetworkSpec spec, DeclarationSites sites, AnalyzerConfigOptions options, Action<Diagnostic> report)
{
    public NetworkSpec Spec { get; } = spec;

    public DeclarationSites Sites { get; } = sites;

    public int HiddenLayerCount => Spec.Layers.Count - 1;

    /// <summary>An integer threshold from <c>.editorconfig</c> (<c>netgen.NGxxxx.key = value</c>), or the default when absent or unreadable.</summary>
    public int Threshold(string id, string key, int fallback) =>
        options.TryGetValue($"netgen.{id}.{key}", out var text)
        && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;

    /// <summary>A real-valued threshold from <c>.editorconfig</c>, or the default when absent or unreadable.</summary>
    public double Threshold(string id, string key, double fallback) =>
        options.TryGetValue($"netgen.{id}.{key}", out var text)
        && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && !double.IsNaN(value)
            ? value
            : fallback;

    public void Report(
        DiagnosticDescriptor descriptor,
        Location location,
        string message,
        DiagnosticSeverity? severity = null,
        IEnumerable<Location>? additionalLocations = null,
        ImmutableDictionary<string, string?>? properties = null) =>
        report(Diagnostic.Create(descriptor, location, severity ?? descriptor.DefaultSeverity, additionalLocations, properties, message));

    public static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}

/// <summary>Facts about activations the rules share.</summary>
internal static class Activations
{
    /// <summary>The rectifier family: He initialization fits them, Xavier halves their signal per layer.</summary>
    public static bool IsReLUFamily(Activation activation) =>
        activation is Activation.ReLU or Activation.LeakyReLU or Activation.PReLU or Activation.ELU or Activation.GELU;

    public static bool IsXavier(Init init) => init is Init.XavierNormal or Init.XavierUniform;

    /// <summary>The initializers that keep the variance of an activation passing the whole signal (about 1/fan_in), half of He's.</summary>
    public static bool KeepsSymmetricVariance(Init init) =>
        init is Init.XavierNormal or Init.XavierUniform or Init.LeCunNormal or Init.LeCunUniform or Init.Orthogonal;

    public static bool IsHe(Init init) => init is Init.HeNormal or Init.HeUniform;
}
