using Microsoft.CodeAnalysis;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers;

/// <summary>
/// Every NetGen diagnostic, made by one factory so categories, help links and message style stay uniform
/// (ID ranges per category are written down in DiagnosticIds.txt).
/// </summary>
internal static class Descriptors
{
    private const string DeclarationCategory = "NetGen.Declaration";
    private const string ArchitectureCategory = "NetGen.Architecture";
    private const string InitializationCategory = "NetGen.Initialization";
    private const string TrainingCategory = "NetGen.Training";
    private const string OutputCategory = "NetGen.Output";
    private const string WeightsCategory = "NetGen.Weights";

    // Repository-relative until the project has a public home; the pages ship in docs/rules.
    private const string HelpLinkBase = "docs/rules/";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        ProblemIds.NotPartial,
        "Network class must be a non-generic partial class",
        "The generator adds the network's code to the declared class, which needs every part of it, and of its containing types, to be partial; every size and type of a network is fixed, so the class cannot be generic.");

    public static readonly DiagnosticDescriptor InvalidValue = Create(
        ProblemIds.InvalidValue,
        "Network size or hyperparameter is out of range",
        "Inputs and layer units must be at least 1, a network needs at least one [Layer], and every hyperparameter must be a finite number in its documented range.");

    public static readonly DiagnosticDescriptor SplitDeclaration = Create(
        ProblemIds.SplitDeclaration,
        "Network attributes must be on one partial declaration",
        "Layers apply in the order their attributes are written; over several partial declarations that order is ambiguous.");

    public static readonly DiagnosticDescriptor Misplaced = Create(
        ProblemIds.Misplaced,
        "Network attribute is placed where it cannot apply",
        "Softmax normalizes the network's outputs into probabilities and is only allowed on the output layer; [BatchNorm] and [Dropout] follow the [Layer] they apply to; a [GradientClip] must set MaxNorm, MaxValue or both.");

    public static readonly DiagnosticDescriptor DeepSaturatingStack = Create(
        "NG1001",
        "Deep stack of saturating activations",
        "The derivative of sigmoid is at most 0.25, so the gradient reaching the first of n stacked sigmoid layers can shrink by 0.25^n (vanishing gradients); tanh saturates the same way. ReLU with He initialization, or batch norm between the layers, keeps the gradient alive.",
        ArchitectureCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LinearHiddenLayer = Create(
        "NG1002",
        "Hidden layer has no nonlinearity",
        "Two affine layers compose into one affine map, so a hidden layer with a linear activation adds parameters but no capacity.",
        ArchitectureCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HighDropoutRate = Create(
        "NG1003",
        "Dropout rate is above 0.5",
        "Dropping most of a layer's units in every step slows training and tends to underfit; 0.5 for hidden units is the usual upper end.",
        ArchitectureCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor BiasBeforeBatchNorm = Create(
        "NG1004",
        "Bias before batch norm is redundant",
        "Batch norm subtracts the batch mean of its input, which cancels any bias added just before it; its shift β takes the bias's role.",
        ArchitectureCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor UnnormalizedDeepNetwork = Create(
        "NG1005",
        "Deep ReLU network has neither batch norm nor gradient clipping",
        "Gradients multiply through every layer of a deep network and can explode; batch norm or gradient-norm clipping keeps them bounded.",
        ArchitectureCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor LargeGeneratedCode = Create(
        "NG1020",
        "Network is deep enough to make its generated code very large",
        "Every layer gets specialized kernels of its own, 50–120 KB of C# each, so the generated file grows with depth and every build compiles it again: a few seconds of compiler time per megabyte.",
        ArchitectureCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor XavierUnderReLU = Create(
        "NG2001",
        "Xavier initialization under a ReLU-family activation",
        "Xavier initialization assumes an activation that passes the whole signal; ReLU zeroes half of it, so each layer halves the signal's variance. He initialization (variance 2/fan_in) compensates.",
        InitializationCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor HeUnderSigmoid = Create(
        "NG2002",
        "He initialization under sigmoid",
        "He initialization doubles the variance for ReLU's lost half; under sigmoid that pushes pre-activations into its saturated tails. Xavier or LeCun initialization fits sigmoid.",
        InitializationCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor ConstantInit = Create(
        "NG2003",
        "Hidden layer weights start constant",
        "Units that start with equal weights receive equal gradients and stay equal, so the layer behaves like a single unit; with zeros in consecutive layers the gradients are exactly zero.",
        InitializationCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SeluWithoutLeCun = Create(
        "NG2004",
        "SELU without LeCun normal initialization",
        "SELU's self-normalizing property holds only for weights drawn with LeCun normal initialization.",
        InitializationCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor BatchNormSmallBatch = Create(
        "NG3001",
        "Batch norm with a tiny batch",
        "Batch norm normalizes with the statistics of the batch: with one sample the variance is zero and training is refused; with a few samples the statistics are so noisy that batch norm hurts.",
        TrainingCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor LearningRateOutOfBand = Create(
        "NG3002",
        "Learning rate is far from the optimizer's default",
        "A learning rate of 0 never updates the network, one far above the optimizer's default tends to diverge and one far below barely moves; each optimizer has its own scale, so the band is relative to its default.",
        TrainingCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor AdagradLongRun = Create(
        "NG3003",
        "Adagrad over a long run",
        "Adagrad divides by the root of all squared gradients seen so far, which only grows, so over many updates its step shrinks towards zero.",
        TrainingCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor InvalidNesterov = Create(
        ProblemIds.InvalidNesterov,
        "Nesterov momentum needs momentum and no dampening",
        "Nesterov's look-ahead step is defined for the Momentum optimizer with a momentum greater than 0 and dampening 0; PyTorch's SGD rejects any other combination.",
        TrainingCategory);

    public static readonly DiagnosticDescriptor LossActivationMismatch = Create(
        "NG4001",
        "Output activation does not match the loss",
        "Cross-entropy losses need probabilities: softmax outputs for categorical, sigmoid outputs for binary cross-entropy; regression losses on softmax outputs saturate its gradients.",
        OutputCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor OutputCountMismatch = Create(
        "NG4002",
        "Output units do not match the loss",
        "Softmax over a single unit is always 1, so categorical cross-entropy with one output never learns; binary cross-entropy over several outputs treats each as an independent yes/no, which is multi-label classification.",
        OutputCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor WeightsFileNotFound = Create(
        "NG5001",
        "Weights file is not in the compilation",
        "A network declared with Weights starts from that file's trained state, which the generator compiles into the assembly; the NetGen package's build step hands every *.safetensors file of the project to the compiler, so the file must exist there (or be added as a NetGenWeights item).",
        WeightsCategory);

    public static readonly DiagnosticDescriptor WeightsFileUnreadable = Create(
        "NG5002",
        "Weights file cannot be compiled in",
        "The file is truncated, corrupt (its checksum does not match) or not a safetensors file, or its network is too large for an assembly's 16 MB of constant data, so its weights cannot be compiled in.",
        WeightsCategory);

    public static readonly DiagnosticDescriptor WeightsFileMismatch = Create(
        "NG5003",
        "Weights file does not match the declaration",
        "The file was saved from another architecture (layer count, sizes, activation, bias, batch norm, dropout) or precision, so its tensors cannot be the declared network's; the message names the first difference.",
        WeightsCategory);

    public static DiagnosticDescriptor ForProblem(string id) => id switch
    {
        ProblemIds.InvalidNesterov => InvalidNesterov,
        ProblemIds.NotPartial => NotPartial,
        ProblemIds.SplitDeclaration => SplitDeclaration,
        ProblemIds.Misplaced => Misplaced,
        _ => InvalidValue,
    };

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string description,
        string category = DeclarationCategory,
        DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(
            id,
            title,
            messageFormat: "{0}",
            category,
            severity,
            isEnabledByDefault: true,
            description,
            helpLinkUri: HelpLinkBase + id + ".md");
}
