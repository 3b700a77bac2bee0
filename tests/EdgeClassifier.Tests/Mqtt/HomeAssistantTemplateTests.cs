using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeClassifier.Tests.Mqtt;

/// <summary>
/// Every template in the discovery config, rendered with the real Jinja2 (strict undefined) against what the real
/// service published on the topic the template reads, and the per-frame classification stream of the real service.
/// </summary>
[Collection(MqttCollection.Name)]
public sealed class HomeAssistantTemplateTests(RealServicePayloads service) : IClassFixture<RealServicePayloads>
{
    /// <summary>Which topic key of a component feeds each template key (Home Assistant's abbreviations).</summary>
    private static readonly Dictionary<string, string> TopicOfTemplate = new()
    {
        ["val_tpl"] = "stat_t",
        ["avty_tpl"] = "avty_t",
        ["json_attr_tpl"] = "json_attr_t",
    };

    [Fact]
    public async Task Every_discovery_template_gives_a_value_from_the_payloads_the_real_service_publishes()
    {
        var discovery = JsonNode.Parse(await service.LatestAsync(service.DiscoveryTopic))!;
        Assert.Contains($"{RealServicePayloads.DeviceId}_barcode", discovery["cmps"]!.AsObject().Select(c => c.Key));
        var payloads = new Dictionary<string, string>();
        foreach (string topic in discovery["cmps"]!.AsObject()
            .SelectMany(c => TopicOfTemplate.Values.Select(key => (string?)c.Value![key]))
            .OfType<string>().Distinct())
        {
            payloads[topic] = topic == $"{service.Base}/availability" ? await OnlineAsync(topic)
                : topic == $"{service.Base}/stats" ? await service.LatestAsync(topic, s => (long?)s["framesProcessed"] > 0)
                : await service.LatestAsync(topic);
        }

        foreach (var (key, component) in discovery["cmps"]!.AsObject())
        {
            int rendered = 0;
            foreach (var (field, value) in component!.AsObject())
            {
                if (!field.EndsWith("_tpl", StringComparison.Ordinal) && !field.EndsWith("_template", StringComparison.Ordinal))
                {
                    continue;
                }

                Assert.True(TopicOfTemplate.TryGetValue(field, out string? topicKey), $"{key}.{field}: which topic feeds it? Add it to the map.");
                string topic = (string)component[topicKey]!;
                string payload = payloads[topic];
                string output = Jinja2.Render((string)value!, payload).Trim();
                Assert.False(string.IsNullOrEmpty(output), $"{key}.{field} rendered nothing from {payload}");
                rendered++;
                if (field == "val_tpl" && component["stat_cla"] is not null)
                {
                    Assert.True(double.TryParse(output, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                        $"{key} is a measurement but rendered '{output}' from {payload}");
                }

                if (field == "val_tpl" && (string?)component["p"] == "update")
                {
                    Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(output)!["installed_version"]), $"{key}: no installed version in {output}");
                }
            }

            Assert.True(rendered >= (component["stat_t"] is null ? 1 : 2), $"{key}: only {rendered} template(s) rendered");

            // An attributes topic without a template must carry a JSON object (Home Assistant ignores anything else).
            if (component["json_attr_t"] is { } attributes && component["json_attr_tpl"] is null)
            {
                Assert.IsType<JsonObject>(JsonNode.Parse(payloads[(string)attributes!]));
            }
        }

        Assert.Equal("online", Jinja2.Render((string)discovery["cmps"]![$"{RealServicePayloads.DeviceId}_label"]!["avty_tpl"]!, "online"));
    }

    [Fact]
    public async Task Run_publishes_the_classification_stream_rate_limited_with_each_frame_s_own_result()
    {
        string first = await service.LatestAsync($"{service.Base}/classification");
        var sample = JsonNode.Parse(first)!;
        foreach (string field in new[] { "label", "index", "score", "ambiguous", "top", "model", "frame", "sequence", "timestamp" })
        {
            Assert.True(sample.AsObject().ContainsKey(field), $"classification lacks {field}: {first}");
        }

        // Count arrivals over a window after the stream started: at most the configured rate (plus the few a busy
        // machine may let queue up), and more than one, so frames keep coming between decision changes.
        DateTime from = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(6));
        DateTime to = DateTime.UtcNow;
        int streamed = service.Arrivals.Count(a => a.Topic == $"{service.Base}/classification" && a.At >= from && a.At <= to);
        double seconds = (to - from).TotalSeconds;
        Assert.InRange(streamed, 2, (int)Math.Ceiling(seconds * RealServicePayloads.ClassificationsPerSecond) + 4);

        var sequences = service.Probe.Messages.Where(m => m.Topic == $"{service.Base}/classification")
            .Select(m => (long)JsonNode.Parse(m.Text)!["sequence"]!).ToList();
        Assert.Equal(sequences.Order(), sequences);

        var stats = JsonNode.Parse(await service.LatestAsync($"{service.Base}/stats"))!;
        Assert.NotNull(stats["mqtt"]!["classificationsDropped"]);
        Assert.Equal(0, (long)stats["outputs"]!["mqtt"]!["dropped"]!);
    }

    private async Task<string> OnlineAsync(string topic)
    {
        await service.Probe.WaitForAsync(topic, m => m.Text == "online", seconds: 120);
        return "online";
    }
}
