using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Verify = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.ArgumentCodeFixProvider>;

namespace NetGen.Analyzers.Tests;

/// <summary>NG7001–NG7003 on the exact span, with the cap from a real <c>.editorconfig</c> file.</summary>
public class VariantRuleTests
{
    private const string Output = "[Layer(3, Activation.Softmax)]";

    [Fact]
    public Task NG7001_ValidFamily_ReportsItsCountOnTheAttribute() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[{|#0:Variants(Depth = [1, 2], Units = [8, 16])|}]", Output),
            Verify.Diagnostic("NG7001", DiagnosticSeverity.Info).WithLocation(0)
                .WithMessage("Family 'Net' generates 4 variants (2 Depth × 2 Units; the cap is 64), about 0.7 MB of C#"));

    [Fact]
    public Task NG7002_OverTheDefaultCap_IsReportedOnTheAxisThatExceedsIt() =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 4)]",
                "[Variants(Depth = [1, 2, 3, 4, 5, 6, 7, 8], Units = [1, 2, 3, 4, 5, 6, 7, 8], {|#0:BatchNorm = [false, true]|})]",
                Output),
            Verify.Diagnostic("NG7002", DiagnosticSeverity.Error).WithLocation(0)
                .WithMessage("Family 'Net' declares 128 variants (8 Depth × 8 Units × 2 BatchNorm), more than the cap of 64; the BatchNorm axis takes it over, and nothing is generated: list fewer values, split the family, or raise netgen.max_variants in .editorconfig"));

    [Fact]
    public Task NG7002_EditorConfigRaisesTheCap() =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 4)]",
                "[{|#0:Variants(Depth = [1, 2, 3, 4, 5, 6, 7, 8], Units = [1, 2, 3, 4, 5, 6, 7, 8], BatchNorm = [false, true])|}]",
                Output),
            "netgen.max_variants = 128\n",
            Verify.Diagnostic("NG7001", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG7002_EditorConfigLowersTheCap() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Variants(Depth = [1, 2], {|#0:Units = [8, 16]|})]", Output),
            "netgen.max_variants = 3\n",
            Verify.Diagnostic("NG7002", DiagnosticSeverity.Error).WithLocation(0));

    [Fact]
    public Task NG7003_InvalidValues_AreEachReportedOnTheValue() =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 4)]",
                "[Variants(Depth = [1, {|#0:0|}], Units = [8, {|#1:8|}, 16], Dropout = [0, {|#2:1.5|}])]",
                Output),
            Verify.Diagnostic("NG7003", DiagnosticSeverity.Error).WithLocation(0),
            Verify.Diagnostic("NG7003", DiagnosticSeverity.Error).WithLocation(1),
            Verify.Diagnostic("NG7003", DiagnosticSeverity.Error).WithLocation(2));
}
