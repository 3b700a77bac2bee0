using EdgeClassifier.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeClassifier.Security;

/// <summary>Registers the users shared by the device's network services.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Binds section <c>Users</c>, validates it at start, and registers the <see cref="UserStore"/> singleton (warning
    /// once when its password file is readable by other users). Every network service calls this; only the first
    /// call registers anything.
    /// </summary>
    public static IServiceCollection AddEdgeUsers(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(UserStore)))
        {
            return services;
        }

        services.AddOptions<UsersOptions>().BindSection(configuration, UsersOptions.SectionName, static (section, o) => section.Bind(o));
        services.AddSingleton<IValidateOptions<UsersOptions>, UsersOptionsValidator>();
        services.AddSingleton(provider =>
        {
            var store = UserStore.Load(provider.GetRequiredService<IOptions<UsersOptions>>().Value);
            if (store.Source is { } path)
            {
                SecretFiles.WarnIfReadableByOthers(path, "Users:PasswordFile",
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UserStore)));
            }

            return store;
        });
        return services;
    }
}
