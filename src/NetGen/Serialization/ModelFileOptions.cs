using System;

namespace NetGen;

/// <summary>What <see cref="NetworkFile.Save{T}(INetwork{T}, string, SaveOptions?)"/> writes.</summary>
public sealed record SaveOptions
{
    /// <summary>
    /// Write only the module's state (weights, biases, batch-norm parameters and running statistics, PReLU slopes): a
    /// file to ship or to load into PyTorch. <see langword="false"/> (the default) writes a full checkpoint that also
    /// holds what resuming training needs: the optimizer state and step count, the hyperparameters and the dropout stream.
    /// </summary>
    public bool WeightsOnly { get; init; }
}

/// <summary>How <see cref="NetworkFile.Load{T}(INetwork{T}, string, LoadOptions?)"/> matches a file to a network.</summary>
public sealed record LoadOptions
{
    /// <summary>
    /// PyTorch's <c>strict</c> (<see langword="true"/> by default): every tensor of the network must be in the file and
    /// every tensor of the file must be the network's. With <see langword="false"/>, a tensor the file lacks keeps the
    /// network's current value and a tensor the network lacks is ignored; names that match must still match in shape.
    /// </summary>
    public bool Strict { get; init; } = true;

    /// <summary>Load only the module's state, leaving the optimizer state, step count, hyperparameters and dropout stream as they are.</summary>
    public bool WeightsOnly { get; init; }

    /// <summary>
    /// Renames the file's tensors before matching (a file's name in, the network's name out, or <see langword="null"/>
    /// to skip that tensor): for a <c>state_dict</c> whose <c>nn.Sequential</c> sits inside a larger module
    /// (<c>name =&gt; name.StartsWith("body.") ? name[5..] : null</c>) or whose modules are numbered differently.
    /// </summary>
    public Func<string, string?>? MapName { get; init; }
}
