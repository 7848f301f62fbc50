using System.Collections.Generic;
using System;
using System.IO;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

public sealed class ClassLabelTests
{
    private static TabularDataSet Parse(string text, IReadOnlyList<string>? classNames = null) =>
        classNames is null
            ? TabularDataSet.ParseCsv(new StringReader(text), "data.csv")
            : TabularDataSet.ParseCsv(new StringReader(text), "data.csv", "species", classNames: classNames);

    private const string Iris = "\"sepal length\",width,species\n5.1,3.5,virginica\n4.9,3.0,setosa\n6.3,2.5,versicolor\n5.0,3.4,setosa\n";

    [Fact]
    public void ParseCsv_LabelColumn_MapsNamesToIndicesInOrdinalSortedOrder()
    {
        var data = Parse(Iris);

        Assert.Equal(["setosa", "versicolor", "virginica"], data.ClassNames);
        Assert.Equal([2f, 0f, 1f, 0f], data.Targets);
        Assert.Equal(["sepal length", "width"], data.FeatureNames);
    }

    [Fact]
    public void ParseCsv_OrdinalOrder_UppercaseBeforeLowercase()
    {
        // Ordinal (code point) order, as NumPy's unique sorts strings for LabelEncoder: 'B' (66) < 'a' (97).
        var data = Parse("x,y\n1,a\n2,B\n");

        Assert.Equal(["B", "a"], data.ClassNames);
    }

    [Fact]
    public void ParseCsv_NumericLabels_StayNumbersWithoutClassNames()
    {
        var data = Parse("x,y\n1,2\n2,0\n");

        Assert.Null(data.ClassNames);
        Assert.Equal([2f, 0f], data.Targets);
    }

    [Fact]
    public void ParseCsv_GivenClassNames_MapByThemEvenWhenAClassIsMissing()
    {
        var data = Parse("x,species\n1,virginica\n2,virginica\n", ["setosa", "versicolor", "virginica"]);

        Assert.Equal([2f, 2f], data.Targets);
        Assert.Equal(["setosa", "versicolor", "virginica"], data.ClassNames);
    }

    [Fact]
    public void ParseCsv_LabelNotAmongGivenClassNames_ThrowsListingThem()
    {
        var exception = Assert.Throws<CsvFormatException>(() => Parse("x,species\n1,setosa\n2,virginca\n", ["setosa", "versicolor", "virginica"]));

        Assert.Equal("data.csv: line 3, column 2 (species): 'virginca' is not one of the 3 class names ('setosa', 'versicolor', 'virginica').", exception.Message);
    }

    [Fact]
    public void ParseCsv_MostlyLabelsWithANumber_ThrowsAtTheNumber()
    {
        var exception = Assert.Throws<CsvFormatException>(() => Parse("x,y\n1,cat\n2,dog\n3,7\n"));

        Assert.Equal("data.csv: line 4, column 2 (y): found the number '7' in a column of class labels (such as 'cat' on line 2); a column of class labels holds names only.", exception.Message);
        Assert.Equal(4, exception.Line);
        Assert.Equal(2, exception.Column);
    }

    [Fact]
    public void ParseCsv_MostlyNumbersWithAName_ThrowsAtTheName()
    {
        var exception = Assert.Throws<CsvFormatException>(() => Parse("x,y\n1,0\n2,one\n3,1\n"));

        Assert.Equal("data.csv: line 3, column 2 (y): expected a number but found 'one'.", exception.Message);
    }

    [Fact]
    public void ParseCsv_OneLabelOnly_ThrowsAskingForClassNames()
    {
        var exception = Assert.Throws<CsvFormatException>(() => Parse("x,y\n1,cat\n2,cat\n"));

        Assert.Equal("data.csv: line 2, column 2 (y): 'cat' is the only class label in the column, but classification needs at least 2 classes. When the data holds fewer classes than the problem, pass the training set's ClassNames as classNames.", exception.Message);
    }

    [Fact]
    public void ParseCsv_EmptyLabel_Throws()
    {
        var exception = Assert.Throws<CsvFormatException>(() => Parse("x,y\n1,cat\n2,\n"));

        Assert.Equal("data.csv: line 3, column 2 (y): expected a number or a class label but found an empty field.", exception.Message);
    }

    [Fact]
    public void ParseCsv_LabelsInOneOfSeveralTargets_Throws()
    {
        var exception = Assert.Throws<CsvFormatException>(() => TabularDataSet.ParseCsv(new StringReader("x,a,b\n1,2,cat\n2,3,dog\n"), "data.csv", ["a", "b"]));

        Assert.Equal("data.csv: column 3 (b) holds class labels ('cat' on line 2), but class labels need a single target column and 2 were chosen.", exception.Message);
    }

    [Fact]
    public void ClassNames_SurviveSubsetSplitAndStandardizer()
    {
        var data = Parse(Iris);

        var (training, _) = data.Split(0.25, seed: 3);
        var standardized = Standardizer.Fit(training).Transform(training);

        Assert.Same(data.ClassNames, data.Subset([0]).ClassNames);
        Assert.Equal(data.ClassNames, standardized.ClassNames);
    }

    [Fact]
    public void ClassNameOf_Prediction_NamesTheClass()
    {
        var data = Parse(Iris);

        Assert.Equal("versicolor", data.ClassNameOf([0.1f, 0.7f, 0.2f]));
        Assert.Equal("setosa", data.ClassNameOf([0.4f, 0.4f, 0.2f])); // a tie goes to the first class, as arg-max
    }

    [Fact]
    public void ClassNameOf_NumericClasses_GivesTheNumber()
    {
        var data = Parse("x,y\n1,0\n2,1\n");

        Assert.Equal("1", data.ClassNameOf([0.8f]));
        Assert.Equal("0", data.ClassNameOf([0.2f]));
    }

    [Fact]
    public void ClassNameOf_ClassBeyondNames_Throws()
    {
        var data = Parse("x,y\n1,a\n2,b\n");

        var exception = Assert.Throws<ArgumentException>(() => data.ClassNameOf([0f, 0f, 1f]));

        Assert.Equal("prediction", exception.ParamName);
        Assert.StartsWith("The prediction is class 2, but the data set has 2 classes.", exception.Message);
    }

    [Fact]
    public void Constructor_TargetNotAClassOfTheNames_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new TabularDataSet(["x"], ["y"], [1f, 2f], [0f, 2f], ["a", "b"]));

        Assert.Equal("targets", exception.ParamName);
        Assert.StartsWith("Row 1 (0-based) has target 2, which is not a class number of the 2 class names: an integer in [0, 2).", exception.Message);
    }

    [Fact]
    public void ParseCsv_HeaderlessWithLabels_HasHeaderFalseReadsThem()
    {
        var data = TabularDataSet.ParseCsv(new StringReader("5.1,3.5,setosa\n4.9,3.0,virginica\n"), "data.csv", hasHeader: false);

        Assert.Equal("column3", data.TargetName);
        Assert.Equal(["setosa", "virginica"], data.ClassNames);
        Assert.Equal([0f, 1f], data.Targets);
    }

    [Fact]
    public void ParseCsv_HeaderlessWithLabelsUndecided_SuggestsHasHeaderFalse()
    {
        var exception = Assert.Throws<CsvFormatException>(() => Parse("5.1,3.5,setosa\n4.9,3.0,virginica\n"));

        Assert.Contains("hasHeader: false if it is data whose column 3 is a class label", exception.Message, StringComparison.Ordinal);
    }
}
