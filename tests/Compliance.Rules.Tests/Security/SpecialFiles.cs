using System.Diagnostics;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>Named pipes for the tests, and a bound on work that would block forever if a pipe were opened.</summary>
internal static class SpecialFiles
{
    /// <summary>Makes a named pipe (FIFO) with the system's <c>mkfifo</c>; opening it for reading blocks until a writer comes.</summary>
    public static string MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path }, UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start mkfifo");
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"mkfifo {path}");
        return path;
    }

    /// <summary>Runs <paramref name="work"/> on another thread and fails the test, rather than hanging it, when it does not
    /// finish within a generous limit. A reader left blocked on a pipe is released by opening the pipe for writing.</summary>
    public static T Bounded<T>(Func<T> work, params string[] fifos)
    {
        var task = Task.Run(work);
        if (task.Wait(TimeSpan.FromSeconds(60)))
        {
            return task.Result;
        }

        foreach (var fifo in fifos)
        {
            using var release = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        }

        Assert.Fail("the operation blocked (it opened a named pipe) and did not finish within 60 s");
        throw new UnreachableException();
    }
}
