// Networks for the batch-norm gradient checks: every activation after a batch-normalized layer.
namespace NetGen.Tests.BatchNorm;

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.Linear)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormLinear
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.Sigmoid)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormSigmoid
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.Tanh)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormTanh
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.ReLU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormReLU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.LeakyReLU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormLeakyReLU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.PReLU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormPReLU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.ELU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormELU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.SELU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormSELU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.GELU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormGELU
{
}

public static class BatchNormNetworks
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "Linear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "PReLU", "ELU", "SELU", "GELU" })
        {
            foreach (var batch in new[] { 2, 3, 17, 64 })
            {
                data.Add(name, batch);
            }
        }

        return data;
    }

    public static INetwork<double> Create(string activation) => activation switch
    {
        "Linear" => new BatchNormLinear(),
        "Sigmoid" => new BatchNormSigmoid(),
        "Tanh" => new BatchNormTanh(),
        "ReLU" => new BatchNormReLU(),
        "LeakyReLU" => new BatchNormLeakyReLU(),
        "PReLU" => new BatchNormPReLU(),
        "ELU" => new BatchNormELU(),
        "SELU" => new BatchNormSELU(),
        "GELU" => new BatchNormGELU(),
        _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "No such test network."),
    };
}
