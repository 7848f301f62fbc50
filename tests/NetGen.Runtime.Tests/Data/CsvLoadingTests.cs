using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

public sealed class CsvLoadingTests : IDisposable
{
    private const string Table = "x,y,class\n1,2,0\n3,4,1\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("netgen-data-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadCsv_PlainFile_ReadsTheTable()
    {
        var path = Path.Combine(_directory, "table.csv");
        File.WriteAllText(path, Table);

        var data = TabularDataSet.LoadCsv(path);

        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
        Assert.Equal([0f, 1f], data.Targets);
    }

    [Fact]
    public void LoadCsv_Utf8ByteOrderMark_IsSkipped()
    {
        var path = Path.Combine(_directory, "bom.csv");
        File.WriteAllText(path, Table, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var data = TabularDataSet.LoadCsv(path);

        Assert.Equal("x", data.FeatureNames[0]);
    }

    [Theory]
    [InlineData("table.csv.gz")]
    [InlineData("TABLE.CSV.GZ")]
    public void LoadCsv_GzipFile_IsDecompressed(string name)
    {
        var path = Path.Combine(_directory, name);
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Table));
        }

        var data = TabularDataSet.LoadCsv(path);

        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
        Assert.Equal([0f, 1f], data.Targets);
    }

    [Fact]
    public void LoadCsv_GzExtensionWithPlainText_ThrowsInvalidDataNamingThePath()
    {
        var path = Path.Combine(_directory, "table.csv.gz");
        File.WriteAllText(path, Table);

        var e = Assert.Throws<InvalidDataException>(() => TabularDataSet.LoadCsv(path));

        Assert.StartsWith($"{path}: not a valid gzip file", e.Message);
    }

    [Fact]
    public void LoadCsv_MissingFile_ThrowsFileNotFoundNamingTheFullPath()
    {
        var path = Path.Combine(_directory, "missing.csv");

        var e = Assert.Throws<FileNotFoundException>(() => TabularDataSet.LoadCsv(path));

        Assert.Equal(path, e.FileName);
        Assert.Contains(Path.GetFullPath(path), e.Message);
    }

    [Fact]
    public void LoadCsv_MissingDirectory_ThrowsFileNotFoundToo()
    {
        var path = Path.Combine(_directory, "no-such-folder", "train.csv");

        var e = Assert.Throws<FileNotFoundException>(() => TabularDataSet.LoadCsv(path));

        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void LoadCsv_MalformedFile_MessageNamesThePath()
    {
        var path = Path.Combine(_directory, "bad.csv");
        File.WriteAllText(path, "x,y\n1,oops\n");

        var e = Assert.Throws<CsvFormatException>(() => TabularDataSet.LoadCsv(path));

        Assert.Equal(path, e.SourceName);
        Assert.StartsWith($"{path}: line 2, column 2 (y)", e.Message);
    }

    [Fact]
    public void LoadCsv_IrisSampleData_HasTheDocumentedShape()
    {
        var directory = FindIrisDirectory();

        var train = TabularDataSet.LoadCsv(Path.Combine(directory, "train.csv"));
        var test = TabularDataSet.LoadCsv(Path.Combine(directory, "test.csv"));

        Assert.Equal((120, 30), (train.Count, test.Count));
        Assert.Equal(["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"], train.FeatureNames);
        Assert.Equal("target", train.TargetName);
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(40, train.Targets.Count(t => t == c)));
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(10, test.Targets.Count(t => t == c)));
    }

    // samples/data/iris from the repository root, found by walking up from the test assembly.
    private static string FindIrisDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", "data", "iris");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No samples/data/iris above {AppContext.BaseDirectory}.");
    }
}
