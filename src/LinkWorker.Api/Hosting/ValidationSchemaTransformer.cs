using System.Globalization;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LinkWorker.Api.Hosting;

/// <summary>
/// Writes the limits of a request's FluentValidation rules into its OpenAPI schema (maxLength, minLength, minimum,
/// maximum, required), so the document and the validators cannot drift apart: the rules are written once.
/// </summary>
internal sealed class ValidationSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Properties is not { Count: > 0 } properties)
        {
            return Task.CompletedTask;
        }

        using var scope = context.ApplicationServices.CreateScope();
        if (scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(context.JsonTypeInfo.Type)) is not IValidator validator)
        {
            return Task.CompletedTask;
        }

        foreach (var member in validator.CreateDescriptor().GetMembersWithValidators())
        {
            // Rules on a nested member ("Consent.ObtainedBy") belong to the nested type's schema.
            if (member.Key.Contains('.', StringComparison.Ordinal) ||
                !properties.TryGetValue(JsonNamingPolicy.CamelCase.ConvertName(member.Key), out var found) || found is not OpenApiSchema property)
            {
                continue;
            }

            foreach (var (rule, options) in member)
            {
                Apply(rule, property);
                if (rule is INotNullValidator or INotEmptyValidator && !options.HasCondition && !options.HasAsyncCondition)
                {
                    schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
                    schema.Required.Add(JsonNamingPolicy.CamelCase.ConvertName(member.Key));
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void Apply(IPropertyValidator rule, OpenApiSchema property)
    {
        switch (rule)
        {
            case ILengthValidator length:
                if (length.Max > 0)
                {
                    property.MaxLength = length.Max;
                }

                if (length.Min > 0)
                {
                    property.MinLength = length.Min;
                }

                break;
            case IBetweenValidator between when IsNumber(between.From) && IsNumber(between.To):
                property.Minimum = Number(between.From);
                property.Maximum = Number(between.To);
                break;
            case IComparisonValidator { Comparison: Comparison.GreaterThanOrEqual } min when IsNumber(min.ValueToCompare):
                property.Minimum = Number(min.ValueToCompare);
                break;
            case IComparisonValidator { Comparison: Comparison.LessThanOrEqual } max when IsNumber(max.ValueToCompare):
                property.Maximum = Number(max.ValueToCompare);
                break;
        }
    }

    private static bool IsNumber(object? value) => value is int or long or short or decimal or double or float;

    private static string Number(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
