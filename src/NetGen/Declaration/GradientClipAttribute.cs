using System;

namespace NetGen;

/// <summary>
/// Clips the gradients before each optimizer update: first each element to [−MaxValue, MaxValue]
/// (<c>torch.nn.utils.clip_grad_value_</c>), then the global L2 norm over all parameters to MaxNorm
/// (<c>clip_grad_norm_</c>: scaled by <c>MaxNorm/(norm + 1e-6)</c> when that is below 1). Set either or both.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GradientClipAttribute : Attribute
{
    /// <summary>The largest global L2 norm of the gradients; not applied when not set.</summary>
    public double MaxNorm { get; set; } = double.NaN;

    /// <summary>The largest absolute value of any gradient element; not applied when not set.</summary>
    public double MaxValue { get; set; } = double.NaN;
}
