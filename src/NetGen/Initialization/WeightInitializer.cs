using System;
using System.Buffers;
using System.ComponentModel;

namespace NetGen.Initialization;

/// <summary>Fills a layer's weight matrix as its <see cref="Init"/> prescribes, identically on every platform.</summary>
/// <remarks>
/// <para>
/// Formulas follow PyTorch's <c>torch.nn.init</c> with untruncated normals, <c>fan_in</c> = inputs and
/// <c>fan_out</c> = units. The numbers come from <see cref="DeterministicRandom.ForStream"/>(seed, layerIndex), so a
/// layer's weights depend only on the network's seed, the layer's index and its own settings.
/// </para>
/// <para>
/// Everything is computed in double with <c>+ − × ÷</c> and <see cref="Math.Sqrt"/> in a fixed order (RyuJIT neither
/// reassociates nor fuses floating-point operations), so the same arguments give bit-identical weights on every
/// machine and .NET version. Changing the order of draws or any formula here changes every network's initial
/// weights.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)] // public for the generated code in users' assemblies, which alone should call it
public static class WeightInitializer
{
    /// <summary>Fills <paramref name="weights"/> with the initial weights of one layer.</summary>
    /// <remarks>
    /// <para>
    /// The layout is PyTorch's <c>nn.Linear.weight</c>: <paramref name="units"/> rows of <paramref name="inputs"/>
    /// values, row-major, so <c>weights[u·inputs + i]</c> connects input <c>i</c> to unit <c>u</c>. Random inits draw
    /// one value per weight in that order (<see cref="DeterministicRandom.NextNormal"/> or
    /// <see cref="DeterministicRandom.NextUniform"/>) and scale it:
    /// </para>
    /// <list type="table">
    /// <item><term><see cref="Init.Zeros"/></term><description>0</description></item>
    /// <item><term><see cref="Init.RandomNormal"/></term><description><c>N(0, (gain·scale)²)</c></description></item>
    /// <item><term><see cref="Init.RandomUniform"/></term><description><c>U(−gain·scale, gain·scale)</c></description></item>
    /// <item><term><see cref="Init.XavierNormal"/></term><description><c>std = gain·√(2/(fan_in + fan_out))</c></description></item>
    /// <item><term><see cref="Init.XavierUniform"/></term><description><c>bound = gain·√(6/(fan_in + fan_out))</c></description></item>
    /// <item><term><see cref="Init.HeNormal"/></term><description><c>std = g/√fan_in</c>, <c>g = gain·√(2/(1 + negativeSlope²))</c></description></item>
    /// <item><term><see cref="Init.HeUniform"/></term><description><c>bound = g·√(3/fan_in)</c>, <c>g</c> as for He normal</description></item>
    /// <item><term><see cref="Init.LeCunNormal"/></term><description><c>std = gain/√fan_in</c></description></item>
    /// <item><term><see cref="Init.LeCunUniform"/></term><description><c>bound = gain·√(3/fan_in)</c></description></item>
    /// <item><term><see cref="Init.Orthogonal"/></term><description>PyTorch's <c>orthogonal_</c>, times <c>gain</c> (see below)</description></item>
    /// </list>
    /// <para>
    /// <see cref="Init.Orthogonal"/> draws a <c>units × inputs</c> standard normal matrix (row-major), transposes it
    /// when it is wide, takes its Householder QR decomposition, multiplies each column of <c>Q</c> by the sign of
    /// the matching diagonal entry of <c>R</c> (0 counting as +1), and transposes back. The sign correction makes
    /// the result the unique <c>Q</c> whose <c>R</c> has a positive diagonal, so it does not depend on how the QR is
    /// computed. The rows are orthonormal when <c>units ≤ inputs</c> (<c>W·Wᵀ = gain²·I</c>), the columns otherwise
    /// (<c>Wᵀ·W = gain²·I</c>).
    /// </para>
    /// </remarks>
    /// <param name="weights">The destination, exactly <c>units × inputs</c> values.</param>
    /// <param name="units">The layer's number of units (rows, <c>fan_out</c>), at least 1.</param>
    /// <param name="inputs">The layer's number of inputs (columns, <c>fan_in</c>), at least 1.</param>
    /// <param name="init">The initializer; not <see cref="Init.Auto"/>, which the generator resolves from the activation.</param>
    /// <param name="gain">Multiplies the standard deviation or bound (and the orthogonal matrix).</param>
    /// <param name="scale">The standard deviation of <see cref="Init.RandomNormal"/> or the bound of <see cref="Init.RandomUniform"/>; ignored otherwise.</param>
    /// <param name="negativeSlope">The negative slope of the layer's leaky ReLU or PReLU for the He inits, 0 for ReLU; ignored otherwise.</param>
    /// <param name="seed">The network's seed.</param>
    /// <param name="layerIndex">The layer's index, which selects the random stream.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> or <paramref name="inputs"/> is below 1, <paramref name="init"/> is not a defined value, or <paramref name="gain"/>, <paramref name="scale"/> or (for a He init) <paramref name="negativeSlope"/> is not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="weights"/> does not hold <c>units × inputs</c> values, <paramref name="init"/> is <see cref="Init.Auto"/>, or <paramref name="negativeSlope"/> is NaN for a He init.</exception>
    public static void Fill(Span<double> weights, int units, int inputs, Init init, double gain, double scale, double negativeSlope, int seed, int layerIndex)
    {
        Validate(weights.Length, units, inputs, init, gain, scale);
        FillCore(weights, units, inputs, init, gain, scale, negativeSlope, seed, layerIndex);
    }

    /// <summary>Fills single-precision weights: the values of the double overload, each rounded to the nearest float.</summary>
    /// <inheritdoc cref="Fill(Span{double}, int, int, Init, double, double, double, int, int)"/>
    public static void Fill(Span<float> weights, int units, int inputs, Init init, double gain, double scale, double negativeSlope, int seed, int layerIndex)
    {
        Validate(weights.Length, units, inputs, init, gain, scale);
        var buffer = ArrayPool<double>.Shared.Rent(weights.Length);
        try
        {
            var values = buffer.AsSpan(0, weights.Length);
            FillCore(values, units, inputs, init, gain, scale, negativeSlope, seed, layerIndex);
            for (var i = 0; i < values.Length; i++)
            {
                weights[i] = (float)values[i];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Returns the standard deviation of the weights that <paramref name="init"/> implies.</summary>
    /// <remarks>
    /// For normal inits the <c>std</c> of the table in <see cref="Fill(Span{double}, int, int, Init, double, double, double, int, int)"/>;
    /// for uniform inits <c>bound/√3</c>; 0 for <see cref="Init.Zeros"/>; for <see cref="Init.Orthogonal"/> the root
    /// mean square of the entries, <c>gain/√max(units, inputs)</c>, which for that init holds exactly rather than in
    /// expectation (each orthonormal row or column has unit length).
    /// </remarks>
    /// <param name="init">The initializer; not <see cref="Init.Auto"/>.</param>
    /// <param name="units">The layer's number of units (<c>fan_out</c>), at least 1.</param>
    /// <param name="inputs">The layer's number of inputs (<c>fan_in</c>), at least 1.</param>
    /// <param name="gain">Multiplies the standard deviation or bound.</param>
    /// <param name="scale">The standard deviation of <see cref="Init.RandomNormal"/> or the bound of <see cref="Init.RandomUniform"/>.</param>
    /// <param name="negativeSlope">The negative slope for the He inits, 0 for ReLU.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> or <paramref name="inputs"/> is below 1, <paramref name="init"/> is not a defined value, or <paramref name="gain"/>, <paramref name="scale"/> or (for a He init) <paramref name="negativeSlope"/> is not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="init"/> is <see cref="Init.Auto"/>, or <paramref name="negativeSlope"/> is NaN for a He init.</exception>
    public static double StandardDeviation(Init init, int units, int inputs, double gain, double scale, double negativeSlope)
    {
        ValidateLayer(units, inputs, init, gain, scale);
        switch (init)
        {
            case Init.Zeros:
                return 0.0;
            case Init.Orthogonal:
                return gain / Math.Sqrt(Math.Max(units, inputs));
            default:
                var (uniform, parameter) = Distribution(init, units, inputs, gain, scale, negativeSlope);
                return uniform ? parameter / Math.Sqrt(3.0) : parameter;
        }
    }

    private static void Validate(int length, int units, int inputs, Init init, double gain, double scale)
    {
        ValidateLayer(units, inputs, init, gain, scale);
        var expected = (long)units * inputs;
        if (length != expected)
        {
            throw new ArgumentException(
                $"Expected {expected} weights ({units} units × {inputs} inputs), but got {length}.", "weights");
        }
    }

    private static void ValidateLayer(int units, int inputs, Init init, double gain, double scale)
    {
        // A NaN or infinite factor would make every weight of the layer NaN or infinite.
        if (!double.IsFinite(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "The gain must be a finite number.");
        }

        if (!double.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be a finite number.");
        }

        if (units < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(units), units, "A layer has at least one unit.");
        }

        if (inputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A layer has at least one input.");
        }

        if (init == Init.Auto)
        {
            throw new ArgumentException("Init.Auto must be resolved from the activation before weights are filled.", nameof(init));
        }

        if (init < Init.Zeros || init > Init.Orthogonal)
        {
            throw new ArgumentOutOfRangeException(nameof(init), init, "Unknown initializer.");
        }
    }

    private static void FillCore(Span<double> weights, int units, int inputs, Init init, double gain, double scale, double negativeSlope, int seed, int layerIndex)
    {
        if (init == Init.Zeros)
        {
            weights.Clear();
            return;
        }

        var random = DeterministicRandom.ForStream(seed, layerIndex);
        if (init == Init.Orthogonal)
        {
            FillOrthogonal(weights, units, inputs, gain, random);
            return;
        }

        var (uniform, parameter) = Distribution(init, units, inputs, gain, scale, negativeSlope);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = uniform ? random.NextUniform(-parameter, parameter) : parameter * random.NextNormal();
        }
    }

    // The random inits as (uniform?, bound or standard deviation).
    private static (bool Uniform, double Parameter) Distribution(Init init, int units, int inputs, double gain, double scale, double negativeSlope)
    {
        double fanIn = inputs;
        double fanOut = units;
        if (double.IsNaN(negativeSlope) && init is Init.HeNormal or Init.HeUniform)
        {
            // LayerAttribute.Slope defaults to NaN until the activation's default is resolved.
            throw new ArgumentException("The He inits need the activation's negative slope (0 for ReLU), not NaN.", nameof(negativeSlope));
        }

        if (double.IsInfinity(negativeSlope) && init is Init.HeNormal or Init.HeUniform)
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "The He inits need a finite negative slope.");
        }

        var heGain = gain * Math.Sqrt(2.0 / (1.0 + (negativeSlope * negativeSlope)));
        return init switch
        {
            Init.RandomNormal => (false, gain * scale),
            Init.RandomUniform => (true, gain * scale),
            Init.XavierNormal => (false, gain * Math.Sqrt(2.0 / (fanIn + fanOut))),
            Init.XavierUniform => (true, gain * Math.Sqrt(6.0 / (fanIn + fanOut))),
            Init.HeNormal => (false, heGain / Math.Sqrt(fanIn)),
            Init.HeUniform => (true, heGain * Math.Sqrt(3.0 / fanIn)),
            Init.LeCunNormal => (false, gain / Math.Sqrt(fanIn)),
            Init.LeCunUniform => (true, gain * Math.Sqrt(3.0 / fanIn)),
            _ => throw new ArgumentOutOfRangeException(nameof(init), init, "Not a random initializer."),
        };
    }

    // PyTorch's orthogonal_: QR of a Gaussian matrix (transposed when wide), sign-corrected by diag(R), times gain.
    private static void FillOrthogonal(Span<double> weights, int units, int inputs, double gain, DeterministicRandom random)
    {
        // The drawn matrix is units × inputs row-major; a wide one is factored as its (tall) transpose.
        var transpose = units < inputs;
        var n = transpose ? inputs : units;  // rows of the tall matrix A
        var k = transpose ? units : inputs;  // its columns, k ≤ n

        // A is n × k, column-major (a[j·n + i] = A[i, j]), so each Householder step walks contiguous columns.
        var a = new double[n * k];
        for (var r = 0; r < units; r++)
        {
            for (var c = 0; c < inputs; c++)
            {
                var value = random.NextNormal();
                if (transpose)
                {
                    a[(r * n) + c] = value;  // A[c, r]
                }
                else
                {
                    a[(c * n) + r] = value;  // A[r, c]
                }
            }
        }

        // Householder QR: for each column j, a reflection H_j = I − 2·v·vᵀ (‖v‖ = 1, v zero above row j) maps
        // A[j.., j] onto R[j, j]·e_j; v overwrites the column and the diagonal of R is kept apart.
        var diagonal = new double[k];
        for (var j = 0; j < k; j++)
        {
            var column = a.AsSpan(j * n, n);
            var norm = Norm(column[j..]);
            if (norm == 0.0)
            {
                // A zero column needs no reflection; H_j = I is marked by v = 0.
                diagonal[j] = 0.0;
                column[j..].Clear();
                continue;
            }

            // R[j, j] = −sign(x₀)·‖x‖ keeps x₀ − R[j, j] free of cancellation.
            var rjj = column[j] >= 0.0 ? -norm : norm;
            diagonal[j] = rjj;
            column[j] -= rjj;
            var vNorm = Norm(column[j..]);
            for (var i = j; i < n; i++)
            {
                column[i] /= vNorm;
            }

            for (var c = j + 1; c < k; c++)
            {
                Reflect(column, a.AsSpan(c * n, n), j);
            }
        }

        // Q's first k columns: Q·E = H_0·H_1·…·H_{k−1}·E, applied right to left to E = [I_k; 0].
        var q = new double[n * k];
        for (var j = 0; j < k; j++)
        {
            q[(j * n) + j] = 1.0;
        }

        for (var j = k - 1; j >= 0; j--)
        {
            var v = a.AsSpan(j * n, n);
            for (var c = 0; c < k; c++)
            {
                Reflect(v, q.AsSpan(c * n, n), j);
            }
        }

        // W = gain·Q·diag(sign(R)), transposed back when the matrix was wide.
        for (var j = 0; j < k; j++)
        {
            var factor = diagonal[j] < 0.0 ? -gain : gain;
            for (var i = 0; i < n; i++)
            {
                var value = factor * q[(j * n) + i];
                if (transpose)
                {
                    weights[(j * inputs) + i] = value;  // W[j, i] = Q[i, j]
                }
                else
                {
                    weights[(i * inputs) + j] = value;  // W[i, j] = Q[i, j]
                }
            }
        }
    }

    // x ← (I − 2·v·vᵀ)·x, where v is zero above row `start`.
    private static void Reflect(ReadOnlySpan<double> v, Span<double> x, int start)
    {
        var dot = 0.0;
        for (var i = start; i < v.Length; i++)
        {
            dot += v[i] * x[i];
        }

        var twice = 2.0 * dot;
        for (var i = start; i < v.Length; i++)
        {
            x[i] -= twice * v[i];
        }
    }

    private static double Norm(ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += x[i] * x[i];
        }

        return Math.Sqrt(sum);
    }
}
