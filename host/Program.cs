using Modular.Host.Cli;

return await ModularCli.RunAsync(args);
