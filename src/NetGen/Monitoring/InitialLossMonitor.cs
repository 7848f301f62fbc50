using System;
using System.Globalization;

namespace NetGen.Monitoring;

/// <summary>
/// NG6003: a classification network whose loss before training is far from what an untrained network should give,
/// ln C for C classes with categorical cross-entropy and ln 2 for binary cross-entropy (each output at about ½).
/// Measured once, in inference mode, on the probe batch.
/// </summary>
public sealed class InitialLossMonitor : TrainingMonitor
{
    private double _maxRatio = 3;
    private double _minRatio = 0.5;

    internal InitialLossMonitor()
        : base("NG6003", "initial loss far from ln C")
    {
    }

    /// <summary>Fires when the initial loss is more than this many times the expected one; 3 by default (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number of at least 1.</exception>
    public double MaxRatio
    {
        get => _maxRatio;
        set => _maxRatio = Require(value, 1, double.MaxValue, nameof(MaxRatio));
    }

    /// <summary>Fires when the initial loss is below this share of the expected one; 0.5 by default (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number from 0 to 1.</exception>
    public double MinRatio
    {
        get => _minRatio;
        set => _minRatio = Require(value, 0, 1, nameof(MinRatio));
    }

    internal override bool UsesInitialLoss => true;

    internal override void Begin(MonitorSession session)
    {
        if (session.InitialLoss is not { } loss || !double.IsFinite(loss))
        {
            return;
        }

        var classes = session.Architecture.Loss == LossKind.CategoricalCrossEntropy ? session.Architecture.OutputCount : 2;
        var expected = Math.Log(classes);
        var ratio = loss / expected;
        if (ratio > MaxRatio || ratio < MinRatio)
        {
            var cause = ratio > MaxRatio
                ? "The untrained network is confidently wrong: its weights (or inputs) are too large for its outputs, or the last layer is initialized with a large gain. Standardize the inputs, use the default output initialization (Xavier) or scale the last layer down."
                : "The untrained network is already confident and right, which a random network should not be: check that the targets do not leak into the inputs.";
            session.Report(this, session.LayerCount, string.Create(CultureInfo.InvariantCulture,
                $"the loss before training is {Format(loss)}, {Format(ratio)} times ln {classes} = {Format(expected)}, the loss of uniform predictions (expected {Format(MinRatio)} to {Format(MaxRatio)} times). {cause}"));
        }
    }
}
