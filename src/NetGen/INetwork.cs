using System;

namespace NetGen;

/// <summary>
/// What every generated network offers, so the runtime's training loop, tuner and serializers work with any of them.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, from <see cref="NetworkAttribute.Precision"/>.</typeparam>
/// <remarks>
/// Parameters are exchanged in one PyTorch-compatible layout: per layer in order, the weights <c>W</c> as
/// <c>[units × inputs]</c> row-major (<c>nn.Linear.weight</c>), then the bias <c>b</c>, then the PReLU slope(s).
/// The generated type documents the offsets of each block. How the weights are stored inside is the generator's
/// choice; this layout never changes with it.
/// </remarks>
public interface INetwork<T> : IPredictor<T> where T : unmanaged
{
    /// <summary>The declared architecture (layers, batch norm, dropout, loss, optimizer): what files, PyTorch and exporters need to rebuild the network.</summary>
    NetworkArchitecture Architecture { get; }

    /// <summary>The number of trainable parameters.</summary>
    int ParameterCount { get; }

    /// <summary>The learning rate the next <see cref="TrainStep"/> uses.</summary>
    T LearningRate { get; set; }

    /// <summary>The number of layers (each <c>[Layer]</c>), the length of <see cref="GetLayerGradientNorms"/>.</summary>
    int LayerCount { get; }

    /// <summary>What the network's <c>[Training]</c> attribute declares (epochs, batch size, samples); <c>TrainingOptions.For</c> starts from it.</summary>
    TrainingDeclaration DeclaredTraining { get; }

    /// <summary>The declared loss; the training loop picks its metric from it (accuracy for the cross-entropies).</summary>
    LossKind Loss { get; }

    /// <summary>The global L2 norm of the gradients of the last <see cref="ComputeGradients"/>, before any clipping.</summary>
    T GradientNorm { get; }

    /// <summary>The number of optimizer updates applied since construction or <see cref="ResetOptimizer"/> (PyTorch's step count t).</summary>
    long StepCount { get; set; }

    /// <summary>The number of optimizer state values (moment estimates and accumulators); 0 for plain SGD.</summary>
    int OptimizerStateCount { get; }

    /// <summary>Copies the L2 norm of each layer's gradients (its W, b and slopes, before clipping) into <paramref name="destination"/>.</summary>
    void GetLayerGradientNorms(Span<T> destination);

    /// <summary>Whether layer <paramref name="layer"/> (0-based, in declaration order) is frozen; see <see cref="SetLayerFrozen"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not from 0 to <see cref="LayerCount"/> − 1.</exception>
    bool IsLayerFrozen(int layer);

    /// <summary>
    /// Freezes or unfreezes layer <paramref name="layer"/> (0-based, in declaration order), as PyTorch's
    /// <c>requires_grad_(False)</c> on its parameters: a frozen layer's weights, bias, slopes and batch-norm γ and β get
    /// no gradient (<see cref="GetGradients"/> and <see cref="GetLayerGradientNorms"/> give 0 for them, from the moment
    /// it is frozen) and no optimizer update (its parameters, optimizer state and weight decay are left alone); gradients
    /// still flow through it to the layers below, and backpropagation stops below the lowest layer that is not frozen.
    /// In training mode a frozen layer's batch norm still updates its running statistics, as PyTorch's does. Unlike
    /// PyTorch, whose optimizers count steps per parameter, <see cref="StepCount"/> counts every update, so Adam's bias
    /// correction for a layer unfrozen later uses the network's step count. Fine-tuning a loaded model and growing a
    /// network layer by layer both start here. Freezing is a training setting: files and checkpoints do not keep it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not from 0 to <see cref="LayerCount"/> − 1.</exception>
    void SetLayerFrozen(int layer, bool frozen);

    /// <summary>Copies the optimizer state into <paramref name="destination"/> (exactly <see cref="OptimizerStateCount"/> values), each state tensor in the parameter exchange layout.</summary>
    void GetOptimizerState(Span<T> destination);

    /// <summary>Replaces the optimizer state with <paramref name="source"/> (exactly <see cref="OptimizerStateCount"/> values).</summary>
    void SetOptimizerState(ReadOnlySpan<T> source);

    /// <summary>The number of batch-norm running statistics (per batch-norm layer, running mean then running variance); 0 without batch norm.</summary>
    int RunningStatisticsCount { get; }

    /// <summary>Copies the batch-norm running statistics into <paramref name="destination"/> (exactly <see cref="RunningStatisticsCount"/> values).</summary>
    void GetRunningStatistics(Span<T> destination);

    /// <summary>Replaces the batch-norm running statistics with <paramref name="source"/> (exactly <see cref="RunningStatisticsCount"/> values).</summary>
    void SetRunningStatistics(ReadOnlySpan<T> source);

    /// <summary>
    /// The number of training batches the batch-norm running statistics have seen (PyTorch's <c>num_batches_tracked</c>,
    /// one count for every batch-norm layer); 0 and unused without batch norm.
    /// </summary>
    long BatchesTracked { get; set; }

    /// <summary>The stream the dropout masks are drawn from, or <see langword="null"/> for a network without dropout; checkpoints save and restore its state.</summary>
    DeterministicRandom? DropoutRandom { get; }

    /// <summary>The current value of a runtime-settable hyperparameter named in <see cref="NetworkArchitecture.Hyperparameters"/> (<c>LearningRate</c>, <c>Beta1</c>, <c>GradientClipNorm</c>, …).</summary>
    /// <exception cref="ArgumentException">The network has no hyperparameter of that name.</exception>
    double GetHyperparameter(string name);

    /// <summary>Sets a runtime-settable hyperparameter named in <see cref="NetworkArchitecture.Hyperparameters"/>, rounded to the network's precision.</summary>
    /// <exception cref="ArgumentException">The network has no hyperparameter of that name.</exception>
    void SetHyperparameter(string name, double value);

    /// <summary>Clears the optimizer state and <see cref="StepCount"/>, as a freshly constructed optimizer.</summary>
    void ResetOptimizer();

    /// <summary>Copies the parameters into <paramref name="destination"/> (exactly <see cref="ParameterCount"/> long) in the exchange layout.</summary>
    void GetParameters(Span<T> destination);

    /// <summary>Replaces the parameters with <paramref name="source"/> (exactly <see cref="ParameterCount"/> long) in the exchange layout.</summary>
    void SetParameters(ReadOnlySpan<T> source);

    /// <summary>Copies the gradients of the last <see cref="ComputeGradients"/> into <paramref name="destination"/> in the exchange layout.</summary>
    void GetGradients(Span<T> destination);

    /// <summary>
    /// Training-mode forward and backward pass over a batch (samples row-major); keeps the gradients of the mean
    /// loss for <see cref="GetGradients"/> and returns that loss.
    /// </summary>
    T ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    /// <summary>
    /// The mean loss of a batch in inference mode (the forward pass of <see cref="IPredictor{T}.Predict"/>), without touching the
    /// gradients: what validation reports.
    /// </summary>
    T ComputeLoss(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    /// <summary>
    /// Copies the outputs (after the output activation) of the last <see cref="ComputeGradients"/>'s forward pass into
    /// <paramref name="destination"/>, exactly (its sample count × <see cref="IPredictor{T}.OutputCount"/>) values: the
    /// training-mode outputs the loss was computed from (dropout on, batch statistics), from the parameters before the
    /// update. The training loop's epoch metrics come from them, as Keras' do, without a second pass over the data.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not have exactly that many values (none before the first <see cref="ComputeGradients"/>).</exception>
    void GetTrainingOutputs(Span<T> destination);

    /// <summary>
    /// Copies the output layer's values before its activation (the logits; after the layer's batch norm when it has
    /// one) of the last <see cref="ComputeGradients"/>'s forward pass into <paramref name="destination"/>, exactly (its
    /// sample count × <see cref="IPredictor{T}.OutputCount"/>) values, in training mode as it ran. Classes need only
    /// these: a softmax's arg-max is its logits' and a sigmoid is at least 0.5 where its logit is at least 0, so the
    /// training loop's accuracy skips the activation <see cref="GetTrainingOutputs"/> applies.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not have exactly that many values (none before the first <see cref="ComputeGradients"/>).</exception>
    void GetTrainingLogits(Span<T> destination);

    /// <summary><see cref="ComputeGradients"/>, then one optimizer update; returns the loss before the update.</summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    /// <summary>
    /// The most threads <see cref="ComputeGradients"/> and <see cref="TrainStep"/> use: 1 (the default) for the calling
    /// thread alone; −1 for one per processor; n for at most n. When it is not 1, a batch with enough work is cut into
    /// shards that depend only on its size and the network, computed on the shared helper threads of
    /// <see cref="Parallelism.PredictParallel{T}"/>, and their gradients are summed in shard order: the results are the
    /// same bits for every value but 1 (they differ from 1's in rounding only). Networks with batch norm or dropout
    /// train on the calling thread whatever the value. docs/training.md has the details and the measured scaling.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below −1.</exception>
    int MaxDegreeOfParallelism { get; set; }
}
