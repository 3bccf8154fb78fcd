global using NUnit.Framework;
global using ChatGateway;
