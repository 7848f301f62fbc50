using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

namespace NetGen.SideBySide;

/// <summary>
/// Makes TorchSharp 0.107.0 load on Debian 12. Its <c>libLibTorchSharp.so</c> asks libstdc++ for version
/// <c>GLIBCXX_3.4.32</c> for one symbol only, <c>std::ios_base_library_init()</c> (a link-time marker of GCC 13's
/// <c>&lt;iostream&gt;</c>, never called); Debian 12's libstdc++ stops at 3.4.30, so <c>dlopen</c> fails and TorchSharp
/// reports a misleading missing reference to libtorch-cpu-linux-x64. Marking that one version need weak
/// (<c>VER_FLG_WEAK</c> in the ELF <c>.gnu.version_r</c> section) lets glibc load the library.
/// </summary>
/// <remarks>
/// Only the copy in this program's own folder is changed (never the NuGet cache): written to a temporary file and
/// renamed over the original, so a reader never sees half a file. Runs before <c>Main</c>, so before the first torch call.
/// </remarks>
internal static class LibTorchSharpLoader
{
    private const string LibraryName = "libLibTorchSharp.so";
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const uint GnuVersionNeedSection = 0x6ffffffe; // SHT_GNU_verneed
    private const ushort WeakVersion = 0x2;                // VER_FLG_WEAK

    /// <summary>What the initializer did, for the report: patched, already weak, not needed, or why not.</summary>
    public static string Outcome { get; private set; } = "not run";

    [ModuleInitializer]
    internal static void MakeMissingVersionWeak()
    {
        try
        {
            var path = Path.Combine(AppContext.BaseDirectory, LibraryName);
            if (!OperatingSystem.IsLinux() || !File.Exists(path))
            {
                Outcome = $"{LibraryName} not in {AppContext.BaseDirectory}; nothing to patch";
                return;
            }

            var image = File.ReadAllBytes(path);
            var offset = FindVersionNeedFlags(image, MissingVersion);
            if (offset < 0)
            {
                Outcome = $"{LibraryName} does not need {MissingVersion}";
                return;
            }

            var flags = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(offset));
            if ((flags & WeakVersion) != 0)
            {
                Outcome = $"{MissingVersion} need already weak in bin/{LibraryName}";
                return;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(offset), (ushort)(flags | WeakVersion));
            var temporary = path + ".weak-" + Environment.ProcessId;
            File.WriteAllBytes(temporary, image);
            File.Move(temporary, path, overwrite: true);
            Outcome = $"{MissingVersion} need made weak in bin/{LibraryName}";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            // TorchSharp then fails to load and the run goes on without it, saying why.
            Outcome = $"could not patch {LibraryName}: {exception.Message}";
        }
    }

    /// <summary>
    /// The file offset of <c>vna_flags</c> of the version need named <paramref name="version"/> in a little-endian
    /// ELF64 image, or -1 when the image needs no such version.
    /// </summary>
    internal static int FindVersionNeedFlags(byte[] image, string version)
    {
        var elf = image.AsSpan();
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            throw new FormatException("not a little-endian ELF64 file");
        }

        var sectionTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]));
        int sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        for (var s = 0; s < sectionCount; s++)
        {
            var header = elf.Slice(sectionTable + s * sectionSize, sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != GnuVersionNeedSection)
            {
                continue;
            }

            var needs = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]));
            var stringSectionIndex = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            var needCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]);
            var stringHeader = elf.Slice(sectionTable + stringSectionIndex * sectionSize, sectionSize);
            var strings = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(stringHeader[0x18..]));

            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32;
            // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
            var need = needs;
            for (var n = 0; n < needCount; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[(need + 2)..]);
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 8)..]);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 8)..]);
                    var end = elf[name..].IndexOf((byte)0);
                    if (Encoding.ASCII.GetString(elf.Slice(name, end)) == version)
                    {
                        return aux + 4;
                    }

                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 12)..]);
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 12)..]);
            }
        }

        return -1;
    }
}
