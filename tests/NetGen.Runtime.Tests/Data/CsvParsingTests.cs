using System;
using System.Globalization;
using System.IO;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

public sealed class CsvParsingTests
{
    private static TabularDataSet Parse(string text) => TabularDataSet.ParseCsv(new StringReader(text), "data.csv");

    private static CsvFormatException ParseFails(string text) => Assert.Throws<CsvFormatException>(() => Parse(text));

    [Fact]
    public void ParseCsv_ValidTable_ReadsFeaturesRowMajorAndLastColumnAsTarget()
    {
        var data = Parse("length,width,class\n1.5,2,0\n3,4.25,1\n-5,6e-1,2\n");

        Assert.Equal(3, data.Count);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal([1.5f, 2f, 3f, 4.25f, -5f, 0.6f], data.Features);
        Assert.Equal([0f, 1f, 2f], data.Targets);
    }

    [Fact]
    public void ParseCsv_Header_NamesFeaturesAndTargetTrimmed()
    {
        var data = Parse(" length , width ,class \n1,2,3");

        Assert.Equal(["length", "width"], data.FeatureNames);
        Assert.Equal("class", data.TargetName);
    }

    [Theory]
    [InlineData("+0.25", 0.25f)]
    [InlineData(".5", 0.5f)]
    [InlineData("  7  ", 7f)]
    [InlineData("1E3", 1000f)]
    [InlineData("-0", -0f)]
    public void ParseCsv_InvariantNumberForms_AreAccepted(string text, float expected)
    {
        var data = Parse($"x,y\n{text},1");

        Assert.Equal(expected, data.Features[0]);
    }

    [Fact]
    public void ParseCsv_UnderCultureWithDecimalComma_StillReadsDecimalPoint()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var data = Parse("x,y\n1.5,2.25");

            Assert.Equal([1.5f], data.Features);
            Assert.Equal([2.25f], data.Targets);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void ParseCsv_CrLfLineEndings_AreAccepted()
    {
        var data = Parse("x,y\r\n1,2\r\n3,4\r\n");

        Assert.Equal([1f, 3f], data.Features);
        Assert.Equal([2f, 4f], data.Targets);
    }

    [Theory]
    [InlineData("x,y\n1,2\n\n")]
    [InlineData("x,y\n1,2\n  \n\t\n")]
    [InlineData("x,y\r\n1,2\r\n\r\n")]
    public void ParseCsv_TrailingBlankLines_AreIgnored(string text)
    {
        var data = Parse(text);

        Assert.Equal(1, data.Count);
    }

    [Fact]
    public void ParseCsv_ByteOrderMarkBeforeHeader_IsNotPartOfTheFirstName()
    {
        var data = Parse("\uFEFFx,y\n1,2");

        Assert.Equal("x", data.FeatureNames[0]);
    }

    [Fact]
    public void ParseCsv_MalformedValue_ThrowsNamingSourceLineColumnHeaderAndText()
    {
        var e = ParseFails("length,width,class\n1,2,0\n3,abc,1\n");

        Assert.Equal(3, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Equal("data.csv", e.SourceName);
        Assert.Equal("data.csv: line 3, column 2 (width): expected a number but found 'abc'.", e.Message);
    }

    [Fact]
    public void ParseCsv_MalformedTarget_ThrowsNamingTheTargetColumn()
    {
        var e = ParseFails("length,width,class\n1,2,setosa\n");

        Assert.Equal(3, e.Column);
        Assert.Contains("line 2, column 3 (class)", e.Message);
        Assert.Contains("'setosa'", e.Message);
    }

    [Fact]
    public void ParseCsv_EmptyField_ThrowsSayingTheFieldIsEmpty()
    {
        var e = ParseFails("x,y\n,1\n");

        Assert.Equal(1, e.Column);
        Assert.Equal("data.csv: line 2, column 1 (x): expected a number but found an empty field.", e.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e40")]
    public void ParseCsv_NonFiniteValue_ThrowsAskingForAFiniteNumber(string text)
    {
        var e = ParseFails($"x,y\n1,2\n{text},3\n");

        Assert.Equal(3, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains($"expected a finite number but found '{text}'", e.Message);
    }

    [Theory]
    [InlineData("1,2", 2)]
    [InlineData("1,2,3,4", 4)]
    [InlineData("1.5", 1)]
    public void ParseCsv_WrongFieldCount_ThrowsWithLineAndBothCounts(string row, int actual)
    {
        var e = ParseFails($"a,b,c\n1,2,3\n{row}\n");

        Assert.Equal(3, e.Line);
        Assert.Null(e.Column);
        Assert.Equal($"data.csv: line 3 has {actual} fields, but the header has 3 columns.", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("  \r\n\t")]
    public void ParseCsv_EmptyText_ThrowsSayingTheFileIsEmpty(string text)
    {
        var e = ParseFails(text);

        Assert.Equal(1, e.Line);
        Assert.StartsWith("data.csv: the file is empty", e.Message);
    }

    [Theory]
    [InlineData("x,y")]
    [InlineData("x,y\n")]
    [InlineData("x,y\n\n \n")]
    public void ParseCsv_HeaderOnly_ThrowsSayingThereAreNoDataRows(string text)
    {
        var e = ParseFails(text);

        Assert.Equal(2, e.Line);
        Assert.Equal("data.csv: there are no data rows, only the header (2 columns).", e.Message);
    }

    [Fact]
    public void ParseCsv_BlankLineBeforeHeader_ThrowsSayingTheHeaderMustBeLine1()
    {
        var e = ParseFails("\nx,y\n1,2\n");

        Assert.Equal(1, e.Line);
        Assert.Contains("line 1 is blank, but the first line must be the header row naming the columns or the first data row", e.Message);
    }

    [Fact]
    public void ParseCsv_BlankLineFollowedByData_ThrowsNamingBothLines()
    {
        var e = ParseFails("x,y\n1,2\n\n3,4\n");

        Assert.Equal(3, e.Line);
        Assert.Contains("line 3 is blank, but data follows on line 4", e.Message);
    }

    [Fact]
    public void ParseCsv_SingleColumnHeader_ThrowsAskingForFeaturesAndTarget()
    {
        var e = ParseFails("target\n1\n");

        Assert.Equal(1, e.Line);
        Assert.Contains("at least 2 are needed", e.Message);
    }

    [Fact]
    public void ParseCsv_NumericFirstLine_AsksWhetherItIsAHeader()
    {
        var e = ParseFails("5.1,3.5,0\n4.9,3.0,0\n");

        Assert.Equal(1, e.Line);
        Assert.Contains("line 1 is all numbers ('5.1,3.5,0')", e.Message);
        Assert.Contains("hasHeader: false", e.Message);
        Assert.Contains("hasHeader: true", e.Message);
    }

    [Fact]
    public void ParseCsv_FirstLineMixingNumbersAndText_IsNotTakenAsAHeader()
    {
        // The case: `1,2,1e` was silently read as the column names "1", "2" and "1e".
        var e = ParseFails("1,2,1e\n3,4,5\n");

        Assert.Equal(1, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Equal(
            "data.csv: line 1 mixes text and numbers: column 3 ('1e') is not a number, but columns 1 ('1'), 2 ('2') are. " +
            "A header row names every column and a data row has numbers, except for a class label in its target column; pass hasHeader: true if line 1 is the header, hasHeader: false if it is data whose column 3 is a class label, or correct column 3 if it is a mistyped number.",
            e.Message);
    }

    [Fact]
    public void ParseCsv_HasHeaderTrue_TakesNumericNames()
    {
        var data = TabularDataSet.ParseCsv(new StringReader("2019,2020,1e\n3,4,5\n"), "data.csv", hasHeader: true);

        Assert.Equal(["2019", "2020"], data.FeatureNames);
        Assert.Equal("1e", data.TargetName);
        Assert.Equal([3f, 4f], data.Features);
    }

    [Fact]
    public void ParseCsv_HasHeaderFalse_ReadsLine1AsDataWithNumberedColumns()
    {
        var data = TabularDataSet.ParseCsv(new StringReader("5.1,3.5,0\n4.9,3.0,1\n"), "data.csv", hasHeader: false);

        Assert.Equal(["column1", "column2"], data.FeatureNames);
        Assert.Equal("column3", data.TargetName);
        Assert.Equal([5.1f, 3.5f, 4.9f, 3.0f], data.Features);
        Assert.Equal([0f, 1f], data.Targets);
    }

    [Fact]
    public void ParseCsv_HasHeaderFalse_ABadValueOnLine1_NamesLine1()
    {
        var e = Assert.Throws<CsvFormatException>(() => TabularDataSet.ParseCsv(new StringReader("1,2,1e\n3,4,5\n"), "data.csv", hasHeader: false));

        Assert.Equal(1, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Equal("data.csv: line 1, column 3 (column3): expected a number but found '1e'.", e.Message);
    }

    [Fact]
    public void ParseCsv_HasHeaderFalse_ALaterRowOfTheWrongWidth_ComparesWithLine1()
    {
        var e = Assert.Throws<CsvFormatException>(() => TabularDataSet.ParseCsv(new StringReader("1,2,3\n4,5\n"), "data.csv", hasHeader: false));

        Assert.Equal("data.csv: line 2 has 2 fields, but line 1 has 3 columns.", e.Message);
    }

    [Fact]
    public void ParseCsv_DuplicateColumnNames_ThrowNamingBothColumns()
    {
        var e = ParseFails("x,y,x,target\n1,2,3,4\n");

        Assert.Equal(1, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Equal("data.csv: line 1: columns 1 and 3 are both named 'x'; every column needs its own name.", e.Message);
    }

    [Fact]
    public void ParseCsv_DuplicateTargetName_Throws()
    {
        var e = ParseFails("x,y,y\n1,2,3\n");

        Assert.Equal(3, e.Column);
        Assert.Contains("columns 2 and 3 are both named 'y'", e.Message);
    }

    [Theory]
    [InlineData("x,,target", 2)]
    [InlineData("x, ,target", 2)]
    [InlineData("x,y,\"\"", 3)]
    [InlineData("\" \",y,target", 1)]
    public void ParseCsv_EmptyColumnName_ThrowsNamingTheColumn(string header, int column)
    {
        var e = ParseFails($"{header}\n1,2,3\n");

        Assert.Equal(1, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Equal($"data.csv: line 1, column {column}: the column has no name; every column of the header row needs one.", e.Message);
    }

    [Fact]
    public void ParseCsv_QuotedHeaderNames_AreUnquotedAsRfc4180Says()
    {
        var data = Parse("\"sepal length\", \"a \"\"b\"\"\" ,\"x,y\",\" padded \",\"class\"\n1,2,3,4,0\n");

        Assert.Equal(["sepal length", "a \"b\"", "x,y", " padded "], data.FeatureNames);
        Assert.Equal("class", data.TargetName);
        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
    }

    [Fact]
    public void ParseCsv_QuotedNumbers_AreRead()
    {
        var data = Parse("x,y\n\"1.5\", \"2\"\n3,\"4\"\n");

        Assert.Equal([1.5f, 3f], data.Features);
        Assert.Equal([2f, 4f], data.Targets);
    }

    [Fact]
    public void ParseCsv_QuotedFieldWithAComma_CountsAsOneField()
    {
        var e = ParseFails("x,y\n\"1,5\",2\n");

        Assert.Equal(2, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("expected a number but found '1,5'", e.Message);
    }

    [Fact]
    public void ParseCsv_UnclosedQuote_ThrowsNamingTheColumn()
    {
        var e = ParseFails("x,\"y\n1,2\n");

        Assert.Equal(1, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Equal("data.csv: line 1, column 2: the quoted field is not closed on this line (a field cannot span lines).", e.Message);
    }

    [Fact]
    public void ParseCsv_TextAfterAClosingQuote_Throws()
    {
        var e = ParseFails("x,y\n1,\"2\"3\n");

        Assert.Equal(2, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Contains("text follows the closing quote", e.Message);
    }

    [Fact]
    public void CsvFormatException_IsAFormatException()
    {
        Assert.IsAssignableFrom<FormatException>(ParseFails(""));
    }
}
