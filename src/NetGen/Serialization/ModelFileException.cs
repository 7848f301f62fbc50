using System.IO;

namespace NetGen;

/// <summary>
/// A model file (a network checkpoint, weights or a standardizer, in the safetensors format) that cannot be loaded: it
/// is truncated or corrupt, or it does not match what it is loaded into. The message names what differs; nothing was
/// changed by the load that threw.
/// </summary>
public sealed class ModelFileException : IOException
{
    /// <summary>Creates the exception with a message that names what is wrong.</summary>
    public ModelFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names what is wrong and the error that revealed it.</summary>
    public ModelFileException(string message, System.Exception innerException)
        : base(message, innerException)
    {
    }
}
