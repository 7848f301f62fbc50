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
    private const string VariantsCategory = "NetGen.Variants";

    // Absolute, so that an IDE can open it: the rule pages at NetGenRulesUrl (Directory.Build.props), which is the
    // repository's public home once NetGenRepositoryUrl is set, and this clone's docs/rules folder until then.
    private const string HelpLinkBase = HelpLinks.RulesBase;

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

    public static readonly DiagnosticDescriptor UnsupportedShape = Create(
        ProblemIds.UnsupportedShape,
        "Network type has a shape the generated code cannot extend",
        "The generated code is another part of the network class, in another file: a record, a static or file-local class, or a class with a primary constructor cannot take it, and a declaration that does not parse has nothing to extend.");

    public static readonly DiagnosticDescriptor NameConflict = Create(
        ProblemIds.NameConflict,
        "Network class takes a name of the generated code",
        "The generator declares the network's API (Predict, TrainStep, Seed, Sizes, the constructors, …) and private members starting with __ng_ in the class; the class's own members, the members it inherits and its name must leave them free, and its own constructors must call the generated one.");

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

    public static readonly DiagnosticDescriptor FrozenBatchNormStatistics = Create(
        "NG1006",
        "Batch norm running statistics never update",
        "The running statistics move by momentum × (batch statistic − running statistic) per step; with momentum 0 they stay at mean 0 and variance 1, so inference normalizes with statistics the layer never had in training.",
        ArchitectureCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SeluWithDropout = Create(
        "NG1007",
        "SELU with standard dropout",
        "SELU keeps activations near mean 0 and variance 1 only if nothing else shifts them; standard dropout sets units to 0 and scales the rest, which moves both (Klambauer et al. 2017 introduce alpha dropout for this).",
        ArchitectureCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor DropoutBeforeBatchNorm = Create(
        "NG1008",
        "Dropout feeds a batch-normalized layer",
        "Dropout changes the variance of the next layer's pre-activation between training and inference, and batch norm keeps the training variance for inference: a variance shift that costs accuracy (Li et al. 2019).",
        ArchitectureCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor BatchNormWithoutAffineBeforeSaturating = Create(
        "NG1009",
        "Batch norm without γ and β before sigmoid or tanh",
        "Normalized pre-activations stay near mean 0 and variance 1, the nearly linear middle of sigmoid and tanh; batch norm's learned scale γ and shift β let the layer reach the nonlinear range again (Ioffe & Szegedy 2015).",
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
        "Initialization for a symmetric activation under a ReLU-family activation",
        "Xavier, LeCun and orthogonal initialization keep the variance of an activation that passes the whole signal; ReLU zeroes half of it, so each such layer halves the signal's variance. He initialization (variance 2/fan_in) compensates.",
        InitializationCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HeUnderSigmoid = Create(
        "NG2002",
        "He initialization under sigmoid or tanh",
        "He initialization doubles the variance for ReLU's lost half; under sigmoid or tanh, which lose nothing, that pushes pre-activations into their saturated tails. Xavier or LeCun initialization fits them.",
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

    public static readonly DiagnosticDescriptor FixedScaleInit = Create(
        "NG2005",
        "Fixed-scale initialization ignores the layer's fan-in",
        "RandomNormal and RandomUniform draw every layer's weights at the same scale, so the variance of the signal changes by fan_in × Var(w) per layer instead of staying put; deep networks initialized this way are hard to train (He et al. 2015). The initializer the activation implies scales with the fan-in.",
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

    public static readonly DiagnosticDescriptor AdamCoupledWeightDecay = Create(
        "NG3005",
        "Adam with L2 weight decay",
        "Adam's WeightDecay adds wd·p to the gradient, which Adam then divides by the root of its second moment, so weights with large gradients are barely decayed; AdamW decays every weight by lr·wd·p directly, which regularizes as intended and generalizes better (Loshchilov & Hutter 2019).",
        TrainingCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor BatchLargerThanSamples = Create(
        "NG3006",
        "Batch size larger than the training set",
        "A batch takes at most every sample, so a BatchSize above the declared Samples trains full batches: one update per epoch, far fewer than the batch size suggests.",
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
        "Softmax over a single unit is always 1, so a one-unit softmax output is constant and never learns, whatever the loss; binary cross-entropy over several outputs treats each as an independent yes/no, which is multi-label classification.",
        OutputCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ReLUOutputForRegression = Create(
        "NG4003",
        "ReLU output layer with a regression loss",
        "A ReLU output cannot predict a negative value, and an output unit whose pre-activation turns negative for every sample passes no gradient at all, so the whole network stops learning; regression outputs are linear.",
        OutputCategory,
        DiagnosticSeverity.Info);

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

    public static readonly DiagnosticDescriptor VariantCount = Create(
        "NG7001",
        "Number of variants a family generates",
        "Every variant of a [Variants] family is a whole specialized network in the build: the count, the product of the axes' lengths, says what the family costs to compile.",
        VariantsCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor TooManyVariants = Create(
        "NG7002",
        "Family has more variants than the cap",
        "The axes of [Variants] multiply: a few more values make hundreds of specialized networks and a build that takes minutes. Above the cap (64, or netgen.max_variants in .editorconfig) nothing is generated for the family.",
        VariantsCategory);

    public static readonly DiagnosticDescriptor InvalidVariantAxis = Create(
        ProblemIds.InvalidVariantAxis,
        "Variant axis cannot make variants",
        "Each axis of [Variants] lists distinct valid values, Depth and Units at least; a family declares only its output [Layer], no [Optimizer] beside an Optimizer axis, and no weights file.",
        VariantsCategory);

    public static DiagnosticDescriptor ForProblem(string id) => id switch
    {
        ProblemIds.InvalidVariantAxis => InvalidVariantAxis,
        ProblemIds.InvalidNesterov => InvalidNesterov,
        ProblemIds.NotPartial => NotPartial,
        ProblemIds.SplitDeclaration => SplitDeclaration,
        ProblemIds.Misplaced => Misplaced,
        ProblemIds.UnsupportedShape => UnsupportedShape,
        ProblemIds.NameConflict => NameConflict,
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
