using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;

namespace NetGen.Generator.Tests;

/// <summary>
/// Snapshot assertions with Verify's file conventions (Verify itself is not available here):
/// <c>Snapshots/{Class}.{Method}#{HintName}.verified.cs</c> is committed beside the test; on a mismatch the actual text
/// goes to <c>*.received.cs</c> (git-ignored) and the test fails with the first differing line. To accept the received
/// output, run the tests with <c>NETGEN_ACCEPT_SNAPSHOTS=1</c>, which overwrites the verified files — except under
/// <c>CI=true</c>, where snapshots are only ever compared.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "NETGEN_ACCEPT_SNAPSHOTS";

    /// <summary>Verifies every generated file of a run against its snapshot; the class is the calling file's name.</summary>
    public static void Verify(
        IReadOnlyDictionary<string, string> sources,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string method = "")
    {
        Assert.NotEmpty(sources);
        foreach (var (hintName, text) in sources)
        {
            Verify(hintName, text, callerFile, method);
        }
    }

    private static void Verify(string hintName, string actual, string callerFile, string method)
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var stem = $"{Path.GetFileNameWithoutExtension(callerFile)}.{method}#{StripExtension(hintName)}";
        var accept = ShouldAccept(Environment.GetEnvironmentVariable(AcceptVariable), Environment.GetEnvironmentVariable("CI"));
        VerifyFile(Path.Combine(directory, stem), actual, accept);
    }

    /// <summary>Compares <paramref name="actual"/> with <c>{pathStem}.verified.cs</c>, or overwrites it when <paramref name="accept"/>.</summary>
    internal static void VerifyFile(string pathStem, string actual, bool accept)
    {
        var verifiedPath = pathStem + ".verified.cs";
        var receivedPath = pathStem + ".received.cs";
        Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
        actual = Normalize(actual);

        if (accept)
        {
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"No snapshot {verifiedPath}.\nThe output was written to {receivedPath}; review it and rename it to .verified.cs, or run with {AcceptVariable}=1.");
        }

        var expected = Normalize(File.ReadAllText(verifiedPath));
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"{Path.GetFileName(verifiedPath)} differs from the generated code.\n{FirstDifference(expected, actual)}\nThe output was written to {receivedPath}; review it and rename it to .verified.cs, or run with {AcceptVariable}=1.");
    }

    /// <summary>Accept only when asked to (<c>1</c> or <c>true</c>), and never on CI.</summary>
    internal static bool ShouldAccept(string? acceptValue, string? ciValue) =>
        acceptValue is "1" or "true" && !string.Equals(ciValue, "true", StringComparison.OrdinalIgnoreCase);

    private static string StripExtension(string hintName) =>
        hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName.Substring(0, hintName.Length - 3) : hintName;

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; ; i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : null;
            var a = i < actualLines.Length ? actualLines[i] : null;
            if (e != a)
            {
                return $"First difference at line {i + 1}:\n  expected: {e ?? "<end of file>"}\n  actual:   {a ?? "<end of file>"}";
            }
        }
    }
}
