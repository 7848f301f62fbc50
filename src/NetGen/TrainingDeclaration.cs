namespace NetGen;

/// <summary>
/// What a network's <c>[Training]</c> attribute declares; <see langword="null"/> where it declares nothing (or there is no
/// attribute).
/// </summary>
/// <param name="BatchSize">Samples per update (0 for full batch), or <see langword="null"/>.</param>
/// <param name="Epochs">The number of epochs, or <see langword="null"/>.</param>
/// <param name="Samples">The expected number of training samples, or <see langword="null"/>.</param>
public sealed record TrainingDeclaration(int? BatchSize, int? Epochs, int? Samples);
