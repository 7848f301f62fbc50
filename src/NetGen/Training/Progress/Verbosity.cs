namespace NetGen.Training;

/// <summary>What <see cref="Trainer.Fit"/> prints while it trains (<see cref="TrainingOptions.Verbosity"/>), as Keras' <c>verbose</c>.</summary>
public enum Verbosity
{
    /// <summary>Nothing (the default): Keras' <c>verbose=0</c>.</summary>
    Silent,

    /// <summary>One line per epoch (loss, validation loss, metrics, learning rate, time) and a summary at the end: Keras' <c>verbose=2</c>.</summary>
    Epochs,

    /// <summary>
    /// As <see cref="Epochs"/>, and within each epoch a bar redrawn in place with the update count, the time left and
    /// the running loss: Keras' <c>verbose=1</c>. Where the output is redirected the bar is left out.
    /// </summary>
    Bar,
}
