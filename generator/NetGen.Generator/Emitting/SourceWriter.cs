using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace NetGen.Generator.Emitting;

/// <summary>An indented text writer: the one way generated code is written.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    /// <summary>The indentation of each level, built once: <c>s_indents[n]</c> is <c>n</c> × <see cref="IndentUnit"/>.</summary>
    private static readonly string[] s_indents = CreateIndents(16);

    // The largest generated file is about 450 000 characters; most are 20 000 – 150 000. A StringBuilder grows by
    // chunks of at most 8 000 characters (no copying), so a first chunk of this size saves the small early ones.
    private readonly StringBuilder _builder = new(8000);
    private int _indent;

    /// <summary>Builders larger than this (characters) are not kept for reuse, so a huge network's buffer is not held.</summary>
    private const int MaxCachedCapacity = 1 << 20;

    /// <summary>One writer per thread, reused file after file: its buffer stays allocated instead of growing anew for every network.</summary>
    [ThreadStatic]
    private static SourceWriter? t_cached;

    /// <summary>An empty writer: this thread's cached one if it is free, else a new one. Give it back with <see cref="ToStringAndRelease"/>.</summary>
    public static SourceWriter Rent()
    {
        var writer = t_cached ?? new SourceWriter();
        t_cached = null;
        return writer;
    }

    /// <summary>The text written, after which the writer is cleared and cached for this thread's next file.</summary>
    public string ToStringAndRelease()
    {
        var text = _builder.ToString();
        _indent = 0;
        if (_builder.Capacity <= MaxCachedCapacity)
        {
            // Clear keeps one buffer of about the capacity reached, so the next file appends without allocating.
            _builder.Clear();
            t_cached = this;
        }

        return text;
    }

    /// <summary>Writes one line at the current indentation; an empty line has no trailing spaces.</summary>
    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            AppendIndent();
            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>
    /// Writes one line at the current indentation from an interpolated string, its parts appended straight into the
    /// file (the same text as <see cref="Line(string)"/> with the formatted string); an empty line has no trailing spaces.
    /// </summary>
    public SourceWriter Line([InterpolatedStringHandlerArgument("")] LineHandler line)
    {
        if (_builder.Length == line.TextStart)
        {
            // Nothing but the indentation: an empty line.
            _builder.Length = line.LineStart;
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes a multi-line fragment, re-indenting each of its lines.</summary>
    public SourceWriter Lines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line.TrimEnd());
        }

        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public Block Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Block(this);
    }

    public override string ToString() => _builder.ToString();

    private void AppendIndent()
    {
        if (_indent < s_indents.Length)
        {
            _builder.Append(s_indents[_indent]);
            return;
        }

        for (var i = 0; i < _indent; i++)
        {
            _builder.Append(IndentUnit);
        }
    }

    private static string[] CreateIndents(int count)
    {
        var indents = new string[count];
        for (var i = 0; i < count; i++)
        {
            indents[i] = new StringBuilder().Insert(0, IndentUnit, i).ToString();
        }

        return indents;
    }

    /// <summary>Closes the brace of <see cref="Open"/>.</summary>
    public readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;

        public Block(SourceWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line("}");
        }
    }

    /// <summary>
    /// The parts of <c>Line($"…")</c>: the indentation is written first, then each part as it comes, formatted as
    /// <see cref="string.Format(string, object[])"/> would. A hole must not write to the same writer.
    /// </summary>
    [InterpolatedStringHandler]
    public readonly struct LineHandler
    {
        private readonly StringBuilder _builder;

        public LineHandler(int literalLength, int formattedCount, SourceWriter writer)
        {
            _builder = writer._builder;
            LineStart = _builder.Length;
            writer.AppendIndent();
            TextStart = _builder.Length;
        }

        /// <summary>Where the line starts, before its indentation.</summary>
        public int LineStart { get; }

        /// <summary>Where the line's text starts, after its indentation.</summary>
        public int TextStart { get; }

        public void AppendLiteral(string value) => _builder.Append(value);

        public void AppendFormatted(string? value) => _builder.Append(value);

        public void AppendFormatted<T>(T value) => InterpolatedText.Append(_builder, value);

        public void AppendFormatted<T>(T value, string? format) => InterpolatedText.Append(_builder, value, 0, format);

        public void AppendFormatted<T>(T value, int alignment) => InterpolatedText.Append(_builder, value, alignment, null);

        public void AppendFormatted<T>(T value, int alignment, string? format) => InterpolatedText.Append(_builder, value, alignment, format);
    }
}
