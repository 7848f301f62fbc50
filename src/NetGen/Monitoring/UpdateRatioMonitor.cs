using System;
using System.Globalization;

namespace NetGen.Monitoring;

/// <summary>
/// NG6008: updates far too large or far too small for the weights they change. On the first update of an epoch it
/// measures, per layer, ‖ΔW‖/‖W‖ (the weights W only), which is about 1e-3 in healthy training (Karpathy's CS231n
/// notes, TheDeepChecker); it fires when the largest layer ratio stays above <see cref="MaxRatio"/> or below
/// <see cref="MinRatio"/> for <see cref="Patience"/> epochs.
/// </summary>
/// <remarks>
/// A measurement copies the parameters twice, which on a small network costs a few percent of an epoch, so it is made
/// in epoch 1 and then every <see cref="Interval"/> epochs while the ratios are within bounds, and in every epoch once
/// one is out of bounds: a ratio out of bounds from the start is reported in epoch <see cref="Patience"/>, one that
/// leaves the bounds later at most <see cref="Interval"/> − 1 epochs after that.
/// </remarks>
public sealed class UpdateRatioMonitor : TrainingMonitor
{
    private double _maxRatio = 1e-1;
    private double _minRatio = 1e-5;
    private int _patience = 3;
    private int _interval = 10;
    private int _highEpochs;
    private int _lowEpochs;
    private int _lastMeasuredEpoch;

    internal UpdateRatioMonitor()
        : base("NG6008", "update-to-weight ratio")
    {
    }

    /// <summary>Too large: 0.1 by default, 100 times the healthy 1e-3 (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 0.</exception>
    public double MaxRatio
    {
        get => _maxRatio;
        set => _maxRatio = Require(value, double.Epsilon, double.MaxValue, nameof(MaxRatio));
    }

    /// <summary>Too small: 1e-5 by default, a hundredth of the healthy 1e-3 (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number of at least 0.</exception>
    public double MinRatio
    {
        get => _minRatio;
        set => _minRatio = Require(value, 0, double.MaxValue, nameof(MinRatio));
    }

    /// <summary>The number of consecutive epochs the ratio must stay out of bounds; 3 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Patience
    {
        get => _patience;
        set => _patience = Require(value, 1, nameof(Patience));
    }

    /// <summary>
    /// While the ratios are within bounds, measure them every this many epochs (epochs 1, 1 + n, 1 + 2n, …); once one is
    /// out of bounds, every epoch until it is back. 10 by default (NetGen's choice: about 0.5 % of an epoch on the
    /// digits sample, docs/monitors/README.md); 1 measures every epoch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Interval
    {
        get => _interval;
        set => _interval = Require(value, 1, nameof(Interval));
    }

    internal override bool UsesUpdateRatios => true;

    /// <summary>Whether the first update of <paramref name="epoch"/> (counted from 1) is to be measured.</summary>
    internal bool Measures(int epoch) =>
        _lastMeasuredEpoch == 0 || _highEpochs > 0 || _lowEpochs > 0 || epoch - _lastMeasuredEpoch >= Interval;

    internal override void Begin(MonitorSession session)
    {
        _highEpochs = 0;
        _lowEpochs = 0;
        _lastMeasuredEpoch = 0;
    }

    internal override bool ChecksEveryEpoch => true;

    internal override void Epoch(MonitorSession session)
    {
        if (!session.UpdateRatiosMeasured)
        {
            return;
        }

        _lastMeasuredEpoch = session.Epoch;
        var ratios = session.UpdateRatios;
        var largest = 0;
        for (var l = 1; l < ratios.Length; l++)
        {
            largest = ratios[l] > ratios[largest] ? l : largest;
        }

        var ratio = ratios[largest];
        _highEpochs = ratio > MaxRatio ? _highEpochs + 1 : 0;
        _lowEpochs = ratio < MinRatio ? _lowEpochs + 1 : 0;
        if (_highEpochs >= Patience)
        {
            session.Report(this, largest + 1, string.Create(CultureInfo.InvariantCulture,
                $"the first update of epoch {session.Epoch} changed layer {largest + 1}'s weights by {Format(ratio)} of their norm (‖ΔW‖/‖W‖; healthy ≈ 1e-3, threshold {Format(MaxRatio)}), for {_highEpochs} epochs in a row. The learning rate is too high: lower it, or clip the gradients."));
        }
        else if (_lowEpochs >= Patience)
        {
            session.Report(this, largest + 1, string.Create(CultureInfo.InvariantCulture,
                $"the first update of epoch {session.Epoch} changed no layer's weights by more than {Format(ratio)} of their norm (layer {largest + 1}; ‖ΔW‖/‖W‖, healthy ≈ 1e-3, threshold {Format(MinRatio)}), for {_lowEpochs} epochs in a row. The learning rate is too low (or the gradients vanish): raise it, or use Adam."));
        }
    }
}
