using System;
using System.IO;
using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.Monitoring;

/// <summary>The real data sets of samples/data for the monitor tests, standardized with the training split's statistics unless asked not to.</summary>
internal static class MonitorData
{
    public static (TrainingData<float> Train, TrainingData<float> Test) IrisOneHot(bool standardize = true)
    {
        var (train, test) = Load("iris", standardize);
        return (TrainingData.WithOneHotTargets(train, 3), TrainingData.WithOneHotTargets(test, 3));
    }

    public static (TrainingData<float> Train, TrainingData<float> Test) DigitsOneHot()
    {
        var (train, test) = Load("digits", standardize: true);
        return (TrainingData.WithOneHotTargets(train, 10), TrainingData.WithOneHotTargets(test, 10));
    }

    public static (TrainingData<float> Train, TrainingData<float> Test) BreastCancer(bool standardize = true)
    {
        var (train, test) = Load("breast_cancer", standardize);
        return (TrainingData.WithRawTargets(train), TrainingData.WithRawTargets(test));
    }

    public static (TabularDataSet Train, TabularDataSet Test) Load(string name, bool standardize)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "data", name);
        var train = TabularDataSet.LoadCsv(Path.Combine(directory, "train.csv"));
        var test = TabularDataSet.LoadCsv(Path.Combine(directory, "test.csv"));
        if (!standardize)
        {
            return (train, test);
        }

        var standardizer = Standardizer.Fit(train);
        return (standardizer.Transform(train), standardizer.Transform(test));
    }
}
