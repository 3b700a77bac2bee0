using EdgeClassifier.Cli;

return CliApp.Run(args);
