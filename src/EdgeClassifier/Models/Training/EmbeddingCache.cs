using System.Security.Cryptography;
using System.Text;

namespace EdgeClassifier.Models.Training;

/// <summary>
/// Embeddings kept on disk between training runs: one file per (backbone, image content, seed) holding the
/// embedding of the image and of each augmented copy in order. Keys are content hashes, so renamed or moved images
/// still hit and edited ones miss.
/// </summary>
public sealed class EmbeddingCache
{
    // Bump when the augmentation or the file format changes, so stale entries are not read.
    private const int FormatVersion = 1;
    private readonly string? _directory;

    /// <param name="root">The cache folder; null disables caching.</param>
    /// <param name="backbone">The backbone whose embeddings are stored.</param>
    /// <param name="preprocessing">Anything else that changes the embeddings (e.g. the resize mode).</param>
    public EmbeddingCache(string? root, BackboneGraph backbone, string preprocessing)
    {
        if (root is null)
        {
            return;
        }

        byte[] key = SHA256.HashData([.. backbone.FileBytes, .. Encoding.UTF8.GetBytes($"|{backbone.EmbeddingName}|{preprocessing}|v{FormatVersion}")]);
        _directory = Path.Combine(root, Convert.ToHexStringLower(key)[..16]);
    }

    /// <summary>The default cache folder: $XDG_CACHE_HOME/edgeclassifier/embeddings, else ~/.cache/edgeclassifier/embeddings.</summary>
    public static string DefaultRoot
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string baseDirectory = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(baseDirectory, "edgeclassifier", "embeddings");
        }
    }

    /// <summary>The first <paramref name="count"/> stored embeddings, or null when fewer are stored.</summary>
    public float[][]? TryRead(string imageHash, int seed, int count)
    {
        if (_directory is null || !File.Exists(EntryPath(imageHash, seed)))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(EntryPath(imageHash, seed)));
            int dimension = reader.ReadInt32();
            int stored = reader.ReadInt32();
            if (stored < count || dimension <= 0)
            {
                return null;
            }

            var embeddings = new float[count][];
            for (int i = 0; i < count; i++)
            {
                byte[] bytes = reader.ReadBytes(dimension * sizeof(float));
                if (bytes.Length != dimension * sizeof(float))
                {
                    return null;
                }

                embeddings[i] = new float[dimension];
                Buffer.BlockCopy(bytes, 0, embeddings[i], 0, bytes.Length);
            }

            return embeddings;
        }
        catch (IOException)
        {
            // A damaged entry is recomputed and overwritten.
            return null;
        }
    }

    /// <summary>Stores the embeddings of one image (all of the same length); failures only cost a recomputation later.</summary>
    public void Write(string imageHash, int seed, float[][] embeddings)
    {
        if (_directory is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(_directory);
            string path = EntryPath(imageHash, seed);
            string temporary = path + ".tmp";
            using (var writer = new BinaryWriter(File.Create(temporary)))
            {
                writer.Write(embeddings[0].Length);
                writer.Write(embeddings.Length);
                foreach (float[] embedding in embeddings)
                {
                    foreach (float value in embedding)
                    {
                        writer.Write(value);
                    }
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"edgeclassifier: warning: cannot write the embedding cache in {_directory} ({ex.Message})");
        }
    }

    /// <summary>The content hash used as an image's key.</summary>
    public static string HashImage(byte[] fileBytes) => Convert.ToHexStringLower(SHA256.HashData(fileBytes));

    private string EntryPath(string imageHash, int seed) => Path.Combine(_directory!, $"{imageHash}-{seed}.f32");
}
