using System.Collections.Generic;

namespace NetGen.Generator.Emitting;

/// <summary>
/// A run of output vectors a kernel keeps in registers at once: either at a constant lane offset, or at the loop
/// variable <c>c</c> of a loop over equal chunks (so a wide layer's kernel stays small however wide it is).
/// </summary>
internal readonly record struct Chunk(string? Variable, int Start, int Count, int Lanes)
{
    /// <summary><paramref name="name"/> + the chunk's offset + <paramref name="lane"/>, as C#.</summary>
    public string At(string? name, int lane)
    {
        var terms = new List<string>();
        if (name is not null)
        {
            terms.Add(name);
        }

        if (Variable is not null)
        {
            terms.Add(Variable);
        }

        if (Start + lane != 0 || terms.Count == 0)
        {
            terms.Add(Literals.Int(Start + lane));
        }

        return string.Join(" + ", terms);
    }

    /// <summary><paramref name="offset"/> + the chunk's offset + <paramref name="lane"/>, as C#, the constants folded into one.</summary>
    public string At(int offset, int lane) => At(null, offset, lane);

    /// <summary><paramref name="name"/> + <paramref name="offset"/> + the chunk's offset + <paramref name="lane"/>, as C#, the constants folded into one.</summary>
    public string At(string? name, int offset, int lane)
    {
        var terms = new List<string>();
        if (name is not null)
        {
            terms.Add(name);
        }

        if (Variable is not null)
        {
            terms.Add(Variable);
        }

        var constant = offset + Start + lane;
        if (constant != 0 || terms.Count == 0)
        {
            terms.Add(Literals.Int(constant));
        }

        return string.Join(" + ", terms);
    }

    /// <summary>The lanes the chunk covers, for comments: <c>[0..64)</c> or <c>[c..c + 64)</c>.</summary>
    public string Range => Variable is null
        ? $"[{Start}..{Start + Count * Lanes})"
        : $"[{Variable}..{Variable} + {Count * Lanes})";
}
