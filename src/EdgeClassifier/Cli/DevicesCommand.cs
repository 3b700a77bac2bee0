using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeClassifier.Hardware.Camera.V4l2;

using EdgeClassifier.Hosting;

namespace EdgeClassifier.Cli;

/// <summary><c>edgeclassifier devices [--json]</c>: lists the V4L2 capture devices with their formats, sizes and rates.</summary>
public static partial class DevicesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the devices as a JSON array." };
        var command = new Command("devices", "List video capture devices (/dev/video*): driver, card, bus, formats, sizes and frame rates.");
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var devices = VideoDeviceCatalog.List();
            Console.Out.Write(parse.GetValue(json) ? FormatJson(devices) : FormatTable(devices));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string FormatJson(IReadOnlyList<VideoDeviceInfo> devices) =>
        JsonSerializer.Serialize(devices, DevicesJson.Default.IReadOnlyListVideoDeviceInfo) + Environment.NewLine;

    internal static string FormatTable(IReadOnlyList<VideoDeviceInfo> devices)
    {
        if (devices.Count == 0)
        {
            return "No video capture devices found (/dev/video*). The synthetic camera is used when none is configured." + Environment.NewLine;
        }

        var text = new System.Text.StringBuilder();
        foreach (var device in devices)
        {
            if (device.Error is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{device.Path}  ({device.Error})");
                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"{device.Path}  {device.Card}  (driver {device.Driver}, bus {device.Bus})");
            foreach (var format in device.Formats)
            {
                string support = format.Supported ? string.Empty : "  [not supported by edgeclassifier]";
                text.AppendLine(CultureInfo.InvariantCulture, $"  {format.FourCc,-4}  {format.Description}{support}");
                foreach (var size in format.Sizes)
                {
                    string rates = string.Join(", ", size.FramesPerSecond.Select(r => r.ToString("0.###", CultureInfo.InvariantCulture)));
                    text.AppendLine(CultureInfo.InvariantCulture, $"        {size.Width,5}x{size.Height,-5} {(rates.Length == 0 ? "?" : rates)} fps");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Serialisation written at compile time (camelCase, indented): no reflection, so Native AOT builds list devices too.</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
    [JsonSerializable(typeof(IReadOnlyList<VideoDeviceInfo>))]
    private sealed partial class DevicesJson : JsonSerializerContext;
}
