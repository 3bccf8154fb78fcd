using System.Text;
using Compliance.Cli;

using var stdin = new StandardInput(Console.OpenStandardInput());
using var stdout = new StreamWriter(StandardStreams.OpenOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16) { AutoFlush = false };
using var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };

// Run flushes standard output and reports a failure to write it; nothing is left in the buffers after that.
return CliApp.Run(args, stdin, stdout, stderr, CliEnvironment.FromConsole());
