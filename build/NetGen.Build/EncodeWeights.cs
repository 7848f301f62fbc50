using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace NetGen.Build;

/// <summary>
/// Writes a weights file's text form for the generator: <c>netgen-weights-base64 1</c>, then the file's bytes in base64.
/// The compiler refuses binary <c>AdditionalFiles</c> (CS2015), so this is how a <c>.safetensors</c> file reaches
/// <c>[Network(Weights = …)]</c>.
/// </summary>
public sealed class EncodeWeights : Task
{
    /// <summary>The largest file encoded (the generator's <c>BakedWeights.MaxFileBytes</c>).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The weights file.</summary>
    [Required]
    public string Source { get; set; } = "";

    /// <summary>The text form to write (replaced atomically).</summary>
    [Required]
    public string Target { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
            var size = new FileInfo(Source).Length;

            // A file far beyond what can be compiled in (a training checkpoint kept in the project, say) is not encoded:
            // the generator gets its size, and reports NG5002 only if a declaration names it.
            var text = size > MaxFileBytes
                ? "netgen-weights-too-large 1\n" + size.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "netgen-weights-base64 1\n" + Convert.ToBase64String(File.ReadAllBytes(Source), Base64FormattingOptions.InsertLineBreaks);
            var temporary = Target + ".tmp";
            File.WriteAllText(temporary, text);
            if (File.Exists(Target))
            {
                File.Delete(Target);
            }

            File.Move(temporary, Target);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.LogError("NetGen: cannot encode the weights file '{0}' for the generator: {1}", Source, exception.Message);
            return false;
        }
    }
}
