using LinkWorker.Application.Auth.IssueToken;
using LinkWorker.Application.Auth.RefreshToken;
using LinkWorker.Application.Me.GetMe;
using LinkWorker.Application.Referrals.GetReferral;
using LinkWorker.Application.Referrals.ListReferrals;
using LinkWorker.Application.Referrals.SubmitReferral;
using LinkWorker.Architecture.Tests.Rules;
using LinkWorker.Architecture.Tests.Samples.Requests.DoublyGuarded;
using LinkWorker.Architecture.Tests.Samples.Requests.MediatorShaped;
using LinkWorker.Architecture.Tests.Samples.Requests.Misfiled;
using LinkWorker.Architecture.Tests.Samples.Requests.Mutable;
using LinkWorker.Architecture.Tests.Samples.Requests.NotARecord;
using LinkWorker.Architecture.Tests.Samples.Requests.PublicHandler;
using LinkWorker.Architecture.Tests.Samples.Requests.TwiceHandled;
using LinkWorker.Architecture.Tests.Samples.Requests.Unguarded;
using LinkWorker.Architecture.Tests.Samples.Requests.Unhandled;
using LinkWorker.Architecture.Tests.Samples.Requests.WellFormed;

namespace LinkWorker.Architecture.Tests;

public sealed class RequestConventionTests
{
    private static readonly Type[] ApplicationTypes = Layers.Application.GetTypes();
    private static readonly IReadOnlyList<Type> Requests = RequestRules.RequestsIn(ApplicationTypes);

    // The samples live in this test assembly; every sample handler and validator is a candidate.
    private static readonly Type[] SampleTypes = Layers.Tests.GetTypes()
        .Where(t => t.Namespace?.StartsWith("LinkWorker.Architecture.Tests.Samples.Requests", StringComparison.Ordinal) == true)
        .ToArray();

    [Fact]
    public void The_scan_finds_every_application_request() =>
        Requests.Should().Contain(
        [
            typeof(SubmitReferralCommand), typeof(GetReferralQuery), typeof(ListReferralsQuery), typeof(GetMeQuery),
            typeof(IssueTokenCommand), typeof(RefreshTokenCommand),
        ]);

    [Fact]
    public void Every_request_is_a_mediator_IRequest() =>
        RequestRules.NotPlainRequests(Requests).Should().BeEmpty();

    [Fact]
    public void Request_scan_finds_mediator_commands_and_queries_with_their_handlers_and_the_shape_rule_catches_them()
    {
        Type[] shaped = [typeof(ShapedCommand), typeof(ShapedQuery)];

        RequestRules.RequestsIn(SampleTypes.Where(t => t.Namespace == typeof(ShapedCommand).Namespace)).Should().BeEquivalentTo(shaped);
        RequestRules.WithoutExactlyOneHandler(shaped, SampleTypes).Should().BeEmpty();
        RequestRules.NotPlainRequests(shaped).Should().HaveCount(2).And.OnlyContain(v => v.Contains("is not an IRequest<T>", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_request_declares_who_may_send_it() =>
        RequestRules.WithoutExactlyOneAuthorizationRule(Requests).Should().BeEmpty();

    [Fact]
    public void Every_request_is_an_immutable_record() =>
        RequestRules.NotImmutableRecords(Requests).Should().BeEmpty();

    [Fact]
    public void Every_request_has_exactly_one_handler_in_the_application() =>
        RequestRules.WithoutExactlyOneHandler(Requests, ApplicationTypes).Should().BeEmpty();

    [Fact]
    public void Request_handlers_are_internal() =>
        RequestRules.PublicHandlers(ApplicationTypes).Should().BeEmpty();

    [Fact]
    public void Commands_and_queries_live_in_their_feature_folder() =>
        RequestRules.OutsideTheirFeatureFolder(Requests).Should().BeEmpty();

    [Fact]
    public void Validators_are_internal_and_live_beside_their_request()
    {
        ApplicationTypes.Should().Contain(t => t.Name == "SubmitReferralValidator", "the rule must have validators to judge");
        RequestRules.MisplacedValidators(ApplicationTypes).Should().BeEmpty();
    }

    [Fact]
    public void Handlers_live_beside_their_request() =>
        RequestRules.MisplacedHandlers(ApplicationTypes).Should().BeEmpty();

    [Fact]
    public void Each_use_case_is_one_file_with_request_validator_and_handler()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "LinkWorker.Application");
        var files = Directory.GetFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(project, f))
            .Where(f => !f.StartsWith("obj", StringComparison.Ordinal) && !f.StartsWith("bin", StringComparison.Ordinal))
            .ToArray();

        files.Should().Contain(Path.Combine("Referrals", "SubmitReferral", "SubmitReferralCommand.cs"), "the rule must see the sources");
        RequestRules.SplitUseCaseFiles(files).Should().BeEmpty();
    }

    [Fact]
    public void Use_case_file_rule_catches_a_split_handler_and_validator() =>
        RequestRules.SplitUseCaseFiles(
            ["Cases/AssignCase/AssignCaseCommand.cs", "Cases/AssignCase/AssignCaseHandler.cs", "Cases/AssignCase/AssignCaseValidator.cs", "Conversations/ConversationInputValidator.cs"])
            .Should().HaveCount(2).And.OnlyContain(v => v.StartsWith("Cases/AssignCase/AssignCase", StringComparison.Ordinal));

    [Fact]
    public void Authorization_rule_catches_a_request_without_attributes() =>
        RequestRules.WithoutExactlyOneAuthorizationRule([typeof(UnguardedQuery)])
            .Should().ContainSingle().Which.Should().Contain("neither");

    [Fact]
    public void Authorization_rule_catches_a_request_with_both_attributes() =>
        RequestRules.WithoutExactlyOneAuthorizationRule([typeof(DoublyGuardedQuery)])
            .Should().ContainSingle().Which.Should().Contain("both");

    [Fact]
    public void Immutability_rule_catches_a_public_setter() =>
        RequestRules.NotImmutableRecords([typeof(MutableCommand)])
            .Should().ContainSingle().Which.Should().Contain("Note has a public setter");

    [Fact]
    public void Immutability_rule_catches_a_class_with_a_writable_field() =>
        RequestRules.NotImmutableRecords([typeof(NotARecordCommand)])
            .Should().BeEquivalentTo(
            [
                "LinkWorker.Architecture.Tests.Samples.Requests.NotARecord.NotARecordCommand is not a record",
                "LinkWorker.Architecture.Tests.Samples.Requests.NotARecord.NotARecordCommand.Name is a public writable field",
            ]);

    [Fact]
    public void Handler_rule_catches_a_request_without_a_handler() =>
        RequestRules.WithoutExactlyOneHandler([typeof(UnhandledQuery)], SampleTypes)
            .Should().ContainSingle().Which.Should().Contain("has 0 handlers");

    [Fact]
    public void Handler_rule_catches_a_request_with_two_handlers() =>
        RequestRules.WithoutExactlyOneHandler([typeof(TwiceHandledQuery)], SampleTypes)
            .Should().ContainSingle().Which.Should().Contain("has 2 handlers")
            .And.Contain(nameof(TwiceHandledHandler)).And.Contain(nameof(TwiceHandledOtherHandler));

    [Fact]
    public void Handler_rule_catches_a_public_handler() =>
        RequestRules.PublicHandlers(SampleTypes)
            .Should().Equal($"{typeof(PublicHandlerHandler).FullName} is public");

    [Fact]
    public void Feature_folder_rule_catches_a_misfiled_command_and_query() =>
        RequestRules.OutsideTheirFeatureFolder([typeof(ArchiveCaseCommand), typeof(FindCaseQuery)])
            .Should().HaveCount(2)
            .And.Contain(v => v.Contains("ending in .ArchiveCase", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("ending in .FindCase", StringComparison.Ordinal));

    [Fact]
    public void Validator_rule_catches_a_public_validator_and_one_filed_away_from_its_request() =>
        RequestRules.MisplacedValidators(SampleTypes)
            .Should().HaveCount(2)
            .And.Contain(v => v.Contains("PublicValidatorValidator is public", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("StrayValidatorValidator is in", StringComparison.Ordinal));

    [Fact]
    public void Every_request_rule_accepts_well_formed_requests()
    {
        Type[] requests = [typeof(WellFormedCommand), typeof(WellFormedQuery)];
        var feature = SampleTypes.Where(t => t.Namespace == typeof(WellFormedCommand).Namespace).ToArray();

        RequestRules.RequestsIn(feature).Should().BeEquivalentTo(requests);
        RequestRules.WithoutExactlyOneAuthorizationRule(requests).Should().BeEmpty();
        RequestRules.NotImmutableRecords(requests).Should().BeEmpty();
        RequestRules.NotPlainRequests(requests).Should().BeEmpty();
        RequestRules.WithoutExactlyOneHandler(requests, SampleTypes).Should().BeEmpty();
        RequestRules.PublicHandlers(feature).Should().BeEmpty();
        RequestRules.OutsideTheirFeatureFolder(requests).Should().BeEmpty();
        RequestRules.MisplacedValidators(feature).Should().BeEmpty();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LinkWorker.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LinkWorker.sln not found above " + AppContext.BaseDirectory);
    }
}
