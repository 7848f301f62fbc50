using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Tuning.Tests.Core;

public enum OptimizerChoice
{
    Sgd,
    Adam,
}

public sealed class SearchSpaceTests
{
    private static SearchSpace Space() => new()
    {
        SearchDimension.Float("LearningRate", 1e-4, 1e-1, log: true),
        SearchDimension.Int("BatchSize", 16, 128, step: 16),
        SearchDimension.Categorical("Optimizer", OptimizerChoice.Sgd, OptimizerChoice.Adam),
        SearchDimension.Float("Momentum", 0.0, 0.99).When("Optimizer", OptimizerChoice.Sgd),
        SearchDimension.Categorical("Activation", "relu", "tanh"),
        SearchDimension.Categorical("BatchNorm", true, false),
        SearchDimension.Float("Dropout", 0.0, 0.5, step: 0.1),
    };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomParameters_RoundTripThroughJson_BitForBit(int seed)
    {
        var space = Space();
        var random = new DeterministicRandom((ulong)seed);
        for (var i = 0; i < 50; i++)
        {
            var parameters = Sampler.SampleRandomly(space, random);
            var json = parameters.ToJson();
            var read = TrialParameters.FromJson(json, space);

            Assert.Equal(parameters, read);
            Assert.Equal(json, read.ToJson());
            Assert.Equal(BitConverter.DoubleToInt64Bits(parameters.GetDouble("LearningRate")), BitConverter.DoubleToInt64Bits(read.GetDouble("LearningRate")));
        }
    }

    [Fact]
    public void Json_IsInSpaceOrder_WithEnumsByName_AndRoundTripDoubles()
    {
        var space = Space();
        var parameters = space.CreateParameters(new Dictionary<string, object>
        {
            ["Dropout"] = 0.2,
            ["LearningRate"] = 0.1 / 3,
            ["BatchSize"] = 32,
            ["Optimizer"] = OptimizerChoice.Sgd,
            ["Momentum"] = 0.9,
            ["Activation"] = "tanh",
            ["BatchNorm"] = false,
        });

        Assert.Equal("""{"LearningRate":0.03333333333333333,"BatchSize":32,"Optimizer":"Sgd","Momentum":0.9,"Activation":"tanh","BatchNorm":false,"Dropout":0.2}""", parameters.ToJson());
    }

    [Fact]
    public void DocumentedJsonExample_IsWhatToJsonWrites()
    {
        // docs/tuning-core.md shows this JSON for its example space.
        var space = new SearchSpace
        {
            SearchDimension.Float("LearningRate", 1e-4, 1e-1, log: true),
            SearchDimension.Int("Units", 16, 256, log: true),
            SearchDimension.Int("BatchSize", 16, 128, step: 16),
            SearchDimension.Float("Dropout", 0.0, 0.5, step: 0.1),
            SearchDimension.Categorical("Activation", Activation.ReLU, Activation.Tanh),
            SearchDimension.Categorical("Optimizer", "Sgd", "Adam"),
            SearchDimension.Float("Momentum", 0.0, 0.99).When("Optimizer", "Sgd"),
        };
        var parameters = space.CreateParameters(new Dictionary<string, object>
        {
            ["LearningRate"] = Math.Pow(10, -2.5), ["Units"] = 64, ["BatchSize"] = 32, ["Dropout"] = 0.2,
            ["Activation"] = Activation.ReLU, ["Optimizer"] = "Sgd", ["Momentum"] = 0.9,
        });

        Assert.Equal("""{"LearningRate":0.0031622776601683794,"Units":64,"BatchSize":32,"Dropout":0.2,"Activation":"ReLU","Optimizer":"Sgd","Momentum":0.9}""", parameters.ToJson());
        Assert.Equal(Activation.ReLU, TrialParameters.FromJson(parameters.ToJson(), space).Get<Activation>("Activation"));
    }

    [Fact]
    public void TypedGetters_ReturnTheDeclaredTypes()
    {
        var space = Space();
        var parameters = space.CreateParameters(new Dictionary<string, object>
        {
            ["LearningRate"] = 0.01, ["BatchSize"] = 64, ["Optimizer"] = OptimizerChoice.Adam, ["Activation"] = "relu", ["BatchNorm"] = true, ["Dropout"] = 0.0,
        });

        Assert.Equal(0.01, parameters.GetDouble("LearningRate"));
        Assert.Equal(64, parameters.GetInt32("BatchSize"));
        Assert.Equal(64.0, parameters.GetDouble("BatchSize"));
        Assert.Equal(OptimizerChoice.Adam, parameters.Get<OptimizerChoice>("Optimizer"));
        Assert.Equal("relu", parameters.Get<string>("Activation"));
        Assert.True(parameters.Get<bool>("BatchNorm"));
        Assert.False(parameters.Contains("Momentum"));
        Assert.Equal(0.5, parameters.GetOrDefault("Momentum", 0.5));
        Assert.Equal(new[] { "LearningRate", "BatchSize", "Optimizer", "Activation", "BatchNorm", "Dropout" }, parameters.Names);

        var inactive = Assert.Throws<KeyNotFoundException>(() => parameters.GetDouble("Momentum"));
        Assert.Equal("Parameter 'Momentum' is not active in this trial (it applies when 'Optimizer' is \"Sgd\"); check Contains(\"Momentum\") first.", inactive.Message);
        var wrongType = Assert.Throws<ArgumentException>(() => parameters.Get<int>("Activation"));
        Assert.Equal("Parameter 'Activation' is the String \"relu\", not a Int32. (Parameter 'name')", wrongType.Message);
        var notNumber = Assert.Throws<ArgumentException>(() => parameters.GetInt32("LearningRate"));
        Assert.Equal("Parameter 'LearningRate' is the Double 0.01, not an integer; use GetDouble or Get<T>. (Parameter 'name')", notNumber.Message);
    }

    [Fact]
    public void ConditionalDimension_IsPresentExactlyWhenItsParentHasTheValue()
    {
        var space = Space();
        var random = new DeterministicRandom(5);
        var seen = new HashSet<OptimizerChoice>();
        for (var i = 0; i < 100; i++)
        {
            var parameters = Sampler.SampleRandomly(space, random);
            var optimizer = parameters.Get<OptimizerChoice>("Optimizer");
            seen.Add(optimizer);
            Assert.Equal(optimizer == OptimizerChoice.Sgd, parameters.Contains("Momentum"));
        }

        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void SampledValues_StayInRange_OnStepsAndLogScale()
    {
        var space = Space();
        var random = new DeterministicRandom(9);
        var learningRates = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            var parameters = Sampler.SampleRandomly(space, random);
            var rate = parameters.GetDouble("LearningRate");
            Assert.InRange(rate, 1e-4, 1e-1);
            learningRates.Add(rate);
            Assert.Equal(0, (parameters.GetInt32("BatchSize") - 16) % 16);
            Assert.Contains(parameters.GetDouble("Dropout"), new[] { 0.0, 0.1, 0.2, 0.3, 0.4, 0.5 });
        }

        // Log-uniform: each decade gets about a third of the draws.
        var belowMilli = learningRates.Count(r => r < 1e-3) / 2000.0;
        Assert.InRange(belowMilli, 0.28, 0.39);
    }

    public static TheoryData<Func<object>, string> BadSpaces() => new()
    {
        { () => SearchDimension.Int("Units", 10, 5), "Integer dimension 'Units' has min 10 greater than max 5; expected min ≤ max. (Parameter 'min')" },
        { () => SearchDimension.Int("Units", 0, 64, log: true), "Integer dimension 'Units' is log-scaled with min 0; expected min ≥ 1 on a log scale. (Parameter 'min')" },
        { () => SearchDimension.Int("Units", 8, 64, step: 0), "Integer dimension 'Units' has step 0; expected a step of at least 1. (Parameter 'step')" },
        { () => SearchDimension.Int("Units", 8, 60, step: 16), "Integer dimension 'Units' has a range 8..60 that is not a multiple of its step 16; expected max − min to be a multiple of step. (Parameter 'step')" },
        { () => SearchDimension.Float("LearningRate", 0.1, 0.01), "Float dimension 'LearningRate' has min 0.1 greater than max 0.01; expected min ≤ max. (Parameter 'min')" },
        { () => SearchDimension.Float("LearningRate", 0, 0.1, log: true), "Float dimension 'LearningRate' is log-scaled with min 0; expected min > 0 on a log scale. (Parameter 'min')" },
        { () => SearchDimension.Float("Dropout", 0, double.NaN), "Float dimension 'Dropout' has max NaN; expected a finite number. (Parameter 'max')" },
        { () => SearchDimension.Float("Dropout", 0, 0.5, step: -0.1), "Float dimension 'Dropout' has step -0.1; expected a positive finite step. (Parameter 'step')" },
        { () => SearchDimension.Float("Dropout", 0.1, 0.5, log: true, step: 0.1), "Float dimension 'Dropout' has both a step and a log scale; expected one or the other. (Parameter 'step')" },
        { () => SearchDimension.Categorical<string>("Activation"), "Categorical dimension 'Activation' needs at least one choice. (Parameter 'choices')" },
        { () => SearchDimension.Categorical("Activation", "relu", "relu"), "Categorical dimension 'Activation' has the choice \"relu\" twice; each choice must be distinct. (Parameter 'choices')" },
        { () => SearchDimension.Categorical("Width", 1.0, double.NaN), "Categorical dimension 'Width' has the choice NaN of type Double; expected finite numbers, strings, enums or booleans. (Parameter 'choices')" },
        { () => SearchDimension.Float(" ", 0, 1), "A dimension needs a name that is not empty or white space. (Parameter 'name')" },
        { () => new SearchSpace { SearchDimension.Int("Units", 1, 4), SearchDimension.Int("Units", 1, 8) }, "The search space already has a dimension named 'Units'; names must be unique. (Parameter 'dimension')" },
        { () => new SearchSpace { SearchDimension.Float("Momentum", 0, 1).When("Optimizer", "Sgd") }, "Dimension 'Momentum' is conditional on 'Optimizer', which is not declared before it in the search space. (Parameter 'dimension')" },
        { () => new SearchSpace { SearchDimension.Int("Depth", 1, 3), SearchDimension.Float("Momentum", 0, 1).When("Depth", 1) }, "Dimension 'Momentum' is conditional on 'Depth', which is not categorical; a condition needs a categorical parent. (Parameter 'dimension')" },
        { () => new SearchSpace { SearchDimension.Categorical("Optimizer", "Sgd", "Adam"), SearchDimension.Float("Momentum", 0, 1).When("Optimizer", "Rmsprop") }, "Dimension 'Momentum' is active when 'Optimizer' is \"Rmsprop\", which is not one of its choices (\"Sgd\", \"Adam\"). (Parameter 'dimension')" },
        { () => SearchDimension.Float("Momentum", 0, 1).When("Optimizer"), "Dimension 'Momentum' needs at least one value of 'Optimizer' under which it is active. (Parameter 'parentValues')" },
    };

    [Theory]
    [MemberData(nameof(BadSpaces))]
    public void BadDeclaration_ThrowsArgumentException_WithAnExactMessage(Func<object> declare, string message)
    {
        var exception = Assert.Throws<ArgumentException>(() => declare());
        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void FromJson_RejectsParametersOfAnotherSpace()
    {
        var space = Space();
        var exception = Assert.Throws<ArgumentException>(() => TrialParameters.FromJson("""{"LearningRate":0.01,"Units":3}""", space));
        Assert.Equal("""The parameters {"LearningRate":0.01,"Units":3} do not belong to this search space: the space has no dimension named 'Units'. (Parameter 'json')""", exception.Message);

        var outOfRange = Assert.Throws<ArgumentException>(() => TrialParameters.FromJson("""{"LearningRate":5,"BatchSize":16,"Optimizer":"Adam","Activation":"relu","BatchNorm":true,"Dropout":0}""", space));
        Assert.Contains("5 is not a value of Float(\"LearningRate\", 0.0001, 0.1, log: true)", outOfRange.Message, StringComparison.Ordinal);

        var inactive = Assert.Throws<ArgumentException>(() => TrialParameters.FromJson("""{"LearningRate":0.01,"BatchSize":16,"Optimizer":"Adam","Momentum":0.9,"Activation":"relu","BatchNorm":true,"Dropout":0}""", space));
        Assert.Contains("'Momentum' is present but not active", inactive.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateParameters_RejectsMissingAndInvalidValues()
    {
        var space = Space();
        var missing = Assert.Throws<ArgumentException>(() => space.CreateParameters(new Dictionary<string, object> { ["LearningRate"] = 0.01 }));
        Assert.Equal("'BatchSize' needs a value. (Parameter 'values')", missing.Message);
        var off = Assert.Throws<ArgumentException>(() => space.CreateParameters(new Dictionary<string, object> { ["LearningRate"] = 0.01, ["BatchSize"] = 20 }));
        Assert.Equal("20 is not a value of Int(\"BatchSize\", 16, 128, step: 16). (Parameter 'values')", off.Message);
    }

    [Fact]
    public void SpaceUsedByAStudy_CannotChange()
    {
        var space = new SearchSpace { SearchDimension.Int("Units", 1, 4) };
        Study.CreateOrOpen("frozen", space, new StudyOptions { Sampler = new RandomSampler() });
        var exception = Assert.Throws<InvalidOperationException>(() => space.Add(SearchDimension.Int("Depth", 1, 3)));
        Assert.Equal("A study uses this search space; it can no longer change. Make a new space for a new study.", exception.Message);
    }
}
