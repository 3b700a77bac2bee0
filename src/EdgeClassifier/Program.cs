using EdgeClassifier.Cli;
using EdgeClassifier.Inference;

// Before any command can load ONNX Runtime: it reads the variable once, when it initialises.
OnnxRuntimeTelemetry.OptOutUnlessChosen();
return CliApp.Run(args);
