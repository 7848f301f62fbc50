using System;

namespace NetGen.Tests;

/// <summary>
/// Compares a network's analytic gradients with central finite differences of its loss, in double precision: relative
/// error below 1e-6, or below 1e-9 absolutely for gradients that are zero up to round-off.
/// </summary>
public static class GradientChecker
{
    /// <param name="network">The network at the point to check; its parameters are restored afterwards.</param>
    /// <param name="loss">Computes the loss (and the gradients) at the network's current parameters.</param>
    /// <param name="name">Names the case in failure messages.</param>
    /// <param name="fourthOrder">Use the fourth-order formula, for losses that curve sharply (small-batch statistics).</param>
    public static void AssertMatches(INetwork<double> network, Func<double> loss, string name, bool fourthOrder = false)
    {
        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);
        loss();
        var analytic = new double[network.ParameterCount];
        network.GetGradients(analytic);

        var step = fourthOrder ? 1e-4 : 1e-5;
        for (var k = 0; k < parameters.Length; k++)
        {
            var original = parameters[k];
            double At(double value)
            {
                parameters[k] = value;
                network.SetParameters(parameters);
                return loss();
            }

            var numeric = fourthOrder
                ? (At(original - 2 * step) - 8 * At(original - step) + 8 * At(original + step) - At(original + 2 * step)) / (12 * step)
                : (At(original + step) - At(original - step)) / (2 * step);
            parameters[k] = original;
            network.SetParameters(parameters);

            var error = Math.Abs(analytic[k] - numeric);
            Assert.True(
                error <= 1e-6 * Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)) + 1e-9,
                $"{name}: parameter {k}: analytic {analytic[k]:R}, numeric {numeric:R}, error {error:E2}");
        }
    }
}
