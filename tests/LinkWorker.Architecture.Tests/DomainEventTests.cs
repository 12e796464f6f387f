using LinkWorker.Architecture.Tests.Rules;

namespace LinkWorker.Architecture.Tests;

/// <summary>
/// A guide's counter of open cases changes in one place: the handler of the case events. Use-case handlers change the
/// case and let its events do the rest, so they never reach for the counter themselves.
/// </summary>
public sealed class DomainEventTests
{
    private static readonly Type Capacity = Layers.Application.GetType("LinkWorker.Application.Common.Routing.GuideCapacity", throwOnError: true)!;

    private static readonly Type Owner = Layers.Application.GetType("LinkWorker.Application.Common.Routing.GuideLoadFollowsCases", throwOnError: true)!;

    [Fact]
    public void Only_the_guide_load_handler_touches_the_capacity_counter()
    {
        var others = Layers.Application.GetTypes()
            .Where(t => !Within(t, Capacity) && !Within(t, Owner) && t != typeof(LinkWorker.Application.DependencyInjection))
            .ToList();

        DatabaseAccessRules.SignatureViolations(others, t => t == Capacity).Should().BeEmpty();
        DatabaseAccessRules.MethodBodyViolations(others, t => t == Capacity).Should().BeEmpty();
    }

    [Fact]
    public void The_rule_sees_the_owner_use_the_counter() =>
        DatabaseAccessRules.SignatureViolations([Owner], t => t == Capacity).Should().NotBeEmpty();

    // The type or one of its nested (compiler-generated) types.
    private static bool Within(Type type, Type outer)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (t == outer)
            {
                return true;
            }
        }

        return false;
    }
}
