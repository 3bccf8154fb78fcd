using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Compliance.Rules.Files;

/// <summary>What kind of file system object a path or an open handle is: a regular file, a folder, a named pipe, a
/// device, a socket. .NET has no public API for this (dotnet/runtime#85148): <see cref="FileSystemInfo.Attributes"/>
/// reports a named pipe or <c>/dev/zero</c> as a normal file, and opening a named pipe for reading blocks until someone
/// writes to it. On Unix this asks <c>stat</c>/<c>lstat</c>/<c>fstat</c> through the runtime's own native shim, the
/// library .NET itself uses for these calls, so that no layout of the C library's <c>struct stat</c> is assumed.</summary>
internal static class FileKinds
{
    /// <summary>The kinds of file system object.</summary>
    public enum Kind
    {
        /// <summary>The path does not exist, or its kind could not be read.</summary>
        Unknown,

        /// <summary>A regular file: the only kind that is read.</summary>
        RegularFile,

        /// <summary>A folder.</summary>
        Directory,

        /// <summary>A symbolic link (only from <see cref="OfLink"/>).</summary>
        SymbolicLink,

        /// <summary>A named pipe (FIFO).</summary>
        NamedPipe,

        /// <summary>A character device, such as <c>/dev/zero</c>.</summary>
        CharacterDevice,

        /// <summary>A block device, such as a disk.</summary>
        BlockDevice,

        /// <summary>A Unix domain socket.</summary>
        Socket,
    }

    /// <summary>The kind of what <paramref name="path"/> names, following links.</summary>
    public static Kind Of(string path) => Query(path, follow: true);

    /// <summary>The kind of <paramref name="path"/> itself: a link is <see cref="Kind.SymbolicLink"/>.</summary>
    public static Kind OfLink(string path) => Query(path, follow: false);

    /// <summary>The kind of the file an open handle refers to.</summary>
    public static Kind Of(SafeFileHandle handle)
    {
        if (OperatingSystem.IsWindows())
        {
            return File.GetAttributes(handle).HasFlag(FileAttributes.Directory) ? Kind.Directory : Kind.RegularFile;
        }

        return NativeMethods.FStat(handle, out var status) == 0 ? FromMode(status.Mode) : Kind.Unknown;
    }

    /// <summary>The owner's, group's and others' permission bits of a file, and its owner's user id (Unix only).</summary>
    public static (int Mode, uint Owner)? Permissions(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return NativeMethods.LStat(path, out var status) == 0 ? (status.Mode & 0xFFF, status.Uid) : null;
    }

    /// <summary>Says what <paramref name="kind"/> is, in words: <c>a named pipe</c>.</summary>
    public static string Describe(Kind kind) => kind switch
    {
        Kind.RegularFile => "a regular file",
        Kind.Directory => "a folder",
        Kind.SymbolicLink => "a symbolic link",
        Kind.NamedPipe => "a named pipe",
        Kind.CharacterDevice => "a character device",
        Kind.BlockDevice => "a block device",
        Kind.Socket => "a socket",
        _ => "of an unknown kind",
    };

    private static Kind Query(string path, bool follow)
    {
        if (OperatingSystem.IsWindows())
        {
            var info = new FileInfo(path);
            if (!info.Exists && !System.IO.Directory.Exists(path))
            {
                return Kind.Unknown;
            }

            return !follow && info.LinkTarget is not null ? Kind.SymbolicLink
                : info.Attributes.HasFlag(FileAttributes.Directory) ? Kind.Directory
                : info.Attributes.HasFlag(FileAttributes.Device) ? Kind.CharacterDevice
                : Kind.RegularFile;
        }

        var result = follow ? NativeMethods.Stat(path, out var status) : NativeMethods.LStat(path, out status);
        return result == 0 ? FromMode(status.Mode) : Kind.Unknown;
    }

    private static Kind FromMode(int mode) => (mode & 0xF000) switch
    {
        0x8000 => Kind.RegularFile,
        0x4000 => Kind.Directory,
        0xA000 => Kind.SymbolicLink,
        0x1000 => Kind.NamedPipe,
        0x2000 => Kind.CharacterDevice,
        0x6000 => Kind.BlockDevice,
        0xC000 => Kind.Socket,
        _ => Kind.Unknown,
    };

    /// <summary>The shim's <c>FileStatus</c>: its first fields are the flags, the whole <c>st_mode</c> (type and
    /// permission bits, with the POSIX values on every Unix the runtime supports) and the owner's ids. The struct is
    /// declared larger than the shim's, which writes only its own fields.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
    }

    private static class NativeMethods
    {
        private const string SystemNative = "libSystem.Native";

        [DllImport(SystemNative, EntryPoint = "SystemNative_Stat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

        [DllImport(SystemNative, EntryPoint = "SystemNative_LStat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

        [DllImport(SystemNative, EntryPoint = "SystemNative_FStat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int FStat(SafeFileHandle handle, out FileStatus status);
    }
}
