using System.Text;
using Compliance.Cli;

var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var stdin = new StreamReader(Console.OpenStandardInput(), utf8);
using var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8, bufferSize: 1 << 16) { AutoFlush = false };
using var stderr = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };

var exitCode = CliApp.Run(args, stdin, stdout, stderr, CliEnvironment.FromConsole());
stdout.Flush();
return exitCode;
