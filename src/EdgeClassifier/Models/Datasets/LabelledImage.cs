namespace EdgeClassifier.Models.Datasets;

/// <summary>One image file of a dataset.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Folder">The label folder it sits in (its name, as on disk).</param>
/// <param name="Group">
/// What the file belongs with when a dataset is split: the subfolder of the label folder it sits in (a burst or
/// crops of one photo), or the file itself. Files of one group always land on the same side of a split.
/// </param>
public sealed record LabelledImage(string Path, string Folder, string Group);
