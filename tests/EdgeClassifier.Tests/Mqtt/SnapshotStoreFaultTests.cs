using EdgeClassifier.Outputs.Snapshots;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>The snapshot directory after a crash, and when it is shared with other files.</summary>
public sealed class SnapshotStoreFaultTests
{
    [Fact]
    public void Temporary_files_a_crash_left_behind_are_deleted_at_start_and_no_others()
    {
        using var directory = new TempDirectory();
        var options = new SnapshotOptions { Directory = directory.File("snapshots") };
        Directory.CreateDirectory(options.Directory);
        string leftover = Path.Combine(options.Directory, "20260101T120000.000Z_00000042_cat.jpg.tmp");
        string foreign = Path.Combine(options.Directory, "upload.jpg.tmp");
        File.WriteAllBytes(leftover, [0xFF, 0xD8]);
        File.WriteAllBytes(foreign, [1]);

        _ = new SnapshotStore(options, TimeProvider.System);

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public void Retention_deletes_only_files_the_store_wrote()
    {
        using var directory = new TempDirectory();
        var options = new SnapshotOptions { Directory = directory.File("snapshots"), MaxFiles = 2, MaxAgeHours = 1 };
        Directory.CreateDirectory(options.Directory);
        string[] foreign = ["holiday.jpg", "zz_latest.jpg", "20200101T000000.000Z_cover.jpg"];
        foreach (string name in foreign)
        {
            string path = Path.Combine(options.Directory, name);
            File.WriteAllBytes(path, [1]);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-30));
        }

        var store = new SnapshotStore(options, TimeProvider.System);
        var written = Enumerable.Range(1, 4).Select(i => store.Save([0xFF, 0xD8, (byte)i], "cat", i)).ToList();

        var left = Directory.GetFiles(options.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(foreign.Concat(written.Skip(2)).Order(StringComparer.Ordinal), left);
    }
}
