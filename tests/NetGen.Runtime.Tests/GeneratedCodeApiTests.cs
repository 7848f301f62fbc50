using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace NetGen.Runtime.Tests;

/// <summary>
/// The runtime's public members that only generated code should call are hidden from IntelliSense
/// (<see cref="EditorBrowsableState.Never"/>); they stay public because the generated code lives in the user's assembly.
/// </summary>
public sealed partial class GeneratedCodeApiTests
{
    // Runtime APIs the generated code calls that users call too, each with the reason it stays visible.
    private static readonly Dictionary<string, string> s_meantForUsersToo = new()
    {
        ["NetGen.DeterministicRandom.ForStream"] = "independent random streams of a seed, documented in docs/conventions.md",
        ["NetGen.NetworkArchitecture..ctor"] = "the architecture description users read and build",
        ["NetGen.LayerArchitecture..ctor"] = "part of the architecture description",
        ["NetGen.BatchNormArchitecture..ctor"] = "part of the architecture description",
        ["NetGen.Hyperparameter..ctor"] = "part of the architecture description",
    };

    [Theory]
    [InlineData(typeof(NetworkArguments))]
    [InlineData(typeof(Kernels.Simd))]
    [InlineData(typeof(Initialization.WeightInitializer))]
    [InlineData(typeof(BakedData))]
    [InlineData(typeof(Numerics.DeterministicMath))]
    public void TypesOnlyGeneratedCodeCalls_AreHidden(Type type) => Assert.True(IsHidden(type), $"{type} is not [EditorBrowsable(Never)]");

    [Fact]
    public void DropoutMaskFilling_IsHidden_TheRestOfDeterministicRandomIsNot()
    {
        var methods = typeof(DeterministicRandom).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
        Assert.All(methods.Where(m => m.Name == nameof(DeterministicRandom.FillDropoutMask)), m => Assert.True(IsHidden(m)));
        Assert.All(methods.Where(m => m.Name != nameof(DeterministicRandom.FillDropoutMask)), m => Assert.False(IsHidden(m), m.Name));
        Assert.False(IsHidden(typeof(DeterministicRandom)));
    }

    [Fact]
    public void EveryRuntimeApiTheEmitterCalls_IsHiddenOrMeantForUsersToo()
    {
        // Reads the generator's source: every `global::NetGen.Type.Member(` or `new global::NetGen.Type(` it writes.
        var emitter = Path.Combine(RepositoryRoot(), "generator", "NetGen.Generator");
        var calls = Directory.EnumerateFiles(emitter, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => RuntimeCall().Matches(File.ReadAllText(path)))
            .Select(match => (IsNew: match.Groups[1].Success, Name: match.Groups[2].Value))
            .Distinct()
            .ToList();
        Assert.NotEmpty(calls);

        var runtime = typeof(NetworkArguments).Assembly;
        var unhidden = new List<string>();
        foreach (var (isNew, name) in calls)
        {
            var split = name.LastIndexOf('.');
            var (type, member, key) = isNew
                ? (runtime.GetType(name), (MemberInfo?)null, name + "..ctor")
                : (runtime.GetType(name[..split]), null, name);
            Assert.True(type is not null, $"The emitter calls {name}, which the runtime does not have.");
            var members = isNew ? type!.GetConstructors() : type!.GetMember(name[(split + 1)..]);
            Assert.True(members.Length > 0, $"The emitter calls {name}, which the runtime does not have.");
            if (!s_meantForUsersToo.ContainsKey(key) && !IsHidden(type) && !members.All(IsHidden))
            {
                unhidden.Add(name);
            }
        }

        Assert.True(unhidden.Count == 0, $"Runtime APIs that generated code calls are neither [EditorBrowsable(Never)] nor listed as meant for users: {string.Join(", ", unhidden)}");
    }

    private static bool IsHidden(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "generator", "NetGen.Generator")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No generator/NetGen.Generator above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"(new )?global::(NetGen(?:\.[A-Z][A-Za-z0-9]*)+)\(")]
    private static partial Regex RuntimeCall();
}
