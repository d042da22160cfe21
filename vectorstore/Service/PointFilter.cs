using System.Linq.Expressions;
using System.Text.Json;

namespace SkPlugins.VectorStore.Service;

/// <summary>Turns a JSON filter (<c>{"field": value, ...}</c>, all must hold) into the VectorData filter expression on
/// dynamic records that both stores translate: <c>r =&gt; (T?)r["field"] == value</c>, or for array fields
/// <c>((T[])r["field"]).Contains(value)</c>.</summary>
internal static class PointFilter
{
    private static readonly System.Reflection.MethodInfo s_item = typeof(Dictionary<string, object?>).GetMethod("get_Item")!;

    /// <summary>The expression, or null for no filter.</summary>
    public static Expression<Func<Dictionary<string, object?>, bool>>? Build(Dictionary<string, JsonElement>? filter, CollectionInfo info)
    {
        if (filter is null || filter.Count == 0)
        {
            return null;
        }

        var record = Expression.Parameter(typeof(Dictionary<string, object?>), "r");
        Expression? body = null;
        foreach (var (field, value) in filter)
        {
            if (!info.Fields.TryGetValue(field, out var typeName))
            {
                throw new ArgumentException($"filter field '{field}' is not a field of collection '{info.Name}' (fields: {string.Join(", ", info.Fields.Keys)})", nameof(filter));
            }

            var condition = Condition(Expression.Call(record, s_item, Expression.Constant(field)), FieldTypes.TypeOf(typeName), value, field);
            body = body is null ? condition : Expression.AndAlso(body, condition);
        }

        return Expression.Lambda<Func<Dictionary<string, object?>, bool>>(body!, record);
    }

    private static Expression Condition(Expression item, Type type, JsonElement value, string field)
    {
        var element = type.IsArray ? type.GetElementType() : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;
        if (element is not null)
        {
            var wanted = FieldTypes.Convert(value, element, field) ?? throw new ArgumentException($"filter field '{field}' cannot match null", nameof(value));
            var contains = typeof(Enumerable).GetMethods().First(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(element);
            return Expression.Call(contains, Expression.Convert(item, typeof(IEnumerable<>).MakeGenericType(element)), Expression.Constant(wanted, element));
        }

        var nullable = type.IsValueType && Nullable.GetUnderlyingType(type) is null ? typeof(Nullable<>).MakeGenericType(type) : type;
        return Expression.Equal(Expression.Convert(item, nullable), Expression.Constant(FieldTypes.Convert(value, type, field), nullable));
    }
}
