using System;
using System.ComponentModel;

namespace NetGen.Numerics;

/// <summary>Elementary functions the runtime needs where the platform's math library is not good enough.</summary>
/// <remarks>
/// <see cref="Log"/> uses only IEEE 754 <c>+ − × ÷</c> and integer operations, which are correctly rounded, so it
/// gives bit-identical results on every machine and .NET version; <see cref="DeterministicRandom"/> relies on that.
/// <see cref="Erf(double)"/> and <see cref="Erfc(double)"/> are accurate to about one ulp but call <see cref="Math.Exp"/>,
/// so their last bit may differ between platforms; nothing random depends on them.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)] // public for the generated code in users' assemblies, which alone should call it
public static class DeterministicMath
{
    // ln 2 split so that k·Ln2Hi is exact for every binary exponent k (Ln2Hi has 21 trailing zero bits).
    private const double Ln2Hi = 6.93147180369123816490e-01; // 0x3FE62E42_FEE00000
    private const double Ln2Lo = 1.90821492927058770002e-10; // 0x3DEA39EF_35793C76
    private const double Sqrt2 = 1.4142135623730951;
    private const double TwoPow54 = 18014398509481984.0;
    private const double TwoPowMinus28 = 3.7252902984619140625e-09;
    private const double SmallestNormal = 2.2250738585072014e-308;

    /// <summary>Returns the natural logarithm of <paramref name="x"/>, bit-identical on every platform.</summary>
    /// <remarks>
    /// <para>
    /// Writes <c>x = 2ᵏ·m</c> with <c>m</c> in [√½, √2), so <c>ln x = k·ln 2 + ln m</c>. With <c>f = m − 1</c> (exact)
    /// and <c>s = f/(2 + f)</c>, <c>ln m = ln((1 + s)/(1 − s)) = 2·atanh(s) = 2s + 2s³/3 + 2s⁵/5 + …</c>; here
    /// <c>|s| &lt; 0.1716</c>, so 13 terms of the series are exact to well below an ulp. As in fdlibm, the sum is
    /// rearranged to <c>f − (f²/2 − s·(f²/2 + R))</c> so that the exactly known <c>f</c> carries most of the result.
    /// The error is below one ulp of the correctly rounded value.
    /// </para>
    /// <para>
    /// Special values follow <see cref="Math.Log(double)"/>: <c>ln(±0) = −∞</c>, <c>ln(x &lt; 0) = NaN</c>,
    /// <c>ln(+∞) = +∞</c>, <c>ln(NaN) = NaN</c>; subnormals are handled.
    /// </para>
    /// </remarks>
    /// <param name="x">The argument.</param>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0.0)
        {
            return double.NaN;
        }

        if (x == 0.0)
        {
            return double.NegativeInfinity;
        }

        if (double.IsPositiveInfinity(x))
        {
            return x;
        }

        var k = 0;
        if (x < SmallestNormal)
        {
            // Subnormal: scale into the normal range first (exact, a power of two).
            x *= TwoPow54;
            k = -54;
        }

        var bits = BitConverter.DoubleToInt64Bits(x);
        k += (int)((bits >> 52) & 0x7FF) - 1023;

        // m in [1, 2): the mantissa with the exponent of 1.0.
        var m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
        if (m >= Sqrt2)
        {
            m *= 0.5;
            k++;
        }

        var f = m - 1.0;
        var s = f / (2.0 + f);
        var z = s * s;

        // R = 2s²/3 + 2s⁴/5 + … + 2s²⁶/27 (the series of 2·atanh(s) − 2s, over s), by Horner in z = s².
        var r = z * (2.0 / 3.0 + z * (2.0 / 5.0 + z * (2.0 / 7.0 + z * (2.0 / 9.0 + z * (2.0 / 11.0 + z * (2.0 / 13.0
            + z * (2.0 / 15.0 + z * (2.0 / 17.0 + z * (2.0 / 19.0 + z * (2.0 / 21.0 + z * (2.0 / 23.0 + z * (2.0 / 25.0
            + z * (2.0 / 27.0)))))))))))));

        var halfSquare = 0.5 * f * f;
        double kd = k;
        return (kd * Ln2Hi) + (f - (halfSquare - ((s * (halfSquare + r)) + (kd * Ln2Lo))));
    }

    /// <summary>Returns the error function <c>erf(x) = 2/√π·∫₀ˣ e^(−t²) dt</c>, accurate to about one ulp.</summary>
    /// <remarks>
    /// <para>
    /// The piecewise rational approximations of Sun's fdlibm <c>s_erf.c</c> (see <see cref="Erfc(double)"/> for the
    /// intervals); their error is below 2⁻⁵⁷ relative, so the derivative of this function matches
    /// <c>2/√π·e^(−x²)</c> as closely as finite differences in double can tell. Odd: <c>erf(−x) = −erf(x)</c>
    /// exactly. <c>erf(±∞) = ±1</c>, <c>erf(NaN) = NaN</c>.
    /// </para>
    /// <para>
    /// For large <c>|x|</c> the result is within an ulp of ±1 and <c>1 − |erf(x)|</c> carries no information: use
    /// <see cref="Erfc(double)"/> there, for example <c>GELU(x) = x/2·erfc(−x/√2)</c>, which stays accurate for very
    /// negative <c>x</c>.
    /// </para>
    /// </remarks>
    /// <param name="x">The argument.</param>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        var a = Math.Abs(x);
        double result;
        if (a < 0.84375)
        {
            result = a < TwoPowMinus28 ? a + (Fdlibm.Efx * a) : a + (a * SmallRatio(a * a));
        }
        else if (a < 1.25)
        {
            result = Fdlibm.Erx + NearOneRatio(a - 1.0);
        }
        else if (a < 6.0)
        {
            result = 1.0 - TailErfc(a);
        }
        else
        {
            // erfc(6) ≈ 2.2e-17 is below half an ulp of 1.
            result = 1.0;
        }

        return x < 0.0 ? -result : result;
    }

    /// <summary>Returns <c>erf(x)</c> for a float, computed in double and rounded once.</summary>
    /// <param name="x">The argument.</param>
    public static float Erf(float x) => (float)Erf((double)x);

    /// <summary>
    /// Returns the complementary error function <c>erfc(x) = 1 − erf(x)</c>, accurate to about one ulp relative
    /// even where it is tiny (down to the subnormal range near <c>x = 27</c>).
    /// </summary>
    /// <remarks>
    /// Sun's fdlibm <c>s_erf.c</c>: on [0, 0.84375) <c>erf(x) = x + x·P(x²)/Q(x²)</c>; on [0.84375, 1.25)
    /// <c>erf(x) = c + P(s)/Q(s)</c> with <c>s = x − 1</c> and <c>c</c> the float nearest <c>erf(1)</c>; beyond,
    /// <c>erfc(x) = e^(−x² − 0.5625 + R(1/x²)/S(1/x²))/x</c> with one fit up to 1/0.35 and another up to 28, and
    /// <c>e^(−x²)</c> evaluated as <c>e^(−z²)·e^((z − x)(z + x))</c> with <c>z</c> the leading 32 bits of <c>x</c>, so
    /// <c>z²</c> is exact. <c>erfc(−x) = 2 − erfc(x)</c>; <c>erfc(+∞) = 0</c>, <c>erfc(−∞) = 2</c>.
    /// </remarks>
    /// <param name="x">The argument.</param>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        var a = Math.Abs(x);
        if (a < 0.84375)
        {
            var ax = x * SmallRatio(x * x);
            // Below 1/4 erf is small enough that 1 − erf loses nothing; above, regroup so the big terms cancel first.
            return x < 0.25 ? 1.0 - (x + ax) : 0.5 - (ax + (x - 0.5));
        }

        if (a < 1.25)
        {
            var p = NearOneRatio(a - 1.0);
            return x >= 0.0 ? (1.0 - Fdlibm.Erx) - p : 1.0 + (Fdlibm.Erx + p);
        }

        if (a < 28.0)
        {
            if (x <= -6.0)
            {
                return 2.0;
            }

            var tail = TailErfc(a);
            return x > 0.0 ? tail : 2.0 - tail;
        }

        // erfc(28) ≈ 6e-343 underflows to zero.
        return x > 0.0 ? 0.0 : 2.0;
    }

    /// <inheritdoc cref="Erfc(double)"/>
    public static float Erfc(float x) => (float)Erfc((double)x);

    // (erf(x) − x)/x on |x| < 0.84375, as P(z)/Q(z) with z = x².
    private static double SmallRatio(double z)
    {
        var p = Fdlibm.Pp0 + (z * (Fdlibm.Pp1 + (z * (Fdlibm.Pp2 + (z * (Fdlibm.Pp3 + (z * Fdlibm.Pp4)))))));
        var q = 1.0 + (z * (Fdlibm.Qq1 + (z * (Fdlibm.Qq2 + (z * (Fdlibm.Qq3 + (z * (Fdlibm.Qq4 + (z * Fdlibm.Qq5)))))))));
        return p / q;
    }

    // erf(1 + s) − Erx on 0.84375 ≤ 1 + s < 1.25.
    private static double NearOneRatio(double s)
    {
        var p = Fdlibm.Pa0 + (s * (Fdlibm.Pa1 + (s * (Fdlibm.Pa2 + (s * (Fdlibm.Pa3 + (s * (Fdlibm.Pa4 + (s * (Fdlibm.Pa5 + (s * Fdlibm.Pa6)))))))))));
        var q = 1.0 + (s * (Fdlibm.Qa1 + (s * (Fdlibm.Qa2 + (s * (Fdlibm.Qa3 + (s * (Fdlibm.Qa4 + (s * (Fdlibm.Qa5 + (s * Fdlibm.Qa6)))))))))));
        return p / q;
    }

    // erfc(a) for 1.25 ≤ a < 28.
    private static double TailErfc(double a)
    {
        var s = 1.0 / (a * a);
        double r, q;
        if (a < 1.0 / 0.35)
        {
            r = Fdlibm.Ra0 + (s * (Fdlibm.Ra1 + (s * (Fdlibm.Ra2 + (s * (Fdlibm.Ra3 + (s * (Fdlibm.Ra4 + (s * (Fdlibm.Ra5 + (s * (Fdlibm.Ra6 + (s * Fdlibm.Ra7)))))))))))));
            q = 1.0 + (s * (Fdlibm.Sa1 + (s * (Fdlibm.Sa2 + (s * (Fdlibm.Sa3 + (s * (Fdlibm.Sa4 + (s * (Fdlibm.Sa5 + (s * (Fdlibm.Sa6 + (s * (Fdlibm.Sa7 + (s * Fdlibm.Sa8)))))))))))))));
        }
        else
        {
            r = Fdlibm.Rb0 + (s * (Fdlibm.Rb1 + (s * (Fdlibm.Rb2 + (s * (Fdlibm.Rb3 + (s * (Fdlibm.Rb4 + (s * (Fdlibm.Rb5 + (s * Fdlibm.Rb6)))))))))));
            q = 1.0 + (s * (Fdlibm.Sb1 + (s * (Fdlibm.Sb2 + (s * (Fdlibm.Sb3 + (s * (Fdlibm.Sb4 + (s * (Fdlibm.Sb5 + (s * (Fdlibm.Sb6 + (s * Fdlibm.Sb7)))))))))))));
        }

        // z keeps the top 32 bits of a, so z·z is exact and −a² = −z² + (z − a)(z + a) loses nothing.
        var z = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & unchecked((long)0xFFFF_FFFF_0000_0000));
        return Math.Exp((-z * z) - 0.5625) * Math.Exp(((z - a) * (z + a)) + (r / q)) / a;
    }

    /// <summary>Coefficients of Sun's fdlibm <c>s_erf.c</c>.</summary>
    /// <remarks>
    /// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
    /// Developed at SunPro, a Sun Microsystems, Inc. business.
    /// Permission to use, copy, modify, and distribute this software is freely granted, provided that this notice
    /// is preserved.
    /// </remarks>
    private static class Fdlibm
    {
        public const double Erx = 8.45062911510467529297e-01; // erf(1) rounded to float
        public const double Efx = 1.28379167095512586316e-01; // 2/√π − 1

        // erf on [0, 0.84375).
        public const double Pp0 = 1.28379167095512558561e-01;
        public const double Pp1 = -3.25042107247001499370e-01;
        public const double Pp2 = -2.84817495755985104766e-02;
        public const double Pp3 = -5.77027029648944159157e-03;
        public const double Pp4 = -2.37630166566501626084e-05;
        public const double Qq1 = 3.97917223959155352819e-01;
        public const double Qq2 = 6.50222499887672944485e-02;
        public const double Qq3 = 5.08130628187576562776e-03;
        public const double Qq4 = 1.32494738004321644526e-04;
        public const double Qq5 = -3.96022827877536812320e-06;

        // erf on [0.84375, 1.25).
        public const double Pa0 = -2.36211856075265944077e-03;
        public const double Pa1 = 4.14856118683748331666e-01;
        public const double Pa2 = -3.72207876035701323847e-01;
        public const double Pa3 = 3.18346619901161753674e-01;
        public const double Pa4 = -1.10894694282396677476e-01;
        public const double Pa5 = 3.54783043256182359371e-02;
        public const double Pa6 = -2.16637559486879084300e-03;
        public const double Qa1 = 1.06420880400844228286e-01;
        public const double Qa2 = 5.40397917702171048937e-01;
        public const double Qa3 = 7.18286544141962662868e-02;
        public const double Qa4 = 1.26171219808761642112e-01;
        public const double Qa5 = 1.36370839120290507362e-02;
        public const double Qa6 = 1.19844998467991074170e-02;

        // erfc on [1.25, 1/0.35).
        public const double Ra0 = -9.86494403484714822705e-03;
        public const double Ra1 = -6.93858572707181764372e-01;
        public const double Ra2 = -1.05586262253232909814e+01;
        public const double Ra3 = -6.23753324503260060396e+01;
        public const double Ra4 = -1.62396669462573470355e+02;
        public const double Ra5 = -1.84605092906711035994e+02;
        public const double Ra6 = -8.12874355063065934246e+01;
        public const double Ra7 = -9.81432934416914548592e+00;
        public const double Sa1 = 1.96512716674392571292e+01;
        public const double Sa2 = 1.37657754143519042600e+02;
        public const double Sa3 = 4.34565877475229228821e+02;
        public const double Sa4 = 6.45387271733267880336e+02;
        public const double Sa5 = 4.29008140027567833386e+02;
        public const double Sa6 = 1.08635005541779435134e+02;
        public const double Sa7 = 6.57024977031928170135e+00;
        public const double Sa8 = -6.04244152148580987438e-02;

        // erfc on [1/0.35, 28).
        public const double Rb0 = -9.86494292470009928597e-03;
        public const double Rb1 = -7.99283237680523006574e-01;
        public const double Rb2 = -1.77579549177547519889e+01;
        public const double Rb3 = -1.60636384855821916062e+02;
        public const double Rb4 = -6.37566443368389627722e+02;
        public const double Rb5 = -1.02509513161107724954e+03;
        public const double Rb6 = -4.83519191608651397019e+02;
        public const double Sb1 = 3.03380607434824582924e+01;
        public const double Sb2 = 3.25792512996573918826e+02;
        public const double Sb3 = 1.53672958608443695994e+03;
        public const double Sb4 = 3.19985821950859553908e+03;
        public const double Sb5 = 2.55305040643316442583e+03;
        public const double Sb6 = 4.74528541206955367215e+02;
        public const double Sb7 = -2.24409524465858183362e+01;
    }
}
