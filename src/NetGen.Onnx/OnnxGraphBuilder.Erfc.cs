using System.Linq;

namespace NetGen.Onnx;

/// <summary>GELU for double networks: ONNX Runtime's CPU provider has no double Erf, so erfc is built from other ops.</summary>
internal sealed partial class OnnxGraphBuilder
{
    /// <summary>
    /// a = z·Φ(z) = z/2·(1 + erf(u)), u = z/√2, where 1 + erf(u) is <c>2 − erfc(|u|)</c> for u &gt; 0 and
    /// <c>erfc(|u|)</c> otherwise, so very negative z keeps its relative accuracy (the generator's erfc form).
    /// </summary>
    /// <remarks>
    /// erfc(x) for x ≥ 0 follows Sun's fdlibm <c>s_erf.c</c>, as NetGen's own <c>DeterministicMath.Erfc</c>: on
    /// [0, 0.84375) <c>1 − (x + x·P(x²)/Q(x²))</c>; on [0.84375, 1.25) <c>(1 − c) − P(s)/Q(s)</c> with <c>s = x − 1</c>;
    /// beyond, <c>e^(−x² − 0.5625 + R(1/x²)/S(1/x²))/x</c> with one fit below 1/0.35 and another above. Every piece is
    /// computed for every element and Where picks one (a piece that is NaN or infinite where it is not picked does no
    /// harm). Unlike fdlibm, e^(−x²) is not split into exact parts: that costs about x²·2⁻⁵³ relative, below 1e-13 for
    /// every x where erfc(x) is not zero.
    /// </remarks>
    private string DoubleGelu(int module, string z)
    {
        var u = Node(module, "Mul", z, Constant(module, "Mul", "inv_sqrt2", 0.7071067811865476));
        var x = Node(module, "Abs", u);

        // [0, 0.84375): erfc = 1 − (x + x·P(x²)/Q(x²)).
        var x2 = Node(module, "Mul", x, x);
        var small = Node(module, "Div", Polynomial(module, x2, "pp", Fdlibm.Pp), Polynomial(module, x2, "qq", Fdlibm.Qq));
        var erfSmall = Node(module, "Add", x, Node(module, "Mul", x, small));
        var erfcSmall = Node(module, "Sub", Constant(module, "Erfc", "one", 1.0), erfSmall);

        // [0.84375, 1.25): erfc = (1 − erx) − P(s)/Q(s), s = x − 1.
        var s = Node(module, "Sub", x, Constant(module, "Erfc", "one", 1.0));
        var nearOne = Node(module, "Div", Polynomial(module, s, "pa", Fdlibm.Pa), Polynomial(module, s, "qa", Fdlibm.Qa));
        var erfcNearOne = Node(module, "Sub", Constant(module, "Erfc", "one_minus_erx", 1.0 - Fdlibm.Erx), nearOne);

        // [1.25, ∞): erfc = e^(−x² − 0.5625 + R/S)/x with t = 1/x².
        var t = Node(module, "Div", Constant(module, "Erfc", "one", 1.0), x2);
        var ratioA = Node(module, "Div", Polynomial(module, t, "ra", Fdlibm.Ra), Polynomial(module, t, "sa", Fdlibm.Sa));
        var ratioB = Node(module, "Div", Polynomial(module, t, "rb", Fdlibm.Rb), Polynomial(module, t, "sb", Fdlibm.Sb));
        var ratio = Node(module, "Where", Node(module, "Less", x, Constant(module, "Erfc", "bound_tail", 1.0 / 0.35)), ratioA, ratioB);
        var exponent = Node(module, "Add", Node(module, "Sub", Node(module, "Neg", x2), Constant(module, "Erfc", "offset", 0.5625)), ratio);
        var erfcTail = Node(module, "Div", Node(module, "Exp", exponent), x);

        var erfc = Node(
            module,
            "Where",
            Node(module, "Less", x, Constant(module, "Erfc", "bound_small", 0.84375)),
            erfcSmall,
            Node(module, "Where", Node(module, "Less", x, Constant(module, "Erfc", "bound_near_one", 1.25)), erfcNearOne, erfcTail));

        // 1 + erf(u) = u > 0 ? 2 − erfc(|u|) : erfc(|u|); a = 0.5·z·(1 + erf(u)).
        var onePlusErf = Node(
            module,
            "Where",
            Node(module, "Greater", u, Constant(module, "Erfc", "zero", 0.0)),
            Node(module, "Sub", Constant(module, "Erfc", "two", 2.0), erfc),
            erfc);
        return Node(module, "Mul", Node(module, "Mul", z, onePlusErf), Constant(module, "Mul", "half", 0.5));
    }

    /// <summary>c₀ + x·(c₁ + x·(… + x·cₙ)) by Horner's rule, as Mul and Add nodes.</summary>
    private string Polynomial(int module, string x, string name, double[] coefficients)
    {
        var value = Constant(module, "Erfc", $"{name}{coefficients.Length - 1}", coefficients[^1]);
        for (var k = coefficients.Length - 2; k >= 0; k--)
        {
            value = Node(module, "Add", Node(module, "Mul", x, value), Constant(module, "Erfc", $"{name}{k}", coefficients[k]));
        }

        return value;
    }

    /// <summary>Coefficients of Sun's fdlibm <c>s_erf.c</c>, lowest power first (the Q and S polynomials start with 1).</summary>
    /// <remarks>
    /// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
    /// Developed at SunPro, a Sun Microsystems, Inc. business.
    /// Permission to use, copy, modify, and distribute this software is freely granted, provided that this notice
    /// is preserved.
    /// </remarks>
    private static class Fdlibm
    {
        public const double Erx = 8.45062911510467529297e-01; // erf(1) rounded to float

        public static readonly double[] Pp =
        {
            1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02, -5.77027029648944159157e-03,
            -2.37630166566501626084e-05,
        };

        public static readonly double[] Qq =
        {
            1.0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03, 1.32494738004321644526e-04,
            -3.96022827877536812320e-06,
        };

        public static readonly double[] Pa =
        {
            -2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01, 3.18346619901161753674e-01,
            -1.10894694282396677476e-01, 3.54783043256182359371e-02, -2.16637559486879084300e-03,
        };

        public static readonly double[] Qa =
        {
            1.0, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02, 1.26171219808761642112e-01,
            1.36370839120290507362e-02, 1.19844998467991074170e-02,
        };

        public static readonly double[] Ra =
        {
            -9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01, -6.23753324503260060396e+01,
            -1.62396669462573470355e+02, -1.84605092906711035994e+02, -8.12874355063065934246e+01, -9.81432934416914548592e+00,
        };

        public static readonly double[] Sa =
        {
            1.0, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02, 6.45387271733267880336e+02,
            4.29008140027567833386e+02, 1.08635005541779435134e+02, 6.57024977031928170135e+00, -6.04244152148580987438e-02,
        };

        public static readonly double[] Rb =
        {
            -9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01, -1.60636384855821916062e+02,
            -6.37566443368389627722e+02, -1.02509513161107724954e+03, -4.83519191608651397019e+02,
        };

        public static readonly double[] Sb =
        {
            1.0, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03, 3.19985821950859553908e+03,
            2.55305040643316442583e+03, 4.74528541206955367215e+02, -2.24409524465858183362e+01,
        };
    }
}
