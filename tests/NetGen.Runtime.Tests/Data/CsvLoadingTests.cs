using System;
using System.IO;
using System.Globalization;
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
    public void LoadCsv_Directory_SaysItIsADirectory()
    {
        File.WriteAllText(Path.Combine(_directory, "train.csv"), Table);

        var e = Assert.Throws<ArgumentException>(() => TabularDataSet.LoadCsv(_directory));

        Assert.Equal("path", e.ParamName);
        Assert.StartsWith($"'{Path.GetFullPath(_directory)}' is a directory; expected the path of a CSV file, such as 'train.csv' in it.", e.Message);
    }

    [Fact]
    public void LoadCsv_HasHeader_IsPassedOn()
    {
        var path = Path.Combine(_directory, "headerless.csv");
        File.WriteAllText(path, "1,2,0\n3,4,1\n");

        Assert.Throws<CsvFormatException>(() => TabularDataSet.LoadCsv(path));
        var data = TabularDataSet.LoadCsv(path, hasHeader: false);

        Assert.Equal(2, data.Count);
        Assert.Equal("column3", data.TargetName);
    }

    [Fact]
    public void LoadCsv_GzipFileCutAnywhere_Throws()
    {
        // Every proper prefix of a small file: none may load (.NET's GZipStream decompresses every one of them to a
        // prefix of the text without an error).
        var bytes = Gzip(Encoding.UTF8.GetBytes(Rows(40)));
        var path = Path.Combine(_directory, "cut.csv.gz");
        for (var length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(path, bytes[..length]);
            var e = Assert.Throws<InvalidDataException>(() => TabularDataSet.LoadCsv(path));
            Assert.StartsWith($"{path}: ", e.Message);
        }

        File.WriteAllBytes(path, bytes);
        Assert.Equal(40, TabularDataSet.LoadCsv(path).Count);
    }

    [Fact]
    public void LoadCsv_LargeGzipFileCutAtSixtyPoints_Throws_SayingItIsTruncated()
    {
        // The reproduction: 3 000 rows, cut at 60 points; 2 of them (at line breaks) used to load part of the table.
        var bytes = Gzip(Encoding.UTF8.GetBytes(Rows(3000)));
        var path = Path.Combine(_directory, "large.csv.gz");
        for (var cut = 1; cut <= 60; cut++)
        {
            File.WriteAllBytes(path, bytes[..(int)((long)bytes.Length * cut / 61)]);
            var e = Assert.Throws<InvalidDataException>(() => TabularDataSet.LoadCsv(path));
            Assert.Contains("the gzip file is truncated: it ends inside the compressed data of member 1", e.Message);
        }
    }

    [Fact]
    public void LoadCsv_GzipWithoutItsLastTrailerByte_SaysTruncatedOrCorrupt()
    {
        var bytes = Gzip(Encoding.UTF8.GetBytes(Table));
        var path = Path.Combine(_directory, "short.csv.gz");
        File.WriteAllBytes(path, bytes[..^1]);

        var e = Assert.Throws<InvalidDataException>(() => TabularDataSet.LoadCsv(path));

        Assert.Equal($"{path}: the gzip file is truncated or corrupt: member 1 does not end with the CRC-32 and length of its {Table.Length} decompressed bytes.", e.Message);
    }

    [Theory]
    [InlineData(8)]  // the CRC-32
    [InlineData(4)]  // the length
    public void LoadCsv_GzipWithAWrongTrailer_Throws(int fromEnd)
    {
        var bytes = Gzip(Encoding.UTF8.GetBytes(Table));
        bytes[^fromEnd] ^= 0x01;
        var path = Path.Combine(_directory, "corrupt.csv.gz");
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => TabularDataSet.LoadCsv(path));

        Assert.Contains("does not end with the CRC-32 and length", e.Message);
    }

    [Fact]
    public void LoadCsv_ConcatenatedGzipMembers_LoadAsOneText()
    {
        // `cat a.gz b.gz` is a valid gzip file (RFC 1952 §2.2); each member is checked on its own.
        var path = Path.Combine(_directory, "members.csv.gz");
        File.WriteAllBytes(path, [.. Gzip(Encoding.UTF8.GetBytes("x,y,class\n1,2,0\n")), .. Gzip(Encoding.UTF8.GetBytes("3,4,1\n"))]);

        var data = TabularDataSet.LoadCsv(path);

        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
        Assert.Equal([0f, 1f], data.Targets);
    }

    [Fact]
    public void LoadCsv_SecondGzipMemberCut_Throws()
    {
        var first = Gzip(Encoding.UTF8.GetBytes("x,y,class\n1,2,0\n"));
        var second = Gzip(Encoding.UTF8.GetBytes(Rows(200)[10..]));
        var path = Path.Combine(_directory, "members.csv.gz");
        for (var length = 1; length < second.Length; length += 7)
        {
            File.WriteAllBytes(path, [.. first, .. second[..length]]);
            Assert.Throws<InvalidDataException>(() => TabularDataSet.LoadCsv(path));
        }
    }

    [Fact]
    public void LoadCsv_DataAfterTheGzipStream_Throws()
    {
        var path = Path.Combine(_directory, "trailing.csv.gz");
        File.WriteAllBytes(path, [.. Gzip(Encoding.UTF8.GetBytes(Table)), 0, 0, 0, 0]);

        var e = Assert.Throws<InvalidDataException>(() => TabularDataSet.LoadCsv(path));

        Assert.Equal($"{path}: the gzip file has data after its end (after member 1, where a new member or the end of the file should follow).", e.Message);
    }

    [Fact]
    public void LoadCsv_GzipHeaderWithNameAndComment_IsSkipped()
    {
        // FLG = FNAME | FCOMMENT | FEXTRA, as gzip -N and other tools write them.
        var deflated = Gzip(Encoding.UTF8.GetBytes(Table));
        byte[] header = [0x1F, 0x8B, 8, 0x1C, 0, 0, 0, 0, 0, 3, 3, 0, 1, 2, 3, (byte)'t', (byte)'.', (byte)'c', 0, (byte)'h', (byte)'i', 0];
        var path = Path.Combine(_directory, "named.csv.gz");
        File.WriteAllBytes(path, [.. header, .. deflated[10..]]);

        Assert.Equal([0f, 1f], TabularDataSet.LoadCsv(path).Targets);
    }

    private static byte[] Gzip(byte[] text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal))
        {
            gzip.Write(text);
        }

        return compressed.ToArray();
    }

    private static string Rows(int count)
    {
        var random = new DeterministicRandom(3);
        var text = new StringBuilder("a,b,class\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{random.NextDouble():F4},{random.NextInt(100)},{random.NextInt(3)}\n");
        }

        return text.ToString();
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
