using System.Text.Json.Serialization;

namespace EdgeClassifier.Web;

/// <summary>
/// The JSON metadata for the plain-text answers the endpoints give as values (<c>Results.NotFound("collecting is
/// off")</c>, <c>Results.BadRequest(help)</c>), generated at compile time: a Native AOT build has no reflection
/// serializer to fall back on, and answered those with a 500.
/// </summary>
[JsonSerializable(typeof(string))]
internal sealed partial class WebTextJson : JsonSerializerContext;
