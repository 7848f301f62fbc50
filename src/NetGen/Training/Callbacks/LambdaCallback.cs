using System;

namespace NetGen.Training;

/// <summary>
/// A callback made of lambdas, for any network (Keras' <c>LambdaCallback</c>): each given action runs at its hook of
/// <see cref="TrainingCallback"/>, with the run's <see cref="TrainingContext"/>, through which it may stop training.
/// </summary>
/// <remarks>
/// <para>The context is the non-generic base; for the network, match the number type:
/// <c>if (context is TrainingContext&lt;float&gt; run) { … run.Network … }</c>. For state kept between hooks, or hooks
/// that run on every update of a long run, a class deriving from <see cref="TrainingCallback"/> is clearer.</para>
/// <code>
/// new LambdaCallback(onEpochEnd: (context, record) =&gt;
/// {
///     if (record.Accuracy &gt;= 0.99)
///     {
///         context.StopTraining("accuracy reached 0.99");
///     }
/// });
/// </code>
/// </remarks>
public sealed class LambdaCallback : TrainingCallback
{
    private readonly Action<TrainingContext>? _onTrainingBegin;
    private readonly Action<TrainingContext>? _onEpochBegin;
    private readonly Action<TrainingContext, BatchRecord>? _onBatchEnd;
    private readonly Action<TrainingContext, EpochRecord>? _onEpochEnd;
    private readonly Action<TrainingContext>? _onTrainingEnd;

    /// <summary>Creates a callback from the actions given; at least one is required.</summary>
    /// <param name="onTrainingBegin">Runs once before the first update.</param>
    /// <param name="onEpochBegin">Runs at the start of every epoch.</param>
    /// <param name="onBatchEnd">Runs after every update with a finite loss (keep it cheap: it runs on every update).</param>
    /// <param name="onEpochEnd">Runs after every epoch, with its record.</param>
    /// <param name="onTrainingEnd">Runs once when training ends without an exception.</param>
    /// <exception cref="ArgumentException">No action is given.</exception>
    public LambdaCallback(
        Action<TrainingContext>? onTrainingBegin = null,
        Action<TrainingContext>? onEpochBegin = null,
        Action<TrainingContext, BatchRecord>? onBatchEnd = null,
        Action<TrainingContext, EpochRecord>? onEpochEnd = null,
        Action<TrainingContext>? onTrainingEnd = null)
    {
        if (onTrainingBegin is null && onEpochBegin is null && onBatchEnd is null && onEpochEnd is null && onTrainingEnd is null)
        {
            throw new ArgumentException(
                "A LambdaCallback needs at least one of onTrainingBegin, onEpochBegin, onBatchEnd, onEpochEnd and onTrainingEnd; all are null.",
                nameof(onEpochEnd));
        }

        _onTrainingBegin = onTrainingBegin;
        _onEpochBegin = onEpochBegin;
        _onBatchEnd = onBatchEnd;
        _onEpochEnd = onEpochEnd;
        _onTrainingEnd = onTrainingEnd;
    }

    /// <inheritdoc/>
    public override void OnTrainingBegin<T>(TrainingContext<T> context) => _onTrainingBegin?.Invoke(context);

    /// <inheritdoc/>
    public override void OnEpochBegin<T>(TrainingContext<T> context) => _onEpochBegin?.Invoke(context);

    /// <inheritdoc/>
    public override void OnBatchEnd<T>(TrainingContext<T> context, BatchRecord batch) => _onBatchEnd?.Invoke(context, batch);

    /// <summary>Only when it was given an action for the end of a batch.</summary>
    internal override bool ObservesNextBatch => _onBatchEnd is not null;

    /// <inheritdoc/>
    public override void OnEpochEnd<T>(TrainingContext<T> context, EpochRecord record) => _onEpochEnd?.Invoke(context, record);

    /// <inheritdoc/>
    public override void OnTrainingEnd<T>(TrainingContext<T> context) => _onTrainingEnd?.Invoke(context);
}
