using System.Globalization;

namespace NetGen.Generator.Tests;

/// <summary>Generated numbers do not depend on the culture of the machine that builds: a comma would break the build.</summary>
public sealed class OutputCultureTests
{
    private const string Network = """
        using NetGen;

        namespace Samples.Culture;

        /// <summary>Non-integer numbers everywhere the generator prints one.</summary>
        [Network(Inputs = 3, Seed = 5)]
        [Layer(6, Activation.LeakyReLU, Slope = 0.2)]
        [Layer(4, Activation.PReLU, Gain = 1.5)]
        [Layer(5, Activation.Tanh, Init.RandomNormal, Scale = 0.03)]
        [Layer(2, Activation.Linear)]
        [Loss(LossKind.MeanAbsoluteError)]
        [Optimizer(OptimizerKind.Sgd, LearningRate = 0.01)]
        public partial class CultureNet
        {
        }
        """;

    [Fact]
    public void GeneratedUnderGermanCulture_IdenticalToEnglish()
    {
        var german = GenerateUnder("de-DE");
        var english = GenerateUnder("en-US");

        Assert.Equal(english, german);
    }

    [Fact]
    public void LearningRate0_01UnderGermanCulture_EmittedAs0_01f()
    {
        var source = GenerateUnder("de-DE");

        Assert.Contains("private float __ng_learningRate = 0.01f;", source);
    }

    private static string GenerateUnder(string culture)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            if (culture == "de-DE")
            {
                // Without ICU data every culture formats like the invariant one, and this test would prove nothing.
                Assert.Equal("0,01", 0.01.ToString(CultureInfo.CurrentCulture));
            }

            return Assert.Single(GeneratorHarness.Run(Network).Sources).Value;
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }
}
