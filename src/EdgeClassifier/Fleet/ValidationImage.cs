using EdgeClassifier.Hardware.Camera.ImageDecoding;

namespace EdgeClassifier.Fleet;

/// <summary>An image of the validation dataset with the label index the candidate should give it.</summary>
public sealed record ValidationImage(DecodedImage Image, int Expected);
