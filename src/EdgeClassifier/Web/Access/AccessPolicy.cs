using System.Net;
using System.Text;
using EdgeClassifier.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EdgeClassifier.Web.Access;

/// <summary>
/// Decides what each request may do. Without users, loopback clients are operators (as the embedded broker trusts
/// loopback) and others get in only as viewers with <see cref="WebOptions.AllowAnonymousViewers"/>. With users,
/// everyone signs in with HTTP Basic (which scripts, the stream and Prometheus's <c>basic_auth</c> all speak) and
/// only <c>Users:Operators</c> get the controls. The metrics addresses serve only <c>/metrics</c> and health.
/// </summary>
public sealed class AccessPolicy(WebOptions options, UserStore users, IReadOnlySet<int> metricsPorts)
{
    private const string RoleKey = "edgeclassifier.role";
    private static readonly string Challenge = "Basic realm=\"EdgeClassifier\", charset=\"UTF-8\"";

    /// <summary>The middleware: answers 401/404 itself, else records the role and passes the request on.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        string path = context.Request.Path.Value ?? "/";
        bool health = path is "/healthz" or "/readyz";
        bool metricsOnly = metricsPorts.Contains(context.Connection.LocalPort);
        if (metricsOnly && !health && path != "/metrics")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        UserRole? role = Resolve(context, out bool badCredentials);
        bool anonymousAllowed = (health && IsLoopback(context)) || (metricsOnly && options.AllowAnonymousMetrics);
        if ((role is null && !anonymousAllowed) || badCredentials)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
            return;
        }

        context.Items[RoleKey] = role;
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The role the access middleware gave this request; null when it may only see health (or metrics).</summary>
    public static UserRole? RoleOf(HttpContext context) => context.Items[RoleKey] as UserRole?;

    private UserRole? Resolve(HttpContext context, out bool badCredentials)
    {
        badCredentials = false;
        if (TryReadBasic(context.Request, out string user, out string password))
        {
            UserRole? signedIn = users.Authenticate(user, password);
            badCredentials = signedIn is null;
            return signedIn;
        }

        if (!users.HasUsers && IsLoopback(context))
        {
            return UserRole.Operator;
        }

        return options.AllowAnonymousViewers ? UserRole.Viewer : null;
    }

    private static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static bool TryReadBasic(HttpRequest request, out string user, out string password)
    {
        (user, password) = (string.Empty, string.Empty);
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            (user, password) = (decoded[..colon], decoded[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
