using System.Globalization;
using EdgeClassifier.Tests.Inference;

// Writes a model the tests build in memory to a file, for test runs outside the .NET test process: the systemd VM
// run (scripts/vm/systemd-run.sh) needs the MatMul-chain model whose one inference takes seconds, to make the service's
// stuck-inference watchdog fire under a real systemd.
//
//   EdgeClassifier.TestModels matmul-chain DIR SIZE MULTIPLICATIONS    → DIR/matmul-chain.onnx and DIR/colours.txt
if (args is ["matmul-chain", string directory, string size, string multiplications]
    && int.TryParse(size, CultureInfo.InvariantCulture, out int n) && n > 0
    && int.TryParse(multiplications, CultureInfo.InvariantCulture, out int count) && count > 0)
{
    Directory.CreateDirectory(directory);
    Console.WriteLine(TinyOnnxModels.MatMulChainClassifier(directory, n, count));
    return 0;
}

Console.Error.WriteLine("usage: EdgeClassifier.TestModels matmul-chain DIR SIZE MULTIPLICATIONS");
return 2;
