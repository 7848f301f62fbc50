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

    /// <summary>While not null, the attribute line <see cref="MarkMembers"/> puts before every declaration at <see cref="_memberIndent"/>.</summary>
    private string? _memberAttribute;

    private int _memberIndent;

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
        _memberAttribute = null;
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
            if (IsMemberDeclaration(text, 0))
            {
                AppendIndent();
                _builder.Append(_memberAttribute).Append('\n');
            }

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
        else if (IsMemberDeclaration(_builder, line.TextStart))
        {
            // The line is written already: move it down by the attribute line.
            var text = _builder.ToString(line.TextStart, _builder.Length - line.TextStart);
            _builder.Length = line.LineStart;
            AppendIndent();
            _builder.Append(_memberAttribute).Append('\n');
            AppendIndent();
            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>
    /// Until the returned scope is disposed, puts <paramref name="attribute"/> on a line of its own before every member
    /// declaration written at the current indentation but fields and constants: every line there that is not empty, a
    /// comment, an attribute, a brace or a continuation (which starts with white space) starts a declaration, and a
    /// field's is one statement with no parameter list, body or <c>=&gt;</c> before its initializer.
    /// </summary>
    public MemberMarks MarkMembers(string attribute)
    {
        _memberAttribute = attribute;
        _memberIndent = _indent;
        return new MemberMarks(this);
    }

    private bool IsMemberDeclaration(string text, int start) =>
        _memberAttribute is not null && _indent == _memberIndent && StartsMarkedDeclaration(text.Substring(start));

    private bool IsMemberDeclaration(StringBuilder text, int start) =>
        _memberAttribute is not null && _indent == _memberIndent && StartsMarkedDeclaration(text.ToString(start, text.Length - start));

    private static bool StartsMarkedDeclaration(string line)
    {
        if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] is '[' or '{' or '}' or '#' || line.StartsWith("//", StringComparison.Ordinal))
        {
            return false;
        }

        var code = line.IndexOf("//", StringComparison.Ordinal) is var comment and >= 0 ? line.Substring(0, comment).TrimEnd() : line;
        var initializer = code.IndexOf('=');
        var isField = code.EndsWith(";", StringComparison.Ordinal) && code.IndexOf("=>", StringComparison.Ordinal) < 0 && code.IndexOf('{') < 0 &&
                      (initializer < 0 ? code : code.Substring(0, initializer)).IndexOf('(') < 0;
        return !isField;
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

    /// <summary>Ends <see cref="MarkMembers"/>.</summary>
    public readonly struct MemberMarks : IDisposable
    {
        private readonly SourceWriter _writer;

        public MemberMarks(SourceWriter writer) => _writer = writer;

        public void Dispose() => _writer._memberAttribute = null;
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
