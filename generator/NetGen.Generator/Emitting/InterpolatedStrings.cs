using System;
using System.Globalization;
using System.Text;

// The compiler writes `$"…"` as string.Format (a format string parsed at run time, every number boxed into an object
// array) when DefaultInterpolatedStringHandler is missing, as on netstandard2.0. With these types it appends the parts
// directly instead, and SourceWriter.Line($"…") writes them straight into the file being generated. Both format every
// hole exactly as string.Format does: the value's ToString(format, provider: null), padded to the alignment.
namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
    internal sealed class InterpolatedStringHandlerAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    internal sealed class InterpolatedStringHandlerArgumentAttribute : Attribute
    {
        public InterpolatedStringHandlerArgumentAttribute(string argument) => Arguments = new[] { argument };

        public InterpolatedStringHandlerArgumentAttribute(params string[] arguments) => Arguments = arguments;

        public string[] Arguments { get; }
    }

    /// <summary>What the compiler builds a <c>$"…"</c> string with: the parts appended to a reused <see cref="StringBuilder"/>.</summary>
    [InterpolatedStringHandler]
    internal struct DefaultInterpolatedStringHandler
    {
        [ThreadStatic]
        private static StringBuilder? t_cached;

        private StringBuilder? _builder;

        public DefaultInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            // A hole can itself contain a $"…" (evaluated while this one is open): only one handler at a time takes the cache.
            _builder = t_cached ?? new StringBuilder(256);
            t_cached = null;
        }

        public void AppendLiteral(string value) => _builder!.Append(value);

        public void AppendFormatted(string? value) => _builder!.Append(value);

        public void AppendFormatted(string? value, int alignment = 0, string? format = null) =>
            NetGen.Generator.Emitting.InterpolatedText.Append(_builder!, value, alignment, format);

        public void AppendFormatted<T>(T value) => NetGen.Generator.Emitting.InterpolatedText.Append(_builder!, value);

        public void AppendFormatted<T>(T value, string? format) => NetGen.Generator.Emitting.InterpolatedText.Append(_builder!, value, 0, format);

        public void AppendFormatted<T>(T value, int alignment) => NetGen.Generator.Emitting.InterpolatedText.Append(_builder!, value, alignment, null);

        public void AppendFormatted<T>(T value, int alignment, string? format) => NetGen.Generator.Emitting.InterpolatedText.Append(_builder!, value, alignment, format);

        public override string ToString() => _builder!.ToString();

        public string ToStringAndClear()
        {
            var builder = _builder!;
            var text = builder.ToString();
            _builder = null;
            if (builder.Capacity <= 4096)
            {
                builder.Clear();
                t_cached = builder;
            }

            return text;
        }
    }
}

namespace NetGen.Generator.Emitting
{
    /// <summary>The holes of an interpolated string, appended as <see cref="string.Format(string, object[])"/> formats them.</summary>
    internal static class InterpolatedText
    {
        public static void Append<T>(StringBuilder builder, T value)
        {
            // The common holes without boxing; StringBuilder.Append(int) is int.ToString() of the current culture, as string.Format.
            if (typeof(T) == typeof(int))
            {
                builder.Append((int)(object)value!);
            }
            else if (typeof(T) == typeof(string))
            {
                builder.Append((string?)(object?)value);
            }
            else
            {
                builder.Append(Format(value, null));
            }
        }

        public static void Append<T>(StringBuilder builder, T value, int alignment, string? format)
        {
            if (alignment == 0 && format is null)
            {
                Append(builder, value);
                return;
            }

            var text = Format(value, format);
            var padding = Math.Abs(alignment) - text.Length;
            if (alignment > 0 && padding > 0)
            {
                builder.Append(' ', padding);
            }

            builder.Append(text);
            if (alignment < 0 && padding > 0)
            {
                builder.Append(' ', padding);
            }
        }

        private static string Format<T>(T value, string? format) => value switch
        {
            null => "",
            IFormattable formattable => formattable.ToString(format, null),
            _ => value.ToString() ?? "",
        };
    }
}
