using System.Device.Gpio;
using System.Text;
using EdgeClassifier.Outputs.Gpio;
using Microsoft.Extensions.Configuration;
using static EdgeClassifier.Tests.Gpio.GpioTestKit;

namespace EdgeClassifier.Tests.Gpio;

/// <summary>GPIO rules with <c>When:Barcode</c>: a lamp or buzzer pulse per scanned code, as configured in JSON.</summary>
public sealed class BarcodeRuleTests
{
    private const string Section = """
        {
          "Gpio": {
            "Indicators": [
              { "Pin": 17, "DurationMs": 100, "When": { "Barcode": { "Format": "any" } } },
              { "Pin": 27, "DurationMs": 100, "When": { "Barcode": { "Format": "ean_13", "Match": "^590" } } },
              { "Pin": 22, "When": { "Label": "banana" } }
            ],
            "Buzzer": { "Pin": 13, "DurationMs": 100, "When": { "Barcode": { "Format": "QR_CODE" } } }
          }
        }
        """;

    [Fact]
    public async Task Each_matching_scan_pulses_its_line_and_decisions_do_not()
    {
        GpioOptions options = Bind(Section);
        Assert.Empty(GpioOptionsValidator.Validate(options, headerChip: 0));
        var (service, driver) = await StartAsync(options);
        using (service)
        {
            Assert.True(service.TryPostCode(new ScannedCode("5901234123457", "EAN_13")));
            Assert.True(WaitForLevel(driver, 17, PinValue.High));
            Assert.True(WaitForLevel(driver, 27, PinValue.High));
            Assert.True(WaitForLevel(driver, 17, PinValue.Low));
            Assert.True(WaitForLevel(driver, 27, PinValue.Low));

            // Another country prefix, then a QR code: the "any" lamp pulses each time, the 590 lamp never again.
            Assert.True(service.TryPostCode(new ScannedCode("4006381333931", "EAN_13")));
            Assert.True(service.TryPostCode(new ScannedCode("5901234123457", "QR_CODE")));
            Assert.True(WaitForLevel(driver, 13, PinValue.High));
            Assert.True(WaitForLevel(driver, 13, PinValue.Low));
            Post(service, Label("banana", 0.9f));
            Assert.True(WaitForLevel(driver, 22, PinValue.High));
            Thread.Sleep(200);
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Single(PulseWidths(driver, 27, PinValue.High));
        Assert.Single(PulseWidths(driver, 13, PinValue.High));
        Assert.InRange(PulseWidths(driver, 17, PinValue.High).Count, 2, 3); // two scans close together may share one pulse
        Assert.All(PulseWidths(driver, 27, PinValue.High), width => Assert.InRange(width, 80, 1000));
    }

    [Fact]
    public void Barcode_rules_with_unknown_formats_bad_patterns_or_mixed_with_labels_are_refused()
    {
        GpioOptions options = Bind("""
            {
              "Gpio": {
                "Indicators": [
                  { "Pin": 17, "When": { "Barcode": { "Format": "EAN13" } } },
                  { "Pin": 27, "When": { "Barcode": { "Match": "([" } } },
                  { "Pin": 22, "When": { "Label": "banana", "Barcode": { "Format": "Any" } } }
                ],
                "RgbLed": { "RedPin": 9, "GreenPin": 10, "BluePin": 11, "Rules": [ { "Color": "green", "When": { "Barcode": { "Format": "any" } } } ] }
              }
            }
            """);
        var errors = GpioOptionsValidator.Validate(options, headerChip: 0);
        Assert.Contains("Gpio:Indicators:0:When:Barcode:Format: 'EAN13' is not a symbology name as ZXing spells it (e.g. EAN_13, QR_CODE) nor any", errors);
        Assert.Contains(errors, e => e.StartsWith("Gpio:Indicators:1:When:Barcode:Match: '([' is not a regular expression", StringComparison.Ordinal));
        Assert.Contains("Gpio:Indicators:2:When: Barcode cannot be combined with Label, Ambiguous or NoMatch; a rule follows either decisions or scans", errors);
        Assert.Contains("Gpio:RgbLed:Rules:0:When:Barcode: a colour follows decisions; use an indicator or the buzzer for scans", errors);
        Assert.Equal(4, errors.Count);
    }

    private static GpioOptions Bind(string json)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var options = new GpioOptions();
        configuration.GetSection(GpioOptions.SectionName).Bind(options);
        return options;
    }
}
