namespace NetGen.CodeFixes;

/// <summary>The IDs of the rules that have fixes (the analyzers own the descriptors).</summary>
internal static class DiagnosticIds
{
    public const string NotPartial = "NG0001";
    public const string DeepSaturatingStack = "NG1001";
    public const string LinearHiddenLayer = "NG1002";
    public const string BiasBeforeBatchNorm = "NG1004";
    public const string UnnormalizedDeepNetwork = "NG1005";
    public const string FrozenBatchNormStatistics = "NG1006";
    public const string SeluWithDropout = "NG1007";
    public const string DropoutBeforeBatchNorm = "NG1008";
    public const string BatchNormWithoutAffineBeforeSaturating = "NG1009";
    public const string XavierUnderReLU = "NG2001";
    public const string HeUnderSigmoid = "NG2002";
    public const string ConstantInit = "NG2003";
    public const string SeluWithoutLeCun = "NG2004";
    public const string FixedScaleInit = "NG2005";
    public const string LearningRateOutOfBand = "NG3002";
    public const string AdagradLongRun = "NG3003";
    public const string AdamCoupledWeightDecay = "NG3005";
    public const string BatchLargerThanSamples = "NG3006";
    public const string LossActivationMismatch = "NG4001";
    public const string ReLUOutputForRegression = "NG4003";
}
