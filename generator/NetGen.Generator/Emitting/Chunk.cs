namespace NetGen.Generator.Emitting;

/// <summary>
/// A run of output vectors a kernel keeps in registers at once: either at a constant lane offset, or at the loop
/// variable <c>c</c> of a loop over equal chunks (so a wide layer's kernel stays small however wide it is).
/// </summary>
internal readonly record struct Chunk(string? Variable, int Start, int Count, int Lanes)
{
    /// <summary><paramref name="name"/> + the chunk's offset + <paramref name="lane"/>, as C#.</summary>
    public string At(string? name, int lane) => Sum(name, Start + lane);

    /// <summary><paramref name="offset"/> + the chunk's offset + <paramref name="lane"/>, as C#, the constants folded into one.</summary>
    public string At(int offset, int lane) => Sum(null, offset + Start + lane);

    /// <summary><paramref name="name"/> + <paramref name="offset"/> + the chunk's offset + <paramref name="lane"/>, as C#, the constants folded into one.</summary>
    public string At(string? name, int offset, int lane) => Sum(name, offset + Start + lane);

    /// <summary><c>name + Variable + constant</c>, leaving out a missing name or variable and a zero constant (unless it is all there is).</summary>
    private string Sum(string? name, int constant)
    {
        var variable = Variable;
        if (constant == 0 && (name is not null || variable is not null))
        {
            return name is null ? variable! : variable is null ? name : name + " + " + variable;
        }

        var number = Literals.Int(constant);
        return name is null
            ? variable is null ? number : variable + " + " + number
            : variable is null ? name + " + " + number : name + " + " + variable + " + " + number;
    }

    /// <summary>The lanes the chunk covers, for comments: <c>[0..64)</c> or <c>[c..c + 64)</c>.</summary>
    public string Range => Variable is null
        ? $"[{Start}..{Start + Count * Lanes})"
        : $"[{Variable}..{Variable} + {Count * Lanes})";
}
