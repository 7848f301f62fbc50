using System.Numerics;

namespace NetGen.Training;

/// <summary>
/// Code that <see cref="Trainer.Fit"/> runs at fixed points of training, in the order of
/// <see cref="TrainingOptions.Callbacks"/> (after the built-in <see cref="ConsoleProgress"/> that
/// <see cref="TrainingOptions.Verbosity"/> adds) and on the training thread: Keras' <c>Callback</c>, PyTorch Lightning's hooks.
/// Override only the hooks you need; each does nothing by default.
/// </summary>
/// <remarks>
/// <para>
/// The hooks are generic in the network's number type so that one callback serves float and double networks alike and
/// reads the network without conversion: <c>context.Network</c> is the <see cref="INetwork{T}"/> being trained.
/// </para>
/// <para>
/// Order within one Fit: <see cref="OnTrainingBegin{T}"/> once, after the arguments and the data are checked; then per
/// epoch <see cref="OnEpochBegin{T}"/>, <see cref="OnBatchEnd{T}"/> after every update whose loss is finite, and
/// <see cref="OnEpochEnd{T}"/> once the epoch's record is in the history (after <see cref="TrainingOptions.Progress"/>
/// has received it); finally <see cref="OnTrainingEnd{T}"/>, also after early stopping, a stop request or divergence,
/// but not when a callback or cancellation throws.
/// </para>
/// <para>
/// A callback may stop training with <see cref="TrainingContext.StopTraining"/>: Fit finishes the current update
/// or epoch hook round and ends as early stopping does (best weights restored if asked); asked for in
/// <see cref="OnTrainingBegin{T}"/> or <see cref="OnEpochBegin{T}"/>, it ends training before that epoch's first update. A callback that throws ends
/// Fit with that exception, with the network as the last completed update left it. <see cref="OnBatchEnd{T}"/> runs
/// on every update: keep it cheap, and allocate nothing there.
/// </para>
/// </remarks>
public abstract class TrainingCallback
{
    /// <summary>Runs once before the first update.</summary>
    /// <param name="context">The training run.</param>
    public virtual void OnTrainingBegin<T>(TrainingContext<T> context)
        where T : unmanaged, INumberBase<T>
    {
    }

    /// <summary>Runs at the start of every epoch, before its first update (after the batch size of the epoch is set).</summary>
    /// <param name="context">The training run; <see cref="TrainingContext.Epoch"/> is the epoch starting.</param>
    public virtual void OnEpochBegin<T>(TrainingContext<T> context)
        where T : unmanaged, INumberBase<T>
    {
    }

    /// <summary>
    /// Whether <see cref="OnBatchEnd{T}"/> is to run after the coming update; read before each one. NetGen's own
    /// callbacks say no when they have nothing to do there, which spares the generic call on every update.
    /// </summary>
    internal virtual bool ObservesNextBatch => true;

    /// <summary>
    /// With <see cref="BatchGradientNormBound"/>, a filter <see cref="Trainer.Fit"/> applies before it asks
    /// <see cref="ObservesNextBatch"/>: the callback is called after an update only when the update's loss is not below
    /// this, or its gradient norm is not below <see cref="BatchGradientNormBound"/> (a NaN is below neither). Both are −∞, every
    /// update, by default; the monitors raise them to their thresholds, so that a healthy update costs them two
    /// comparisons in Fit and no call (non-virtual, so the JIT inlines them).
    /// </summary>
    internal double BatchLossBound { get; set; } = double.NegativeInfinity;

    /// <summary>See <see cref="BatchLossBound"/>.</summary>
    internal double BatchGradientNormBound { get; set; } = double.NegativeInfinity;

    /// <summary>
    /// What <see cref="Trainer.Fit"/> calls after every update (when <see cref="ObservesNextBatch"/>): by default
    /// <see cref="OnBatchEnd{T}"/>, through the context, which knows T. NetGen's own callbacks override it to skip the
    /// generic virtual call, a lookup on every update.
    /// </summary>
    internal virtual void BatchEnded(TrainingContext context, in BatchRecord batch) => context.InvokeBatchEnd(this, batch);

    /// <summary>
    /// Runs after every optimizer update whose loss is finite; the network's gradients
    /// (<see cref="INetwork{T}.GetGradients"/>, <see cref="INetwork{T}.GetLayerGradientNorms"/>) are still those of this update.
    /// </summary>
    /// <param name="context">The training run.</param>
    /// <param name="batch">What the update did.</param>
    public virtual void OnBatchEnd<T>(TrainingContext<T> context, BatchRecord batch)
        where T : unmanaged, INumberBase<T>
    {
    }

    /// <summary>Runs after every whole epoch, once its record is in <see cref="TrainingContext.History"/>.</summary>
    /// <param name="context">The training run.</param>
    /// <param name="record">The epoch's record.</param>
    public virtual void OnEpochEnd<T>(TrainingContext<T> context, EpochRecord record)
        where T : unmanaged, INumberBase<T>
    {
    }

    /// <summary>
    /// Runs once when training ends without an exception: after the last epoch, early stopping, a stop request or
    /// divergence, once the network holds its final weights.
    /// </summary>
    /// <param name="context">The training run; <see cref="TrainingContext.History"/> is what Fit returns.</param>
    public virtual void OnTrainingEnd<T>(TrainingContext<T> context)
        where T : unmanaged, INumberBase<T>
    {
    }
}
