namespace EdgeClassifier.Models.Import;

/// <summary>TFLite <c>BuiltinOperator</c> codes the importer maps, plus common ones it names in errors.</summary>
internal enum TfliteOperatorCode
{
    Add = 0,
    AveragePool2D = 1,
    Concatenation = 2,
    Conv2D = 3,
    DepthwiseConv2D = 4,
    Dequantize = 6,
    FullyConnected = 9,
    Logistic = 14,
    MaxPool2D = 17,
    Mul = 18,
    Relu = 19,
    Relu6 = 21,
    Reshape = 22,
    ResizeBilinear = 23,
    Softmax = 25,
    Tanh = 28,
    Custom = 32,
    Pad = 34,
    Transpose = 39,
    Mean = 40,
    Sub = 41,
    Div = 42,
    Squeeze = 43,
    StridedSlice = 45,
    Quantize = 114,
    HardSwish = 117,
    BatchMatmul = 126,
}

/// <summary>TFLite <c>TensorType</c> element types.</summary>
internal enum TfliteTensorType : sbyte
{
    Float32 = 0,
    Float16 = 1,
    Int32 = 2,
    UInt8 = 3,
    Int64 = 4,
    String = 5,
    Bool = 6,
    Int16 = 7,
    Complex64 = 8,
    Int8 = 9,
}

/// <summary>TFLite <c>Padding</c>: SAME pads so that output = ceil(input / stride).</summary>
internal enum TflitePadding : sbyte
{
    Same = 0,
    Valid = 1,
}

/// <summary>TFLite <c>ActivationFunctionType</c>, fused into the operator that produces a tensor.</summary>
internal enum TfliteActivation : sbyte
{
    None = 0,
    Relu = 1,
    ReluN1To1 = 2,
    Relu6 = 3,
    Tanh = 4,
    SignBit = 5,
}
