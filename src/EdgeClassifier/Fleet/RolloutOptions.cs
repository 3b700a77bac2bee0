using System.Security.Cryptography;

namespace EdgeClassifier.Fleet;

/// <summary>
/// The model-rollout keys of configuration section <c>Model</c>: who may sign models, how a candidate is judged on
/// this board before it replaces the running one, and how large a download may be.
/// </summary>
public sealed class RolloutOptions
{
    /// <summary>The configuration section these keys live in.</summary>
    public const string Section = "Model";

    /// <summary>PEM file of an ECDSA P-256 public key; when set, every offered model must carry a signature by its key.</summary>
    public string? PublicKey { get; set; }

    /// <summary>A folder-per-label dataset a candidate is evaluated on; empty skips the accuracy check.</summary>
    public string? ValidationDataset { get; set; }

    /// <summary>Top-1 accuracy (0..1) a candidate needs on <see cref="ValidationDataset"/>.</summary>
    public double MinAccuracy { get; set; } = 0.5;

    /// <summary>Live frames a candidate is timed on (every other frame while the trial lasts).</summary>
    public int ValidationFrames { get; set; } = 30;

    /// <summary>Longest a trial may take before the candidate is rejected (no frames, paused camera).</summary>
    public int ValidationTimeoutSeconds { get; set; } = 120;

    /// <summary>Largest model or labels download accepted, in MiB.</summary>
    public int MaxDownloadMegabytes { get; set; } = 256;

    /// <summary>Every problem with these options, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(PublicKey) && LoadPublicKey(PublicKey, out string? problem) is null)
        {
            yield return $"Model:PublicKey: {problem}";
        }

        if (!string.IsNullOrWhiteSpace(ValidationDataset) && !Directory.Exists(ValidationDataset))
        {
            yield return $"Model:ValidationDataset: folder '{ValidationDataset}' does not exist.";
        }

        if (MinAccuracy is < 0 or > 1 || double.IsNaN(MinAccuracy))
        {
            yield return $"Model:MinAccuracy must be between 0 and 1, got {MinAccuracy}.";
        }

        if (ValidationFrames is < 5 or > 10_000)
        {
            yield return $"Model:ValidationFrames must be between 5 and 10000, got {ValidationFrames}.";
        }

        if (ValidationTimeoutSeconds is < 5 or > 3600)
        {
            yield return $"Model:ValidationTimeoutSeconds must be between 5 and 3600, got {ValidationTimeoutSeconds}.";
        }

        if (MaxDownloadMegabytes is < 1 or > 16_384)
        {
            yield return $"Model:MaxDownloadMegabytes must be between 1 and 16384, got {MaxDownloadMegabytes}.";
        }
    }

    /// <summary>Reads the P-256 public key in PEM file <paramref name="path"/>, or says why it cannot.</summary>
    public static ECDsa? LoadPublicKey(string path, out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            problem = $"file '{path}' not found.";
            return null;
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                problem = $"'{path}' holds a {key.KeySize}-bit EC key; an ECDSA P-256 public key is required.";
                key.Dispose();
                return null;
            }

            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            problem = $"'{path}' is not a PEM ECDSA public key ({ex.Message}).";
            key.Dispose();
            return null;
        }
    }
}
