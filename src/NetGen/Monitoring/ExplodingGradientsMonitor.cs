using System;
using System.Globalization;
using System.Linq;

namespace NetGen.Monitoring;

/// <summary>
/// NG6007: gradients that grow through the network towards the input (the first layer's gradient norm more than 70
/// times the last layer's, as AUTOTRAINER) or that grow during training (an update's global gradient norm 100 times
/// the mean of the first updates').
/// </summary>
public sealed class ExplodingGradientsMonitor : TrainingMonitor
{
    private double _minRatio = 70;
    private double _growthFactor = 100;
    private int _referenceUpdates = 10;
    private double _referenceSum;
    private int _referenceCount;

    internal ExplodingGradientsMonitor()
        : base("NG6007", "exploding gradients")
    {
    }

    /// <summary>Fires when an epoch's mean first-layer gradient norm is above this many times the last layer's; 70 by default, as AUTOTRAINER.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 1.</exception>
    public double MinRatio
    {
        get => _minRatio;
        set => _minRatio = Require(value, 1, double.MaxValue, nameof(MinRatio));
    }

    /// <summary>Fires when an update's global gradient norm is above this many times the mean of the first <see cref="ReferenceUpdates"/>; 100 by default (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 1.</exception>
    public double GrowthFactor
    {
        get => _growthFactor;
        set => _growthFactor = Require(value, 1, double.MaxValue, nameof(GrowthFactor));
    }

    /// <summary>The number of first updates whose mean gradient norm is the reference for <see cref="GrowthFactor"/>; 10 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int ReferenceUpdates
    {
        get => _referenceUpdates;
        set => _referenceUpdates = Require(value, 1, nameof(ReferenceUpdates));
    }

    internal override bool ChecksEveryEpoch => true;

    internal override void Begin(MonitorSession session)
    {
        _referenceSum = 0;
        _referenceCount = 0;
    }

    /// <summary>
    /// The smallest global gradient norm <see cref="Batch"/> has anything to do with (non-finite norms aside, which it
    /// leaves to NG6001): every norm while the reference is measured, then the threshold, <see cref="GrowthFactor"/>
    /// times the reference, computed as <see cref="Batch"/> computes it; +∞ when the reference is 0 (it never fires then).
    /// </summary>
    internal double GradientNormBound
    {
        get
        {
            if (_referenceCount < ReferenceUpdates)
            {
                return double.NegativeInfinity;
            }

            var reference = _referenceSum / _referenceCount;
            return reference > 0 ? GrowthFactor * reference : double.PositiveInfinity;
        }
    }

    /// <summary>After every update at or above <see cref="GradientNormBound"/>, called directly by <see cref="TrainingMonitors"/>: a few comparisons.</summary>
    internal void Batch(MonitorSession session)
    {
        var norm = session.GradientNorm;
        if (!double.IsFinite(norm))
        {
            return; // NG6001's
        }

        // The reference is the mean of the first updates' norms seen so far, so an explosion within them still shows.
        if (_referenceCount > 0)
        {
            var reference = _referenceSum / _referenceCount;
            if (reference > 0 && norm > GrowthFactor * reference)
            {
                session.Report(this, null, string.Create(CultureInfo.InvariantCulture,
                    $"the global gradient norm of update {session.Step} is {Format(norm)}, {Format(norm / reference)} times the mean {Format(reference)} of the first {_referenceCount} updates (threshold {Format(GrowthFactor)} times; loss {Format(session.BatchLoss)}). Lower the learning rate or clip the gradients ([GradientClip(MaxNorm = 1)])."));
                return;
            }
        }

        if (_referenceCount < ReferenceUpdates)
        {
            _referenceSum += norm;
            _referenceCount++;
        }
    }

    internal override void Epoch(MonitorSession session)
    {
        if (session.Record is not { } record || record.LayerGradientNorms.Count < 2)
        {
            return;
        }

        var norms = record.LayerGradientNorms;
        if (!(norms[^1] > 0) || !double.IsFinite(norms[0]))
        {
            return;
        }

        var ratio = norms[0] / norms[^1];
        if (ratio > MinRatio)
        {
            session.Report(this, 1, string.Create(CultureInfo.InvariantCulture,
                $"the first layer's mean gradient norm {Format(norms[0])} is {Format(ratio)} times the last layer's {Format(norms[^1])} (threshold {Format(MinRatio)}); per layer, first to last: {string.Join(", ", norms.Select(Format))}. Lower the learning rate, clip the gradients, or use batch norm and a smaller initialization gain."));
        }
    }
}
