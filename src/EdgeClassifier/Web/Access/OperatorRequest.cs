using EdgeClassifier.Outputs.Mqtt;
using EdgeClassifier.Security;
using EdgeClassifier.Web.Endpoints;
using Microsoft.AspNetCore.Http;

namespace EdgeClassifier.Web.Access;

/// <summary>
/// The rule for every request that changes something (the controls, moving or deleting collected frames): operators
/// only, and the header <c>X-EdgeClassifier-Control: 1</c>, which a page of another site cannot add without the CORS
/// approval this server never gives — so a cross-site form cannot ride on a signed-in browser.
/// </summary>
public static class OperatorRequest
{
    /// <summary>The header that marks a request as coming from the page or a script, not a cross-site form.</summary>
    public const string RequiredHeader = "X-EdgeClassifier-Control";

    /// <summary>
    /// The answer for a request that may not change anything (403 for a viewer, 400 without the header, each as
    /// <c>{"ok":false,"error":...}</c>), or null when it may.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="what">What the request is, for the messages, in the plural (e.g. <c>controls</c>).</param>
    public static IResult? Refusal(HttpContext context, string what)
    {
        if (AccessPolicy.RoleOf(context) != UserRole.Operator)
        {
            return ApiEndpoints.Json(CommandResult.Fail($"{what} are for operators (Users:Operators)").ToJson(), StatusCodes.Status403Forbidden);
        }

        if (context.Request.Headers[RequiredHeader] != "1")
        {
            return ApiEndpoints.Json(CommandResult.Fail($"{what} need the header {RequiredHeader}: 1").ToJson(), StatusCodes.Status400BadRequest);
        }

        return null;
    }
}
