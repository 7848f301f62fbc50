using System;
using System.IO;
using Xunit.Sdk;

namespace NetGen.Generator.Tests;

/// <summary>The snapshot helper itself, on files in a temporary folder (never the committed snapshots).</summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "netgen-snapshot-tests", Guid.NewGuid().ToString("N"));

    private string Stem => Path.Combine(_directory, "Tests.Method#Hint.g");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Mismatch_FailsWithFirstDifferingLineAndWritesReceived()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Stem + ".verified.cs", "line one\nline two\nline three\n");

        var failure = Assert.Throws<FailException>(() => Snapshot.VerifyFile(Stem, "line one\nline 2\nline three\n", accept: false));

        Assert.Contains("First difference at line 2:\n  expected: line two\n  actual:   line 2", failure.Message);
        Assert.Equal("line one\nline 2\nline three\n", File.ReadAllText(Stem + ".received.cs"));
        Assert.Equal("line one\nline two\nline three\n", File.ReadAllText(Stem + ".verified.cs"));
    }

    [Fact]
    public void ActualLonger_ReportsEndOfFileAsExpected()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Stem + ".verified.cs", "a");

        var failure = Assert.Throws<FailException>(() => Snapshot.VerifyFile(Stem, "a\nb", accept: false));

        Assert.Contains("line 2:\n  expected: <end of file>\n  actual:   b", failure.Message);
    }

    [Fact]
    public void VerifiedMissing_FailsAndWritesReceived()
    {
        Assert.Throws<FailException>(() => Snapshot.VerifyFile(Stem, "text\n", accept: false));

        Assert.Equal("text\n", File.ReadAllText(Stem + ".received.cs"));
        Assert.False(File.Exists(Stem + ".verified.cs"));
    }

    [Fact]
    public void VerifiedWithCrLf_MatchesAndRemovesStaleReceived()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Stem + ".verified.cs", "a\r\nb\r\n");
        File.WriteAllText(Stem + ".received.cs", "stale");

        Snapshot.VerifyFile(Stem, "a\nb\n", accept: false);

        Assert.False(File.Exists(Stem + ".received.cs"));
    }

    [Fact]
    public void Accept_OverwritesVerifiedWithNormalizedText()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Stem + ".verified.cs", "old\n");

        Snapshot.VerifyFile(Stem, "new\r\n", accept: true);

        Assert.Equal("new\n", File.ReadAllText(Stem + ".verified.cs"));
    }

    [Theory]
    [InlineData("1", null, true)]
    [InlineData("true", "false", true)]
    [InlineData("1", "true", false)]
    [InlineData("1", "TRUE", false)]
    [InlineData(null, null, false)]
    [InlineData("0", null, false)]
    public void AcceptVariable_HonoredExceptOnCi(string? accept, string? ci, bool expected)
    {
        Assert.Equal(expected, Snapshot.ShouldAccept(accept, ci));
    }
}
