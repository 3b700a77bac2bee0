using EdgeClassifier.Hardware.Camera.ImageDecoding;

namespace EdgeClassifier.Barcodes;

/// <summary>Loads an image file (JPEG, PNG, BMP, WebP) as luma for the barcode reader.</summary>
public static class BarcodeImageFile
{
    /// <summary>Decodes <paramref name="path"/>; transparent parts count as white paper, as on a printed label.</summary>
    /// <exception cref="ImageDecodeException">The file is missing, unreadable or not an image.</exception>
    public static LumaImage Load(string path)
    {
        DecodedImage decoded = ImageFileDecoder.Decode(path, TransparentPixels.OnWhite);
        var luma = new LumaImage();
        luma.CopyFrom(decoded.View, regionOfInterest: null, sequence: 0, DateTimeOffset.UtcNow);
        return luma;
    }
}
