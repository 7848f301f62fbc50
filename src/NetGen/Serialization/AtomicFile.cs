using System;
using System.IO;

namespace NetGen.Serialization;

/// <summary>Replaces a file only once its new contents are complete and on disk, so a failure never loses what was saved.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="contents"/> to a temporary file in <paramref name="path"/>'s folder, flushes it to disk,
    /// then renames it over <paramref name="path"/>. If anything fails part-way, the temporary file is removed and the
    /// previous file at <paramref name="path"/> is untouched.
    /// </summary>
    /// <param name="path">The file to replace or create.</param>
    /// <param name="contents">Its whole new contents.</param>
    /// <param name="wrap">For tests: wraps the temporary file's stream (e.g. in one that fails part-way).</param>
    public static void Write(string path, ReadOnlySpan<byte> contents, Func<Stream, Stream>? wrap = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot save '{path}': the folder '{folder}' does not exist.");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var stream = wrap is null ? file : wrap(file);
                stream.Write(contents);
                stream.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more; a stray temporary file is harmless and named as one.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
